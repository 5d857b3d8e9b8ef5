#!/usr/bin/env python3
"""Generates the typed clients and models of LangfuseLifecycle.Aws from botocore's service models.

Run from the repository root:  python3 src/LangfuseLifecycle.Aws/codegen/generate.py
Every class, property and wire name comes from botocore's service-2.json (the version installed with moto);
SPEC below only chooses which operations and which members this product needs. Shapes not listed in
'members' are generated with all their members (recursively), so round-tripped shapes such as ECS
ContainerDefinition keep every field a user may have set.
Output files carry a header saying they are generated; edit this script, not them.
"""
import gzip, json, os, sys
import botocore

DATA = os.path.join(os.path.dirname(botocore.__file__), 'data')
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')

SPEC = {
    'ecs': dict(folder='ECS', client='AmazonECS', prefix='Ecs', meta='Ecs', protocol='json',
        ops=['DescribeServices', 'UpdateService', 'ListTagsForResource', 'TagResource', 'UntagResource', 'ListTasks',
             'DescribeTasks', 'DescribeTaskDefinition', 'RegisterTaskDefinition', 'DescribeClusters'],
        members={
            'UpdateServiceRequest': ['cluster', 'service', 'desiredCount', 'taskDefinition', 'capacityProviderStrategy',
                'deploymentConfiguration', 'availabilityZoneRebalancing', 'networkConfiguration', 'platformVersion',
                'forceNewDeployment', 'healthCheckGracePeriodSeconds', 'enableExecuteCommand', 'propagateTags'],
            'Service': ['serviceArn', 'serviceName', 'clusterArn', 'status', 'desiredCount', 'runningCount', 'pendingCount',
                'launchType', 'capacityProviderStrategy', 'platformVersion', 'taskDefinition', 'deploymentConfiguration',
                'deployments', 'events', 'createdAt', 'networkConfiguration', 'healthCheckGracePeriodSeconds',
                'schedulingStrategy', 'deploymentController', 'tags', 'propagateTags', 'enableExecuteCommand',
                'availabilityZoneRebalancing'],
            'Deployment': ['id', 'status', 'taskDefinition', 'desiredCount', 'pendingCount', 'runningCount', 'failedTasks',
                'createdAt', 'updatedAt', 'capacityProviderStrategy', 'launchType', 'platformVersion', 'networkConfiguration',
                'rolloutState', 'rolloutStateReason'],
            'Task': ['attachments', 'availabilityZone', 'capacityProviderName', 'clusterArn', 'connectivity', 'containers', 'cpu',
                'createdAt', 'desiredStatus', 'group', 'healthStatus', 'lastStatus', 'launchType', 'memory', 'platformVersion',
                'startedAt', 'startedBy', 'stopCode', 'stoppedAt', 'stoppedReason', 'stoppingAt', 'tags', 'taskArn',
                'taskDefinitionArn'],
            'Container': ['containerArn', 'taskArn', 'name', 'image', 'lastStatus', 'exitCode', 'reason', 'healthStatus',
                'networkInterfaces'],
            'Cluster': ['clusterArn', 'clusterName', 'status', 'registeredContainerInstancesCount', 'runningTasksCount',
                'pendingTasksCount', 'activeServicesCount', 'statistics', 'tags', 'settings', 'capacityProviders',
                'defaultCapacityProviderStrategy'],
        }),
    'efs': dict(folder='ElasticFileSystem', client='AmazonElasticFileSystem', prefix='Efs', meta='Efs', protocol='rest-json',
        ops=['DescribeFileSystems', 'DescribeMountTargets'], members={}),
    'application-autoscaling': dict(folder='ApplicationAutoScaling', client='AmazonApplicationAutoScaling', prefix='Aas',
        meta='ApplicationAutoScaling', protocol='json', ops=['DescribeScalableTargets', 'RegisterScalableTarget'], members={}),
    'scheduler': dict(folder='Scheduler', client='AmazonScheduler', prefix='Scheduler', meta='Scheduler', protocol='rest-json',
        ops=['CreateSchedule', 'GetSchedule', 'UpdateSchedule', 'DeleteSchedule', 'ListSchedules', 'GetScheduleGroup'], members={}),
    'apprunner': dict(folder='AppRunner', client='AmazonAppRunner', prefix='AppRunner', meta='AppRunner', protocol='json',
        ops=['DescribeService', 'UpdateService', 'ListOperations'], members={}),
    'stepfunctions': dict(folder='StepFunctions', client='AmazonStepFunctions', prefix='Sfn', meta='StepFunctions', protocol='json',
        ops=['StartExecution', 'DescribeExecution', 'ListExecutions', 'GetExecutionHistory'],
        members={
            'HistoryEvent': ['timestamp', 'type', 'id', 'previousEventId', 'executionFailedEventDetails',
                'executionStartedEventDetails', 'executionSucceededEventDetails', 'executionAbortedEventDetails',
                'executionTimedOutEventDetails', 'taskFailedEventDetails', 'taskScheduledEventDetails',
                'taskSucceededEventDetails', 'taskTimedOutEventDetails', 'lambdaFunctionFailedEventDetails',
                'lambdaFunctionSucceededEventDetails', 'lambdaFunctionTimedOutEventDetails', 'stateEnteredEventDetails',
                'stateExitedEventDetails'],
            'StateExitedEventDetails': ['name', 'output', 'outputDetails'],
            'TaskScheduledEventDetails': ['resourceType', 'resource', 'region', 'parameters', 'timeoutInSeconds', 'heartbeatInSeconds'],
        }),
    'events': dict(folder='EventBridge', client='AmazonEventBridge', prefix='Events', meta='EventBridge', protocol='json',
        ops=['PutEvents'], members={}),
    'rds': dict(folder='RDS', client='AmazonRDS', prefix='Rds', meta='Rds', protocol='query',
        ops=['CreateDBClusterSnapshot', 'DescribeDBClusterSnapshots', 'CreateDBSnapshot', 'DescribeDBSnapshots',
             'DescribeDBClusters', 'DescribeDBInstances'],
        members={
            'DBClusterSnapshot': ['AvailabilityZones', 'DBClusterSnapshotIdentifier', 'DBClusterIdentifier', 'SnapshotCreateTime',
                'Engine', 'EngineMode', 'AllocatedStorage', 'Status', 'Port', 'VpcId', 'ClusterCreateTime', 'MasterUsername',
                'EngineVersion', 'SnapshotType', 'PercentProgress', 'StorageEncrypted', 'KmsKeyId', 'DBClusterSnapshotArn', 'TagList'],
            'DBSnapshot': ['DBSnapshotIdentifier', 'DBInstanceIdentifier', 'SnapshotCreateTime', 'Engine', 'AllocatedStorage',
                'Status', 'Port', 'AvailabilityZone', 'VpcId', 'InstanceCreateTime', 'MasterUsername', 'EngineVersion',
                'SnapshotType', 'PercentProgress', 'Encrypted', 'KmsKeyId', 'DBSnapshotArn', 'TagList'],
            'DBCluster': ['AllocatedStorage', 'AvailabilityZones', 'DatabaseName', 'DBClusterIdentifier', 'Status', 'Endpoint',
                'ReaderEndpoint', 'MultiAZ', 'Engine', 'EngineVersion', 'EngineMode', 'Port', 'MasterUsername', 'DBClusterMembers',
                'VpcSecurityGroups', 'DBSubnetGroup', 'DbClusterResourceId', 'DBClusterArn', 'StorageEncrypted', 'KmsKeyId',
                'DeletionProtection', 'ServerlessV2ScalingConfiguration', 'TagList'],
            'DBInstance': ['DBInstanceIdentifier', 'DBInstanceClass', 'Engine', 'DBInstanceStatus', 'MasterUsername', 'DBName',
                'Endpoint', 'AllocatedStorage', 'InstanceCreateTime', 'AvailabilityZone', 'DBSubnetGroup', 'MultiAZ',
                'EngineVersion', 'VpcSecurityGroups', 'DBClusterIdentifier', 'StorageEncrypted', 'KmsKeyId', 'DbiResourceId',
                'DBInstanceArn', 'DeletionProtection', 'TagList'],
            'ServerlessV2ScalingConfigurationInfo': ['MinCapacity', 'MaxCapacity', 'SecondsUntilAutoPause'],
        }),
    'cloudformation': dict(folder='CloudFormation', client='AmazonCloudFormation', prefix='Cfn', meta='CloudFormation', protocol='query',
        ops=['DescribeStacks'],
        members={
            'Stack': ['StackId', 'StackName', 'Description', 'Parameters', 'CreationTime', 'DeletionTime', 'LastUpdatedTime',
                'StackStatus', 'StackStatusReason', 'Outputs', 'RoleARN', 'Tags', 'ParentId', 'RootId', 'DetailedStatus'],
        }),
    # DynamoDB: only the backend lease's three single-item calls. AttributeValue keeps its scalar members (the lease stores
    # strings and numbers only), so the recursive M/L and the binary members are not generated.
    'dynamodb': dict(folder='DynamoDB', client='AmazonDynamoDB', prefix='Ddb', meta='DynamoDB', protocol='json',
        ops=['PutItem', 'DeleteItem', 'GetItem'],
        members={
            'PutItemRequest': ['TableName', 'Item', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues',
                'ReturnValuesOnConditionCheckFailure'],
            'PutItemResponse': ['Attributes'],
            'DeleteItemRequest': ['TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
            'DeleteItemResponse': ['Attributes'],
            'GetItemRequest': ['TableName', 'Key', 'ConsistentRead'],
            'GetItemResponse': ['Item'],
            'AttributeValue': ['S', 'N', 'NULL', 'BOOL'],
        }),
    # SSM: the migration's v2 web record (a SecureString the switch writes and the rollback reads), so no secret value travels in
    # Step Functions history. Two JSON 1.1 calls; AWSSDK.SimpleSystemsManagement would bring its own pipeline like AWSSDK.EC2 (below).
    'ssm': dict(folder='SimpleSystemsManagement', client='AmazonSimpleSystemsManagement', prefix='Ssm', meta='Ssm', protocol='json',
        ops=['PutParameter', 'GetParameter'], members={}),
    # EC2: AWSSDK.EC2 4.0.132.2 publishes under Native AOT without warnings, but adds 2.5 MB to the executable (8.3 → 10.9 MB in a
    # minimal test) and runs its own pipeline: its own retry policy, clock, endpoint rules and exception types, so EC2 calls would not
    # share this layer's retries, cancellation, fault-injection tests or AwsServiceException. Two read-only calls in the ec2 query
    # protocol are cheaper than that, so they are generated here like the other services.
    'ec2': dict(folder='EC2', client='AmazonEC2', prefix='Ec2', meta='Ec2', protocol='ec2',
        ops=['DescribeSubnets', 'DescribeSecurityGroups'],
        members={
            'Subnet': ['AvailabilityZone', 'AvailabilityZoneId', 'AvailableIpAddressCount', 'CidrBlock', 'DefaultForAz',
                'MapPublicIpOnLaunch', 'State', 'SubnetId', 'VpcId', 'OwnerId', 'Tags', 'SubnetArn'],
        }),
}

# The hand-written protocol class each botocore protocol's clients send through (Protocols/).
PROTOCOL_CLASSES = {'json': 'AwsJsonProtocol', 'rest-json': 'RestJsonProtocol', 'query': 'AwsQueryProtocol', 'ec2': 'AwsQueryProtocol'}

# The XmlRead function that reads each botocore scalar type.
XML_READERS = {'string': 'String', 'integer': 'Int', 'long': 'Long', 'boolean': 'Bool', 'double': 'Double', 'float': 'Double',
               'timestamp': 'Timestamp'}

HEADER = '// <auto-generated>\n// Generated by src/LangfuseLifecycle.Aws/codegen/generate.py from botocore {ver} ({svc} {api}). Do not edit.\n// </auto-generated>\n#nullable enable\n'


def load(svc):
    d = os.path.join(DATA, svc)
    v = sorted(x for x in os.listdir(d) if x[0].isdigit())[-1]
    p = os.path.join(d, v, 'service-2.json')
    return json.load(open(p)) if os.path.exists(p) else json.load(gzip.open(p + '.gz'))


def pascal(name):
    return name[0].upper() + name[1:]


class Gen:
    def __init__(self, svc, spec):
        self.svc, self.spec = svc, spec
        self.model = load(svc)
        self.S = self.model['shapes']
        self.ns = 'LangfuseLifecycle.Aws.' + spec['folder']
        self.context = spec['meta'] + 'JsonContext'
        self.protocol = spec['protocol']
        self.classes = {}  # shape name -> (class name, [member names])
        self.op_class = {}
        for op in spec['ops']:
            o = self.model['operations'][op]
            if 'input' in o:
                self.op_class[o['input']['shape']] = op + 'Request'
            if 'output' in o:
                self.op_class[o['output']['shape']] = op + 'Response'

    def class_name(self, shape):
        return self.op_class.get(shape, shape)

    def members_of(self, shape):
        s = self.S[shape]
        chosen = self.spec['members'].get(self.class_name(shape)) or self.spec['members'].get(shape)
        names = list(s.get('members', {}).keys()) if chosen is None else chosen
        for n in names:
            if n not in s['members']:
                raise SystemExit(f'{self.svc}: {shape} has no member {n}')
        return [n for n in names if self.S[s['members'][n]['shape']]['type'] != 'blob']

    def collect(self, shape):
        if shape in self.classes:
            return
        s = self.S[shape]
        if s.get('document'):
            return
        self.classes[shape] = self.members_of(shape)
        for n in self.classes[shape]:
            self.collect_type(s['members'][n]['shape'])

    def collect_type(self, shape):
        t = self.S[shape]
        if t['type'] == 'structure':
            self.collect(shape)
        elif t['type'] == 'list':
            self.collect_type(t['member']['shape'])
        elif t['type'] == 'map':
            self.collect_type(t['value']['shape'])

    def cs_type(self, shape, qualify=''):
        t = self.S[shape]
        ty = t['type']
        if ty == 'structure':
            if t.get('document'):
                return 'System.Text.Json.JsonElement?'
            return qualify + self.class_name(shape)
        if ty == 'list':
            return f'List<{self.cs_type(t["member"]["shape"], qualify).rstrip("?")}>'
        if ty == 'map':
            return f'Dictionary<string, {self.cs_type(t["value"]["shape"], qualify).rstrip("?")}>'
        return {'string': 'string', 'integer': 'int', 'long': 'long', 'boolean': 'bool', 'double': 'double', 'float': 'double',
                'timestamp': 'DateTime'}[ty]

    def prop_name(self, cls, member):
        name = pascal(member)
        return name + 'Value' if name == cls else name

    def json(self):
        return self.protocol in ('json', 'rest-json')

    # ---------- models
    def gen_models(self, out):
        for shape, members in self.classes.items():
            cls = self.class_name(shape)
            s = self.S[shape]
            lines = [HEADER.format(ver=botocore.__version__, svc=self.svc, api=self.model['metadata']['apiVersion'])]
            if self.json():
                lines.append('using System.Text.Json.Serialization;\n')
            lines.append(f'namespace {self.ns}.Model;\n')
            lines.append(f'/// <summary>botocore shape <c>{shape}</c>{" (" + str(len(members)) + " of " + str(len(s.get("members", {}))) + " members)" if len(members) != len(s.get("members", {})) else ""}.</summary>')
            lines.append(f'public sealed partial class {cls}\n{{')
            props = []
            for m in members:
                ref = s['members'][m]
                t = self.S[ref['shape']]
                cst = self.cs_type(ref['shape'])
                nullable = '' if cst.endswith('?') else '?'
                attrs = []
                if self.json():
                    if ref.get('location') in ('uri', 'querystring', 'header', 'headers', 'statusCode'):
                        attrs.append('[JsonIgnore]')
                    else:
                        attrs.append(f'[JsonPropertyName("{ref.get("locationName", m)}")]')
                        if t['type'] == 'timestamp':
                            attrs.append('[JsonConverter(typeof(LangfuseLifecycle.Aws.Protocols.AwsTimestampConverter))]')
                req = ' Required.' if m in s.get('required', []) else ''
                loc = f' Sent as {ref["location"]} <c>{ref.get("locationName", m)}</c>.' if ref.get('location') else ''
                props.append(f'    /// <summary>Wire name <c>{ref.get("locationName", m)}</c>.{req}{loc}</summary>\n' +
                             ''.join(f'    {a}\n' for a in attrs) +
                             f'    public {cst}{nullable} {self.prop_name(cls, m)} {{ get; set; }}')
            lines.append('\n\n'.join(props))
            lines.append('}\n')
            with open(os.path.join(out, 'Model', cls + '.cs'), 'w') as f:
                f.write('\n'.join(lines))

    def gen_json_context(self, out):
        p = self.spec['prefix']
        regs = []
        seen = set()
        for shape in self.classes:
            cls = self.class_name(shape)
            regs.append(f'[JsonSerializable(typeof({self.ns}.Model.{cls}), TypeInfoPropertyName = "{p}{cls}")]')
        for shape, members in self.classes.items():
            s = self.S[shape]
            for m in members:
                t = self.S[s['members'][m]['shape']]
                if t['type'] in ('list', 'map'):
                    inner = t['member']['shape'] if t['type'] == 'list' else t['value']['shape']
                    if self.S[inner]['type'] == 'structure' and not self.S[inner].get('document'):
                        cst = self.cs_type(s['members'][m]['shape'], self.ns + '.Model.')
                        if cst not in seen:
                            seen.add(cst)
                            kind = 'List' if t['type'] == 'list' else 'Dictionary'
                            regs.append(f'[JsonSerializable(typeof({cst}), TypeInfoPropertyName = "{p}{kind}{self.class_name(inner)}")]')
        return regs

    # ---------- clients
    def doc(self, op):
        return f'    /// <summary>{self.model["metadata"]["serviceId"]} <c>{op}</c> ({self.model["operations"][op]["http"]["method"]} {self.model["operations"][op]["http"]["requestUri"]}).</summary>'

    def gen_client(self, out):
        c = self.spec['client']
        p = self.spec['prefix']
        iface = [HEADER.format(ver=botocore.__version__, svc=self.svc, api=self.model['metadata']['apiVersion']),
                 f'namespace {self.ns};\n', f'/// <summary>{self.model["metadata"]["serviceId"]} API, named like the official AWS SDK for .NET.</summary>',
                 f'public interface I{c}\n{{']
        impl = [HEADER.format(ver=botocore.__version__, svc=self.svc, api=self.model['metadata']['apiVersion']),
                'using LangfuseLifecycle.Aws.Http;\nusing LangfuseLifecycle.Aws.Protocols;\n',
                f'namespace {self.ns};\n',
                f'/// <summary>{self.model["metadata"]["serviceId"]} over {self.model["metadata"]["protocol"]}, signed with SigV4 for <c>{self.model["metadata"].get("signingName") or self.model["metadata"]["endpointPrefix"]}</c>.</summary>',
                f'public sealed class {c}Client : I{c}\n{{']
        protocol_class = PROTOCOL_CLASSES[self.protocol]
        impl.append(f'    private readonly {protocol_class} protocol;\n')
        impl.append(f'    public {c}Client(AwsClientConfig config)\n    {{\n        protocol = new {protocol_class}(config, AwsServices.{self.spec["meta"]});\n    }}\n')
        for op in self.spec['ops']:
            o = self.model['operations'][op]
            req, resp = op + 'Request', op + 'Response'
            sig = f'System.Threading.Tasks.Task<Model.{resp}> {op}Async(Model.{req} request, CancellationToken cancellationToken = default)'
            iface.append(self.doc(op))
            iface.append(f'    {sig};\n')
            impl.append(self.doc(op))
            impl.append(f'    public {sig}\n    {{\n        ArgumentNullException.ThrowIfNull(request);')
            for m, ref in self.S[o['input']['shape']]['members'].items():
                if ref.get('idempotencyToken'):
                    # Like the AWS SDKs: fill a missing idempotency token once per call, so this layer's own retries of the same
                    # request cannot create twice. Stored on the request so a caller retrying the same object keeps the token.
                    impl.append(f'        request.{self.prop_name(req, m)} ??= Guid.NewGuid().ToString();')
            if self.protocol == 'json':
                impl.append(f'        return protocol.InvokeAsync("{op}", request, {self.context}.Default.{p}{req}, {self.context}.Default.{p}{resp}, cancellationToken);')
            elif self.protocol == 'rest-json':
                impl.extend(self.rest_body(op, o, p, req, resp))
            else:
                wrapper = o.get('output', {}).get('resultWrapper')
                impl.append('        var parameters = new QueryWriter();')
                impl.append(f'        {c}QueryMarshaller.Write(parameters, "", request);')
                wrapper_arg = '"' + wrapper + '"' if wrapper else 'null'
                impl.append(f'        return protocol.InvokeAsync("{op}", parameters, {wrapper_arg}, {c}XmlUnmarshaller.Read{resp}, cancellationToken);')
            impl.append('    }\n')
        iface.append('}\n')
        impl.append('}\n')
        with open(os.path.join(out, f'I{c}.cs'), 'w') as f:
            f.write('\n'.join(iface))
        with open(os.path.join(out, f'{c}Client.cs'), 'w') as f:
            f.write('\n'.join(impl))

    def rest_body(self, op, o, p, req, resp):
        http = o['http']
        s = self.S[o['input']['shape']]
        cls = req
        labels = [(m, ref) for m, ref in s['members'].items() if ref.get('location') == 'uri']
        lab = ''.join(f', ("{ref.get("locationName", m)}", request.{self.prop_name(cls, m)})' for m, ref in labels)
        lines = [f'        var httpRequest = RestJsonProtocol.Request("{op}", HttpMethod.{pascal(http["method"].lower())}, "{http["requestUri"]}"{lab});']
        for m, ref in s['members'].items():
            if ref.get('location') == 'querystring':
                lines.append(f'        RestJsonProtocol.AddQuery(httpRequest, "{ref["locationName"]}", request.{self.prop_name(cls, m)});')
            elif ref.get('location') in ('header', 'headers'):
                raise SystemExit(f'{op}: header members are not supported yet')
        body = [m for m, ref in s['members'].items() if 'location' not in ref]
        if body:
            lines.append(f'        RestJsonProtocol.SetJsonBody(httpRequest, request, {self.context}.Default.{p}{req});')
        lines.append(f'        return protocol.InvokeAsync(httpRequest, {self.context}.Default.{p}{resp}, cancellationToken);')
        return lines

    # ---------- query marshalling
    def query_name(self, ref, member):
        if self.protocol == 'ec2':
            if 'queryName' in ref:
                return ref['queryName']
            return pascal(ref.get('locationName', member))
        return ref.get('locationName', member)

    def gen_query(self, out):
        c = self.spec['client']
        inputs = set()
        for op in self.spec['ops']:
            self.walk_inputs(self.model['operations'][op]['input']['shape'], inputs)
        lines = [HEADER.format(ver=botocore.__version__, svc=self.svc, api=self.model['metadata']['apiVersion']),
                 'using LangfuseLifecycle.Aws.Protocols;\n', f'namespace {self.ns};\n',
                 f'/// <summary>Serializes request shapes as {self.protocol} form parameters (botocore\'s {"EC2" if self.protocol == "ec2" else "Query"}Serializer rules).</summary>',
                 f'internal static class {c}QueryMarshaller\n{{']
        for shape in sorted(inputs):
            cls = self.class_name(shape)
            s = self.S[shape]
            lines.append(f'    public static void Write(QueryWriter writer, string prefix, Model.{cls} value)\n    {{')
            for m in self.classes[shape]:
                ref = s['members'][m]
                lines.extend(self.write_value(f'value.{self.prop_name(cls, m)}', ref['shape'], f'QueryWriter.Join(prefix, "{self.query_name(ref, m)}")', 2))
            lines.append('    }\n')
        lines.append('}\n')
        with open(os.path.join(out, f'{c}QueryMarshaller.cs'), 'w') as f:
            f.write('\n'.join(lines))

    def walk_inputs(self, shape, acc):
        if shape in acc:
            return
        acc.add(shape)
        s = self.S[shape]
        for m in self.classes[shape]:
            t = self.S[s['members'][m]['shape']]
            inner = s['members'][m]['shape']
            while t['type'] in ('list', 'map'):
                inner = t['member']['shape'] if t['type'] == 'list' else t['value']['shape']
                t = self.S[inner]
            if t['type'] == 'structure':
                self.walk_inputs(inner, acc)

    def write_value(self, expr, shape, name, depth, var_index=[0]):
        t = self.S[shape]
        ind = '    ' * depth
        if t['type'] == 'structure':
            return [f'{ind}if ({expr} is not null)', f'{ind}{{', f'{ind}    Write(writer, {name}, {expr});', f'{ind}}}']
        if t['type'] == 'list':
            var_index[0] += 1
            i = var_index[0]
            member = t['member']
            if self.protocol == 'ec2' or t.get('flattened'):
                item_name = f'{name} + "." + (index{i} + 1)'
            else:
                item_name = f'{name} + ".{member.get("locationName", "member")}." + (index{i} + 1)'
            out = [f'{ind}if ({expr} is not null)', f'{ind}{{']
            if self.protocol != 'ec2':
                out += [f'{ind}    if ({expr}.Count == 0)', f'{ind}    {{', f'{ind}        writer.Add({name}, "");', f'{ind}    }}', '']
            out += [f'{ind}    for (var index{i} = 0; index{i} < {expr}.Count; index{i}++)', f'{ind}    {{']
            out += self.write_value(f'{expr}[index{i}]', member['shape'], item_name, depth + 2)
            out += [f'{ind}    }}', f'{ind}}}']
            return out
        if t['type'] == 'map':
            raise SystemExit('map in query input not supported')
        return [f'{ind}writer.Add({name}, {expr});']

    # ---------- xml unmarshalling
    def gen_xml(self, out):
        c = self.spec['client']
        outputs = set()
        for op in self.spec['ops']:
            o = self.model['operations'][op]
            if 'output' in o:
                self.walk_inputs(o['output']['shape'], outputs)
        lines = [HEADER.format(ver=botocore.__version__, svc=self.svc, api=self.model['metadata']['apiVersion']),
                 'using System.Xml.Linq;\nusing LangfuseLifecycle.Aws.Protocols;\n', f'namespace {self.ns};\n',
                 '/// <summary>Reads XML response shapes (element names from botocore locationName or member name; lists wrap each item in their member element).</summary>',
                 f'internal static class {c}XmlUnmarshaller\n{{']
        for shape in sorted(outputs):
            cls = self.class_name(shape)
            s = self.S[shape]
            lines.append(f'    public static Model.{cls} Read{cls}(XElement element) => new()\n    {{')
            for m in self.classes[shape]:
                ref = s['members'][m]
                el = ref.get('locationName', m)
                child = 'element.Child("' + el + '")'
                lines.append(f'        {self.prop_name(cls, m)} = {self.read_expr(ref["shape"], child)},')
            lines.append('    };\n')
        lines.append('}\n')
        with open(os.path.join(out, f'{c}XmlUnmarshaller.cs'), 'w') as f:
            f.write('\n'.join(lines))

    def read_expr(self, shape, el):
        t = self.S[shape]
        ty = t['type']
        if ty == 'structure':
            self.var_counter = getattr(self, 'var_counter', 0) + 1
            var = f'child{self.var_counter}'
            return f'{el} is {{ }} {var} ? Read{self.class_name(shape)}({var}) : null'
        if ty == 'list':
            member = t['member']
            item = member.get('locationName', 'member')
            inner = self.read_item(member['shape'])
            if t.get('flattened'):
                raise SystemExit('flattened list in output not supported')
            return f'XmlRead.List({el}, "{item}", {inner})'
        if ty == 'map':
            raise SystemExit('map in xml output not supported')
        return f'XmlRead.{XML_READERS[ty]}({el})'

    def read_item(self, shape):
        t = self.S[shape]
        if t['type'] == 'structure':
            return f'Read{self.class_name(shape)}'
        return f'static e => XmlRead.{XML_READERS[t["type"]]}(e)!'

    def run(self):
        out = os.path.join(ROOT, self.spec['folder'])
        os.makedirs(os.path.join(out, 'Model'), exist_ok=True)
        for f in os.listdir(os.path.join(out, 'Model')):
            os.remove(os.path.join(out, 'Model', f))
        for op in self.spec['ops']:
            o = self.model['operations'][op]
            self.collect(o['input']['shape'])
            if 'output' in o:
                self.collect(o['output']['shape'])
            else:
                raise SystemExit(op + ' has no output')
        self.gen_models(out)
        self.gen_client(out)
        if self.json():
            return self.gen_json_context(out)
        else:
            self.gen_query(out)
            self.gen_xml(out)


HEADER_CONTEXTS = '''{header}
using System.Text.Json.Serialization;

namespace LangfuseLifecycle.Aws.Protocols;
'''

# One context per JSON service (all in this one generated file): a source-generated context roots every type it lists (its
# GetTypeInfo(Type) names them all), so a Native AOT executable that uses only some services' clients must not share one
# context with the others. Each bootstrap then carries the models of the services its handlers call, nothing more
# (docs/benchmarks.md, issue 18).
CONTEXT = '''
/// <summary>
/// The wire types of <see cref="{client}Client"/> alone (source-generated, AOT-safe): only that client references this
/// context, so an executable that never builds it carries none of them. Every wire member carries [JsonPropertyName] with botocore's member
/// name, because casing differs between services and even within one (Scheduler's capacityProvider beside Arn). Type info
/// names carry the service prefix ({prefix}...).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
{regs}
internal sealed partial class {name} : JsonSerializerContext
{{
}}
'''

if __name__ == '__main__':
    contexts = []
    for svc, spec in SPEC.items():
        regs = Gen(svc, spec).run()
        if regs:
            contexts.append(CONTEXT.format(client='LangfuseLifecycle.Aws.' + spec['folder'] + '.' + spec['client'], prefix=spec['prefix'],
                                           regs='\n'.join(regs), name=spec['meta'] + 'JsonContext'))
        print('generated', spec['folder'])
    header = HEADER.format(ver=botocore.__version__, svc='all JSON services', api='').replace(' )', ')')
    with open(os.path.join(ROOT, 'Protocols', 'AwsJsonContext.g.cs'), 'w') as f:
        f.write(HEADER_CONTEXTS.format(header=header) + ''.join(contexts))
