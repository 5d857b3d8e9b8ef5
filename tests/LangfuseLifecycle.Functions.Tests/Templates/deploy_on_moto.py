"""Deploys template.yaml on moto's CloudFormation the way `sam deploy` would, and prints what was created.

Usage: deploy_on_moto.py <endpoint> <template.yaml> <backend.yaml> <artifacts-dir> <parameters.json> <stack-name>

What sam does, done here: the function code (the directory `make build-<Id>` filled) is zipped and uploaded to S3, the
ASL definition and the nested template too, and the Serverless transform runs (aws-sam-translator, as cfn-lint and the
CloudFormation service use it). What moto cannot do is listed in "skipped" and checked structurally instead:
  * resource types moto does not implement (SKIPPED_TYPES) are removed, and references to them replaced by stand-ins;
  * conditions are resolved before create_stack (moto crashes on an Fn::If giving AWS::NoValue in a role's Policies);
  * nested stack outputs cannot be read with GetAtt in moto, so the nested stacks are created first on their own (the
    backend only in create mode; the observability stack always) and the parent's GetAtt <Stack>.Outputs.X become their
    real outputs. The observability stack's parameters that name parent resources (which do not exist yet) get stand-ins;
  * Custom::LiveDesiredCount needs Docker in moto: its inline code runs in-process against moto, and the answer it PUTs
    to CloudFormation's ResponseURL is read back as the resource's DesiredCount.
"""
import contextlib
import copy
import io
import json
import os
import re
import sys
import time
import types
import zipfile

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cfn_intrinsics  # noqa: E402

SKIPPED_TYPES = {
    "AWS::Scheduler::ScheduleGroup", "AWS::Scheduler::Schedule", "AWS::IAM::RolePolicy", "AWS::SecretsManager::Secret",
    "AWS::ElastiCache::SubnetGroup", "AWS::ElastiCache::ParameterGroup", "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElastiCache::CacheCluster", "AWS::ServiceDiscovery::PrivateDnsNamespace", "AWS::ServiceDiscovery::Service",
    "AWS::AppRunner::VpcConnector", "AWS::S3::BucketPolicy", "AWS::EFS::AccessPoint", "AWS::Backup::BackupPlan",
    # moto resolves a GetAtt only to a resource created before it, and the topic policy names the alarms defined after it.
    "AWS::SNS::TopicPolicy", "AWS::CloudWatch::Alarm",
    # ImagePullThroughCache=ENABLED with a Docker Hub credential.
    "AWS::ECR::PullThroughCacheRule",
}
BUCKET = "sam-artifacts"
# Attributes moto's CloudFormation cannot give (AttributeError: no get_cfn_attribute): built from the Ref as AWS does.
GETATT_SHIMS = {
    ("AWS::EFS::FileSystem", "Arn"): "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${Id}",
}


def client(name, endpoint):
    return boto3.client(name, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def stand_in(logical_id, resource, attribute=None):
    kind = resource["Type"]
    if kind == "AWS::Scheduler::ScheduleGroup":
        return "stand-in-schedule-group"
    if attribute == "Arn" or kind.endswith("Secret") or kind.endswith("VpcConnector"):
        return f"arn:aws:{kind.split('::')[1].lower()}:us-east-1:123456789012:stand-in/{logical_id}"
    return f"stand-in-{logical_id}-{attribute or 'ref'}".lower()


class Preparer(cfn_intrinsics.Resolver):
    """Resolves parameters and conditions only; Ref/GetAtt/Sub of real resources stay for moto to resolve."""

    def __init__(self, template, values, outputs):
        # Pseudo parameters stay for moto too: the stack's own name, region and account.
        super().__init__(template, values, {})
        self.outputs = outputs
        self.shimmed = set()
        self.skipped = {name for name, r in template["Resources"].items() if r["Type"] in SKIPPED_TYPES}

    def ref(self, name):
        if name in self.skipped:
            return stand_in(name, self.template["Resources"][name])
        return self.params[name] if name in self.params else {"Ref": name}

    def get_att(self, logical_id, attribute):
        if attribute.startswith("Outputs."):
            return self.outputs[logical_id][attribute[len("Outputs."):]]
        if logical_id in self.skipped:
            return stand_in(logical_id, self.template["Resources"][logical_id], attribute)
        kind = self.template["Resources"][logical_id]["Type"]
        if (kind, attribute) in GETATT_SHIMS:
            self.shimmed.add(f"{logical_id}.{attribute} ({kind})")
            return {"Fn::Sub": [GETATT_SHIMS[(kind, attribute)], {"Id": {"Ref": logical_id}}]}
        return {"Fn::GetAtt": [logical_id, attribute]}

    def sub(self, text, variables):
        for name in list(self.params) + list(self.skipped):
            token = "${" + name + "}"
            if token in text and name not in variables:
                variables[name] = self.value({"Ref": name})
        for name in list(self.skipped) + list(self.outputs):
            for attribute in re.findall(r"\$\{" + re.escape(name) + r"\.([A-Za-z0-9.]+)\}", text):
                # ${Resource.Attribute} of a skipped resource or of a nested stack moto never sees: its value
                # (stand-in, or the nested stack's real output) goes into the text itself.
                text = text.replace("${%s.%s}" % (name, attribute), self.value({"Fn::GetAtt": [name, attribute]}))
        return {"Fn::Sub": [text, variables]} if variables else {"Fn::Sub": text}

    def skipped_live(self):
        """What moto cannot create and CloudFormation would, with these values: "<logical id> (<type>)"."""
        resources = self.template["Resources"]
        return sorted(f"{name} ({resources[name]['Type']})" for name in self.skipped if self.live(resources[name]))

    def prepare(self):
        result = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}, "Outputs": {}}
        for name, resource in self.template["Resources"].items():
            if not self.live(resource):
                continue
            if name in self.skipped:
                continue
            prepared = self.value({key: value for key, value in resource.items() if key != "Condition"})
            if "DependsOn" in prepared:
                depends = [d for d in (prepared["DependsOn"] if isinstance(prepared["DependsOn"], list) else [prepared["DependsOn"]]) if d not in self.skipped]
                prepared["DependsOn"] = depends
                if not depends:
                    del prepared["DependsOn"]
            result["Resources"][name] = prepared
        for name, output in self.template.get("Outputs", {}).items():
            if not self.live(output):
                continue
            result["Outputs"][name] = self.value({key: value for key, value in output.items() if key != "Condition"})
        return result


def nested_parameters(preparer, logical_id, stack):
    """The values the parent passes to a nested stack; references to parent resources (created later here) get stand-ins."""
    resources = preparer.template["Resources"]
    values = {}
    for name, node in resources[logical_id]["Properties"].get("Parameters", {}).items():
        value = preparer.value(node)
        if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str) and len(value) == 1:
            value = value["Fn::Sub"].replace("${AWS::StackName}", stack)
        elif isinstance(value, dict) and len(value) == 1 and ("Ref" in value or "Fn::GetAtt" in value):
            reference, attribute = (value["Ref"], None) if "Ref" in value else value["Fn::GetAtt"]
            value = stand_in(reference, resources[reference], attribute)
        if not isinstance(value, str):
            raise ValueError(f"{logical_id}.Parameters.{name}: cannot resolve {json.dumps(value)} before the parent exists")
        values[name] = value
    return values


def create_nested(cloudformation, template, values, name, report, report_key):
    """Creates a nested template as its own stack; returns its outputs."""
    preparer = Preparer(template, values, {})
    nested = preparer.prepare()
    report["skipped"][report_key] = preparer.skipped_live()
    cloudformation.create_stack(StackName=name, TemplateBody=json.dumps(nested), Capabilities=["CAPABILITY_IAM"])
    status = wait(cloudformation, name)
    described = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
    resources = cloudformation.list_stack_resources(StackName=name)["StackResourceSummaries"]
    report["stacks"][report_key] = {"status": status, "reason": described.get("StackStatusReason"),
                                    "resources": {r["LogicalResourceId"]: r["ResourceType"] for r in resources},
                                    "outputs": outputs}
    return outputs


def wait(cloudformation, stack):
    for _ in range(600):
        status = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
        if not status.endswith("IN_PROGRESS"):
            return status
        time.sleep(0.5)
    return "TIMEOUT"


def run_keepers(template, endpoint):
    """The nested stack's Custom::LiveDesiredCount code, in-process against moto: its answer becomes DesiredCount."""
    code = template["Resources"]["DesiredCountKeeperFunction"]["Properties"]["Code"]["ZipFile"]
    answers = {}
    import urllib.request
    sent = []
    real_urlopen = urllib.request.urlopen

    class Answer:
        def read(self):
            return b""

    urllib.request.urlopen = lambda request, timeout=None: sent.append(json.loads(request.data)) or Answer()
    try:
        sys.modules["boto3_for_keeper"] = boto3
        scope = {}
        source = code.replace("import boto3", "import boto3_for_keeper as boto3").replace(
            'boto3.client("ecs")', 'boto3.client("ecs", endpoint_url=%r, region_name="us-east-1")' % endpoint)
        exec(source, scope)
        # On AWS the keeper runs after the cluster (its Cluster property is a Ref to it); here the cluster comes first.
        client("ecs", endpoint).create_cluster(clusterName="lfltest")
        for name, resource in template["Resources"].items():
            if resource["Type"] != "Custom::LiveDesiredCount":
                continue
            with contextlib.redirect_stdout(sys.stderr):
                scope["handler"]({"RequestType": "Create", "ResponseURL": "http://localhost/", "StackId": "stack", "RequestId": name,
                                  "LogicalResourceId": name,
                                  "ResourceProperties": {"Cluster": "lfltest", "ServiceName": f"lfltest-{name}"}}, None)
            answers[name] = sent[-1]
    finally:
        urllib.request.urlopen = real_urlopen
    return answers


def main():
    endpoint, parent_path, backend_path, artifacts, values_path, stack = sys.argv[1:7]
    # moto accepts any credentials; the keeper's own boto3 client reads them from the environment.
    for name, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing")):
        os.environ.setdefault(name, value)
    values = json.load(open(values_path))
    s3 = client("s3", endpoint)
    s3.create_bucket(Bucket=BUCKET)
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w", zipfile.ZIP_DEFLATED) as archive:
        for root, _, files in os.walk(artifacts):
            for file in files:
                path = os.path.join(root, file)
                archive.write(path, os.path.relpath(path, artifacts))
    s3.put_object(Bucket=BUCKET, Key="functions.zip", Body=code.getvalue())
    s3.put_object(Bucket=BUCKET, Key="migration.asl.json",
                  Body=open(os.path.join(os.path.dirname(parent_path), "statemachines", "migration.asl.json"), "rb").read())

    parent = cfn_intrinsics.load(parent_path)
    for resource in parent["Resources"].values():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::Serverless::Function":
            properties["CodeUri"] = f"s3://{BUCKET}/functions.zip"
        if resource["Type"] == "AWS::Serverless::StateMachine":
            properties["DefinitionUri"] = f"s3://{BUCKET}/migration.asl.json"
    transformed = cfn_intrinsics.sam_transform(copy.deepcopy(parent))
    cloudformation = client("cloudformation", endpoint)
    report = {"skipped": {}, "stacks": {}}

    outputs = {}
    if values.get("BackendMode") == "create":
        backend = cfn_intrinsics.load(backend_path)
        # The nested stack gets exactly what the parent passes it.
        nested_values = nested_parameters(Preparer(transformed, values, {}), "BackendStack", stack)
        report["backendParameters"] = nested_values
        keepers = run_keepers(backend, endpoint)
        preparer = Preparer(backend, nested_values, {})
        nested = preparer.prepare()
        for name, answer in keepers.items():
            # The custom resource itself needs Docker in moto; the service reads the keeper's answer.
            del nested["Resources"][name]
            for resource in nested["Resources"].values():
                if resource.get("Properties", {}).get("DesiredCount") == {"Fn::GetAtt": [name, "DesiredCount"]}:
                    resource["Properties"]["DesiredCount"] = answer["Data"]["DesiredCount"]
        report["keepers"] = keepers
        report["skipped"]["BackendStack"] = preparer.skipped_live()
        report["shimmed"] = sorted(preparer.shimmed)
        nested_name = stack + "-BackendStack"
        cloudformation.create_stack(StackName=nested_name, TemplateBody=json.dumps(nested), Capabilities=["CAPABILITY_IAM"])
        status = wait(cloudformation, nested_name)
        described = cloudformation.describe_stacks(StackName=nested_name)["Stacks"][0]
        outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
        resources = cloudformation.list_stack_resources(StackName=nested_name)["StackResourceSummaries"]
        report["stacks"]["BackendStack"] = {"status": status, "reason": described.get("StackStatusReason"),
                                            "resources": {r["LogicalResourceId"]: r["ResourceType"] for r in resources},
                                            "outputs": outputs}

    nested_outputs = {"BackendStack": outputs}
    observability = cfn_intrinsics.load(os.path.join(os.path.dirname(backend_path), "observability.yaml"))
    observability_values = nested_parameters(Preparer(transformed, values, nested_outputs), "ObservabilityStack", stack)
    report["observabilityParameters"] = observability_values
    nested_outputs["ObservabilityStack"] = create_nested(cloudformation, observability, observability_values,
                                                         stack + "-ObservabilityStack", report, "ObservabilityStack")

    preparer = Preparer(transformed, values, nested_outputs)
    prepared = preparer.prepare()
    prepared["Resources"].pop("BackendStack", None)
    prepared["Resources"].pop("ObservabilityStack", None)
    report["skipped"]["parent"] = preparer.skipped_live()
    cloudformation.create_stack(StackName=stack, TemplateBody=json.dumps(prepared), Capabilities=["CAPABILITY_IAM"])
    status = wait(cloudformation, stack)
    described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    resources = cloudformation.list_stack_resources(StackName=stack)["StackResourceSummaries"]
    report["stacks"]["parent"] = {"status": status, "reason": described.get("StackStatusReason"),
                                  "resources": {r["LogicalResourceId"]: r["ResourceType"] for r in resources},
                                  "physical": {r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in resources},
                                  "outputs": {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}}
    lambda_client = client("lambda", endpoint)
    report["functions"] = {f["FunctionName"]: {"runtime": f["Runtime"], "handler": f["Handler"], "architectures": f.get("Architectures"),
                                               "role": f["Role"], "logGroup": f.get("LoggingConfig", {}).get("LogGroup")}
                           for f in lambda_client.list_functions()["Functions"]}
    report["stateMachines"] = [m["name"] for m in client("stepfunctions", endpoint).list_state_machines()["stateMachines"]]
    ecs = client("ecs", endpoint)
    report["taskDefinitionImages"] = {
        family: [c["image"] for c in ecs.describe_task_definition(taskDefinition=family)["taskDefinition"]["containerDefinitions"]]
        for family in ecs.list_task_definition_families(status="ACTIVE")["families"]}
    report["roles"] = [r["RoleName"] for r in client("iam", endpoint).list_roles()["Roles"]]
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    main()
