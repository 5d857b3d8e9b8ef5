#!/usr/bin/env python3
"""Produces botocore-serialized request fixtures and a SigV4 signing fixture for the protocol unit tests.

Run from this folder:  python3 make_fixtures.py   (writes requests.json and sigv4.json)
Uses botocore's own serializers (botocore.serialize) and signer (botocore.auth.SigV4Auth) on the installed botocore,
so the C# request builders are checked against the reference implementation, not against themselves.
Idempotency tokens are passed explicitly because botocore would otherwise fill them with random UUIDs.
"""
import datetime, json
from unittest import mock
import botocore, botocore.session, botocore.serialize, botocore.auth, botocore.credentials, botocore.awsrequest

session = botocore.session.get_session()

CASES = [
    ('ecs', 'DescribeServices', {'cluster': 'langfuse', 'services': ['langfuse-worker', 'clickhouse'], 'include': ['TAGS']}),
    ('ecs', 'UpdateService', {'cluster': 'langfuse', 'service': 'clickhouse', 'desiredCount': 0,
        'networkConfiguration': {'awsvpcConfiguration': {'subnets': ['subnet-a'], 'securityGroups': ['sg-1'], 'assignPublicIp': 'DISABLED'}},
        'deploymentConfiguration': {'maximumPercent': 100, 'minimumHealthyPercent': 0}, 'forceNewDeployment': True}),
    ('ecs', 'TagResource', {'resourceArn': 'arn:aws:ecs:eu-west-1:123456789012:service/langfuse/clickhouse',
        'tags': [{'key': 'langfuse-lifecycle:previous-desired-count', 'value': '1'}]}),
    ('ecs', 'ListTasks', {'cluster': 'langfuse', 'serviceName': 'clickhouse', 'desiredStatus': 'RUNNING', 'nextToken': 'page-2'}),
    ('efs', 'DescribeFileSystems', {'FileSystemId': 'fs-0123456789abcdef0', 'MaxItems': 10, 'Marker': 'm 1/2'}),
    ('efs', 'DescribeMountTargets', {'FileSystemId': 'fs-0123456789abcdef0'}),
    ('application-autoscaling', 'RegisterScalableTarget', {'ServiceNamespace': 'ecs', 'ResourceId': 'service/langfuse/langfuse-worker',
        'ScalableDimension': 'ecs:service:DesiredCount', 'MinCapacity': 0, 'MaxCapacity': 4}),
    ('application-autoscaling', 'DescribeScalableTargets', {'ServiceNamespace': 'ecs', 'ResourceIds': ['service/langfuse/langfuse-worker']}),
    ('scheduler', 'CreateSchedule', {'Name': 'langfuse-wake-once', 'GroupName': 'langfuse-lifecycle',
        'ScheduleExpression': 'at(2026-12-01T09:00:00)', 'ScheduleExpressionTimezone': 'Europe/Berlin',
        'FlexibleTimeWindow': {'Mode': 'OFF'}, 'ActionAfterCompletion': 'DELETE', 'State': 'ENABLED', 'ClientToken': 'token-1',
        'Target': {'Arn': 'arn:aws:lambda:eu-west-1:123456789012:function:sleep', 'RoleArn': 'arn:aws:iam::123456789012:role/scheduler',
                   'Input': '{"action":"sleep"}', 'RetryPolicy': {'MaximumRetryAttempts': 2}}}),
    ('scheduler', 'GetSchedule', {'Name': 'langfuse-sleep', 'GroupName': 'langfuse-lifecycle'}),
    ('scheduler', 'DeleteSchedule', {'Name': 'langfuse-wake-once', 'GroupName': 'langfuse-lifecycle', 'ClientToken': 'token-2'}),
    ('scheduler', 'ListSchedules', {'GroupName': 'langfuse-lifecycle', 'NamePrefix': 'langfuse-', 'State': 'ENABLED', 'MaxResults': 50, 'NextToken': 'n/1'}),
    ('rds', 'CreateDBClusterSnapshot', {'DBClusterSnapshotIdentifier': 'langfuse-v2-before-v3', 'DBClusterIdentifier': 'langfuse',
        'Tags': [{'Key': 'created-by', 'Value': 'langfuse-lifecycle'}, {'Key': 'purpose', 'Value': 'pre migration'}]}),
    ('rds', 'DescribeDBClusterSnapshots', {'DBClusterSnapshotIdentifier': 'langfuse-v2-before-v3',
        'Filters': [{'Name': 'db-cluster-id', 'Values': ['langfuse', 'langfuse-2']}]}),
    ('rds', 'DescribeDBInstances', {'DBInstanceIdentifier': 'langfuse-1', 'MaxRecords': 20}),
    ('cloudformation', 'DescribeStacks', {'StackName': 'langfuse-v3-backend'}),
    ('iam', 'SimulatePrincipalPolicy', {'PolicySourceArn': 'arn:aws:iam::123456789012:role/langfuse-web',
        'ActionNames': ['kms:Decrypt'], 'ResourceArns': ['arn:aws:kms:eu-west-1:123456789012:key/k-1', 'arn:aws:kms:eu-west-1:123456789012:key/k 2'],
        'ContextEntries': [{'ContextKeyName': 'kms:ViaService', 'ContextKeyType': 'string', 'ContextKeyValues': ['secretsmanager.eu-west-1.amazonaws.com']}],
        'Marker': 'page/2'}),
    ('ec2', 'DescribeSubnets', {'SubnetIds': ['subnet-a', 'subnet-b'], 'Filters': [{'Name': 'vpc-id', 'Values': ['vpc-1']}]}),
    ('apprunner', 'UpdateService', {'ServiceArn': 'arn:aws:apprunner:eu-west-1:123456789012:service/langfuse/abc',
        'SourceConfiguration': {'ImageRepository': {'ImageIdentifier': 'public.ecr.aws/langfuse/langfuse:3',
            'ImageRepositoryType': 'ECR_PUBLIC', 'ImageConfiguration': {'Port': '3000',
                'RuntimeEnvironmentVariables': {'CLICKHOUSE_URL': 'http://clickhouse:8123'},
                'RuntimeEnvironmentSecrets': {'DATABASE_URL': 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db'}}},
            'AutoDeploymentsEnabled': False},
        'NetworkConfiguration': {'EgressConfiguration': {'EgressType': 'VPC', 'VpcConnectorArn': 'arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/langfuse/1/x'}}}),
    ('apprunner', 'ListOperations', {'ServiceArn': 'arn:aws:apprunner:eu-west-1:123456789012:service/langfuse/abc', 'MaxResults': 5}),
    ('stepfunctions', 'StartExecution', {'stateMachineArn': 'arn:aws:states:eu-west-1:123456789012:stateMachine:migrate', 'name': 'run-1', 'input': '{}'}),
    ('stepfunctions', 'GetExecutionHistory', {'executionArn': 'arn:aws:states:eu-west-1:123456789012:execution:migrate:run-1',
        'maxResults': 100, 'reverseOrder': True, 'nextToken': 't'}),
    ('events', 'PutEvents', {'Entries': [{'Source': 'langfuse.lifecycle', 'DetailType': 'Sleep Completed',
        'Detail': '{"service":"clickhouse"}', 'EventBusName': 'default', 'Resources': ['arn:aws:ecs:eu-west-1:123456789012:service/langfuse/clickhouse']}]}),
]

requests = []
for service, operation, params in CASES:
    model = session.get_service_model(service)
    op = model.operation_model(operation)
    protocol = model.metadata['protocol']
    serialized = botocore.serialize.create_serializer(protocol, include_validation=True).serialize_to_request(params, op)
    body = serialized['body']
    if isinstance(body, bytes):
        body = body.decode()
    elif isinstance(body, dict):
        body = '&'.join(f'{k}={v}' for k, v in body.items())
    query = serialized['query_string']
    requests.append({
        'service': service,
        'operation': operation,
        'protocol': protocol,
        'input': params,
        'method': serialized['method'],
        'path': serialized['url_path'],
        'query': sorted([[k, str(v)] for k, v in query.items()]) if isinstance(query, dict) else [],
        'headers': {k: v for k, v in serialized['headers'].items() if k.lower() in ('x-amz-target', 'content-type')},
        'body': body,
        'queryBody': sorted([[k, str(v)] for k, v in serialized['body'].items()]) if isinstance(serialized['body'], dict) else None,
    })

with open('requests.json', 'w') as f:
    json.dump({'generator': 'make_fixtures.py with botocore ' + botocore.__version__, 'requests': requests}, f, indent=2)
    f.write('\n')

# SigV4: a fixed ECS DescribeServices request, fixed credentials and clock.
credentials = botocore.credentials.Credentials('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'session-token-example')
signing_cases = []
for name, url, target, content_type, body in [
    ('ecs-describe-services', 'https://ecs.eu-west-1.amazonaws.com/', 'AmazonEC2ContainerServiceV20141113.DescribeServices',
     'application/x-amz-json-1.1', '{"cluster":"langfuse","services":["clickhouse"]}'),
    ('scheduler-get-schedule', 'https://scheduler.eu-west-1.amazonaws.com/schedules/langfuse-sleep?groupName=langfuse%20lifecycle', None, None, ''),
]:
    headers = {}
    if target:
        headers['X-Amz-Target'] = target
    if content_type:
        headers['Content-Type'] = content_type
    method = 'POST' if body else 'GET'
    request = botocore.awsrequest.AWSRequest(method=method, url=url, headers=headers, data=body.encode())
    service = 'ecs' if 'ecs' in url else 'scheduler'
    signer = botocore.auth.SigV4Auth(credentials, service, 'eu-west-1')
    fixed = datetime.datetime(2026, 11, 29, 2, 30, 0)
    captured = {}
    original = signer.canonical_request
    def capture(req):
        captured['canonical'] = original(req)
        return captured['canonical']
    signer.canonical_request = capture
    with mock.patch('botocore.auth.get_current_datetime', return_value=fixed):
        signer.add_auth(request)
    canonical = captured['canonical']
    signing_cases.append({'name': name, 'method': method, 'url': url, 'service': service, 'region': 'eu-west-1',
        'headers': headers, 'body': body, 'time': '2026-11-29T02:30:00Z', 'accessKey': credentials.access_key,
        'secretKey': credentials.secret_key, 'token': credentials.token, 'canonicalRequest': canonical,
        'authorization': request.headers['Authorization'], 'amzDate': request.headers['X-Amz-Date']})

with open('sigv4.json', 'w') as f:
    json.dump({'generator': 'make_fixtures.py with botocore ' + botocore.__version__, 'cases': signing_cases}, f, indent=2)
    f.write('\n')
print(len(requests), 'request fixtures,', len(signing_cases), 'signing fixtures')
