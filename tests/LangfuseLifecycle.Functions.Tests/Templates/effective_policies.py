"""Every IAM statement each role of the stack gets, as CloudFormation would create it.

Usage: effective_policies.py <template.yaml> <backend.yaml> <parameters.json>
Prints {"roles": {role: {"function": logical id or null, "template": ..., "statements": [...]}}}.

template.yaml goes through SAM's transform (aws-sam-translator, as cfn-lint and `sam deploy` use it), so the
policies SAM adds are included: the AWS managed policies it attaches (contents below, from the IAM console), the
inline policies of each function role and the roles of ScheduleV2 events. Parameters, conditions and intrinsic
functions are resolved with the given values; nested stack outputs and resource attributes get stand-in values.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cfn_intrinsics  # noqa: E402

ACCOUNT = "123456789012"
REGION = "ap-northeast-1"
PARTITION = "aws"
STACK = "langfuse-lifecycle"

# What SAM attaches by ARN; the transform only names them.
AWS_MANAGED_POLICIES = {
    "AWSLambdaBasicExecutionRole": [
        {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": ["*"]},
    ],
    "AWSLambdaVPCAccessExecutionRole": [
        {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                                       "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                                       "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                                       "ec2:UnassignPrivateIpAddresses"], "Resource": ["*"]},
    ],
}

# Stand-ins for the nested stack's outputs (BackendMode=create with BackendNamePrefix=langfuse).
BACKEND_OUTPUTS = {
    "ClusterName": "langfuse",
    "ClickHouseServiceName": "langfuse-clickhouse",
    "WorkerServiceName": "langfuse-worker",
    "ClickHouseFileSystemId": "fs-0123456789abcdef0",
    "WorkerTaskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/langfuse-backend-WorkerTaskRole",
    "WorkerExecutionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/langfuse-backend-WorkerExecutionRole",
    "WebInstanceRoleArn": f"arn:aws:iam::{ACCOUNT}:role/langfuse-backend-WebInstanceRole",
    "LifecycleLambdaSubnetIds": "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
    "LifecycleLambdaSecurityGroupId": "sg-0123456789abcdef0",
}


class Resolver(cfn_intrinsics.Resolver):
    """Everything resolved: resources and their attributes get the values CloudFormation would give them here."""

    def __init__(self, template, values):
        super().__init__(template, values, {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::Partition": PARTITION,
                                            "AWS::StackName": STACK, "AWS::URLSuffix": "amazonaws.com"})

    def ref(self, name):
        return self.params[name] if name in self.params else self.resource_ref(name)

    def resource_ref(self, logical_id):
        resource = self.template["Resources"][logical_id]
        kind = resource["Type"]
        if kind == "AWS::Scheduler::ScheduleGroup":
            return self.value(resource["Properties"]["Name"])
        if kind == "AWS::IAM::ManagedPolicy":
            return f"arn:aws:iam::{ACCOUNT}:policy/{logical_id}"
        if kind == "AWS::StepFunctions::StateMachine":
            return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{logical_id}"
        if kind == "AWS::Lambda::Function":
            name = resource["Properties"].get("FunctionName")
            return self.value(name) if name else f"{STACK}-{logical_id}"
        return logical_id

    def get_att(self, logical_id, attribute):
        if attribute.startswith("Outputs."):
            output = attribute[len("Outputs."):]
            return BACKEND_OUTPUTS.get(output, f"backend-{output}")
        kind = self.template["Resources"][logical_id]["Type"]
        if kind == "AWS::IAM::Role":
            return f"arn:aws:iam::{ACCOUNT}:role/{STACK}-{logical_id}"
        if kind == "AWS::Lambda::Function":
            return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.resource_ref(logical_id)}"
        if kind == "AWS::DynamoDB::Table":
            return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{STACK}-{logical_id}"
        if kind == "AWS::Logs::LogGroup":
            return f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{logical_id}:*"
        return f"{logical_id}.{attribute}"


NO_VALUE = cfn_intrinsics.NO_VALUE


def as_list(value):
    return value if isinstance(value, list) else [value]


def statements_of(document):
    return [{"Sid": s.get("Sid"), "Effect": s["Effect"], "Action": as_list(s.get("Action", [])),
             "Resource": as_list(s.get("Resource", [])), "Condition": s.get("Condition", {})}
            for s in as_list(document.get("Statement", []))]


def roles(template, values, template_name):
    resolver = Resolver(template, values)
    resources = template["Resources"]
    live = {name: r for name, r in resources.items() if resolver.live(r)}
    managed = {resolver.resource_ref(name): statements_of(resolver.value(r["Properties"]["PolicyDocument"]))
               for name, r in live.items() if r["Type"] == "AWS::IAM::ManagedPolicy"}
    owners = {}
    for name, r in live.items():
        if r["Type"] == "AWS::Lambda::Function":
            role = r["Properties"]["Role"]
            if isinstance(role, dict) and "Fn::GetAtt" in role:
                owners[as_list(role["Fn::GetAtt"])[0].split(".")[0]] = name
    found = {}
    for name, r in live.items():
        if r["Type"] != "AWS::IAM::Role":
            continue
        properties = resolver.value(r["Properties"])
        statements = []
        for policy in properties.get("Policies", []):
            statements += statements_of(policy["PolicyDocument"])
        for arn in properties.get("ManagedPolicyArns", []):
            if arn in managed:
                statements += managed[arn]
            else:
                statements += statements_of({"Statement": AWS_MANAGED_POLICIES[arn.rsplit("/", 1)[-1]]})
        principals = [s["Principal"] for s in as_list(properties["AssumeRolePolicyDocument"]["Statement"])]
        found[name] = {"function": owners.get(name), "template": template_name, "statements": statements,
                       "trusts": principals}
    for name, r in live.items():
        if r["Type"] == "AWS::IAM::RolePolicy":
            properties = resolver.value(r["Properties"])
            found[properties["RoleName"]]["statements"] += statements_of(properties["PolicyDocument"])
        if r["Type"] == "AWS::IAM::Policy":
            properties = resolver.value(r["Properties"])
            for role in properties.get("Roles", []):
                found[role]["statements"] += statements_of(properties["PolicyDocument"])
    return found


def main():
    parent_path, backend_path, values_path = sys.argv[1:4]
    values = json.load(open(values_path))
    parent = cfn_intrinsics.load(parent_path)
    for resource in parent.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        for key in ("CodeUri", "DefinitionUri"):
            if isinstance(properties.get(key), str):
                properties[key] = "s3://packaged-artifacts/" + properties[key].strip("/")
    parent = cfn_intrinsics.sam_transform(parent)
    found = roles(parent, values, "template.yaml")
    resolver = Resolver(parent, values)
    if resolver.live(parent["Resources"].get("BackendStack", {"Condition": "CreateBackend"})):
        # The nested stack gets exactly what the parent passes it.
        nested = {name: str(value) for name, value in resolver.value(parent["Resources"]["BackendStack"]["Properties"]["Parameters"]).items()}
        backend = cfn_intrinsics.load(backend_path)
        found.update({f"BackendStack/{name}": role for name, role in roles(backend, nested, "templates/backend.yaml").items()})
    print(json.dumps({"roles": found}, default=str))


if __name__ == "__main__":
    main()
