// Runs migration.asl.json in aws-local-stepfunctions against a scripted fake AWS ("world").
// Every Lambda task is answered by a local handler chosen by the Task's FunctionName substitution,
// so one handler serves every state that calls the same function, as in AWS.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import '../../scripts/promise-with-resolvers-polyfill.cjs';

const { StateMachine, ExecutionError } = await import('aws-local-stepfunctions');

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const definitionPath = join(root, 'statemachines', 'migration.asl.json');
export const rawDefinition = readFileSync(definitionPath, 'utf8');

/** Every ${Name} in the definition: what the template's DefinitionSubstitutions must provide. */
export const substitutionNames = [...new Set([...rawDefinition.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]))].sort();

export const functionArn = (name) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

export const stackValues = {
  DatabaseIdentifier: 'langfuse-db',
  WebServiceArn: 'arn:aws:apprunner:eu-west-1:123456789012:service/langfuse/8fe1e10304f84fd2b0df550fe98a71fa',
  V3WebImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/langfuse:3.29.0',
  EcsClusterName: 'langfuse',
  ClickHouseServiceName: 'clickhouse',
  WorkerServiceName: 'langfuse-worker',
  ClickHouseFileSystemId: 'fs-0123456789abcdef0',
  VpcConnectorArn: 'arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/langfuse-v3/1/0123456789abcdef',
  WebInstanceRoleArn: 'arn:aws:iam::123456789012:role/langfuse-v3-web',
  ClickHouseUrl: 'http://clickhouse.langfuse.local:8123',
  ClickHouseMigrationUrl: 'clickhouse://clickhouse.langfuse.local:9000',
  ClickHouseUser: 'langfuse',
  ClickHousePasswordSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clickhouse-AbCdEf',
  RedisHost: 'langfuse.abc123.euw1.cache.amazonaws.com',
  RedisPort: '6379',
  RedisAuthSecretArn: '',
  RedisTlsEnabled: 'true',
  EventUploadBucket: 'langfuse-events',
  MediaUploadBucket: 'langfuse-media',
  EventUploadPrefix: 'events/',
  MediaUploadPrefix: 'media/',
  V3WebImageAccessRoleArn: '',
  AwsRegion: 'eu-west-1',
  Partition: 'aws',
  EncryptionKeySecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:encryption-key-AbCdEf',
  WorkerHealthUrl: 'http://worker.langfuse.local:3030/api/health',
  BackendOnFailure: 'sleep',
  WebSecretsKmsKeyArn: '',
};

export function substitute(values) {
  return JSON.parse(
    rawDefinition.replace(/\$\{([A-Za-z0-9]+)\}/g, (_, name) => {
      if (name.endsWith('FunctionArn')) return functionArn(name.replace(/Arn$/, ''));
      if (!(name in values)) throw new Error(`No test value for substitution ${name}`);
      return values[name];
    }),
  );
}

/** A Lambda error as Step Functions sees it: the name is the function's error type, the cause Lambda's JSON. */
export function lambdaError(errorType, message) {
  const error = new Error(JSON.stringify({ errorType, errorMessage: message, trace: [] }));
  error.name = errorType;
  return error;
}

/**
 * A fake installation that the handlers act on, recording every change, so tests assert on effects
 * (snapshots created, web updates, backend calls) rather than only on the final state name.
 */
export class World {
  constructor() {
    this.snapshots = new Map();
    this.snapshotStatusAfterPolls = [];
    this.web = { image: 'langfuse:2.95.1', updates: [], settled: [], operations: new Map() };
    this.webOperationStatuses = { switch: ['IN_PROGRESS', 'SUCCEEDED'], rollback: ['SUCCEEDED'] };
    this.backendCalls = [];
    this.backendSteadyAfter = { clickhouse: 1, worker: 1 };
    this.probes = { backend: () => true, web: () => true, rollback: () => true };
    this.running = new Set();
    this.faults = new Map(); // function name -> array of errors to throw on the next calls
    this.calls = [];
  }

  /** Queues errors that the next calls of a function throw, in order. */
  fail(functionName, ...errors) {
    this.faults.set(functionName, [...(this.faults.get(functionName) ?? []), ...errors]);
    return this;
  }
}

const progressAfter = (progress, healthy, limits, detail) => {
  const attempts = progress.attempts + 1;
  const consecutiveSuccesses = healthy ? progress.consecutiveSuccesses + 1 : 0;
  const verdict = consecutiveSuccesses >= limits.healthSuccessesRequired ? 'healthy' : attempts >= limits.healthMaxAttempts ? 'unhealthy' : 'probing';
  return { consecutiveSuccesses, attempts, verdict, detail };
};

const int = (value) => (typeof value === 'number' ? value : Number.parseInt(value, 10));

/** The step handlers' contracts (inputs the ASL sends, outputs its ResultSelectors pick), acting on the world. */
export const handlers = {
  MigrationPreflightFunction(world, { settings, execution }) {
    const others = [...world.running].filter((arn) => arn !== execution.id);
    if (others.length > 0) {
      throw lambdaError('MigrationAlreadyRunningException', `Another migration is running (${others.join(', ')}); this execution changed nothing.`);
    }
    world.running.add(execution.id);
    if (!String(settings.v3WebImage).match(/:3\.(\d|1\d|2\d)(\.\d+)?$/) && settings.allowImageOutsideRange !== true) {
      throw lambdaError('PreflightFailedException', `Preflight found 1 problem(s), nothing was changed: (1) v3WebImage: '${settings.v3WebImage}' ...`);
    }
    const limits = Object.fromEntries(
      ['snapshotPollSeconds', 'snapshotMaxPolls', 'backendPollSeconds', 'backendMaxPolls', 'healthPollSeconds', 'healthSuccessesRequired', 'healthMaxAttempts', 'webPollSeconds', 'webMaxPolls'].map((k) => [k, int(settings[k])]),
    );
    return {
      dryRun: settings.dryRun === true,
      snapshotIdentifier: `langfuse-pre-v3-${execution.name}`,
      database: { identifier: settings.databaseIdentifier, kind: 'AuroraCluster' },
      web: { serviceArn: settings.webServiceArn, serviceUrl: 'abc.awsapprunner.com', before: { imageIdentifier: world.web.image }, after: { imageIdentifier: settings.v3WebImage } },
      rollback: { serviceArn: settings.webServiceArn, configuration: { imageIdentifier: world.web.image } },
      backend: { cluster: settings.ecsCluster, clickHouseService: settings.clickHouseService, workerService: settings.workerService },
      limits,
      backendOnFailure: settings.backendOnFailure,
      currentVersion: '2.95.1',
      targetVersion: '3.29.0',
      settingsSeen: settings,
    };
  },
  MigrationSnapshotFunction(world, { snapshotIdentifier }) {
    if (!world.snapshots.has(snapshotIdentifier)) {
      world.snapshots.set(snapshotIdentifier, { polls: 0 });
      return { identifier: snapshotIdentifier, status: 'creating', statusMessage: '' };
    }
    const snapshot = world.snapshots.get(snapshotIdentifier);
    const status = world.snapshotStatusAfterPolls[snapshot.polls] ?? 'available';
    snapshot.polls += 1;
    return { identifier: snapshotIdentifier, status, statusMessage: status === 'failed' ? 'Storage full' : '' };
  },
  MigrationWakeBackendFunction(world, { component, backgroundMigrations }) {
    world.backendCalls.push(`wake ${component} backgroundMigrations=${backgroundMigrations}`);
    return { component, steady: false, detail: '0/1 running' };
  },
  MigrationBackendStatusFunction(world, { component }) {
    world.backendSteadyAfter[component] -= 1;
    const steady = world.backendSteadyAfter[component] <= 0;
    return { component, steady, detail: steady ? '1/1 running' : '0/1 running' };
  },
  MigrationProbeBackendFunction(world, { limits, progress }) {
    const healthy = world.probes.backend(progress);
    return progressAfter(progress, healthy, limits, healthy ? '/ping 200; /api/health 200' : '/api/health 503');
  },
  MigrationSleepBackendFunction(world) {
    world.backendCalls.push('sleep');
    return { detail: 'worker 0, clickhouse 0' };
  },
  MigrationSwitchWebFunction(world, { web, settle }) {
    const id = `op-${world.web.operations.size + 1}`;
    if (settle) {
      world.web.settled.push(web.after.imageIdentifier);
      return { operationId: id, status: 'IN_PROGRESS' };
    }
    world.web.updates.push(web.after.imageIdentifier);
    world.web.operations.set(id, [...world.webOperationStatuses.switch]);
    return { operationId: id, status: 'IN_PROGRESS' };
  },
  MigrationWebOperationStatusFunction(world, { operationId }) {
    const statuses = world.web.operations.get(operationId);
    const status = statuses.length > 1 ? statuses.shift() : statuses[0];
    return { operationId, status };
  },
  MigrationProbeWebFunction(world, { limits, progress }) {
    const healthy = world.web.updates.at(-1) === world.web.image ? world.probes.rollback(progress) : world.probes.web(progress);
    return progressAfter(progress, healthy, limits, healthy ? '/api/public/health 200; /api/public/ready 200' : '/api/public/health 503');
  },
  MigrationRollbackWebFunction(world, { rollback }) {
    const id = `op-${world.web.operations.size + 1}`;
    world.web.updates.push(rollback.configuration.imageIdentifier);
    world.web.operations.set(id, [...world.webOperationStatuses.rollback]);
    return { operationId: id, status: 'IN_PROGRESS' };
  },
  MigrationEnableBackgroundMigrationsFunction(world) {
    world.backendCalls.push('background migrations on');
    return { detail: 'worker revision 3' };
  },
  MigrationReportFunction(world, { plan, snapshot, phases, finishedAt, execution }) {
    return {
      outcome: 'Migrated',
      executionName: execution.name,
      snapshotIdentifier: snapshot.identifier,
      versionBefore: plan.currentVersion,
      versionAfter: plan.targetVersion,
      phases: Object.keys(phases),
      finishedAt,
    };
  },
};

export function taskOverrides(definition, world, executionId) {
  const overrides = {};
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    const functionName = state.Parameters.FunctionName.split(':function:')[1];
    const handler = handlers[functionName];
    if (!handler) throw new Error(`No local handler for ${functionName} (state ${stateName})`);
    overrides[stateName] = async (input) => {
      if (input.FunctionName !== state.Parameters.FunctionName) throw new Error('FunctionName must reach the task unchanged');
      world.calls.push({ executionId, state: stateName, function: functionName });
      const queued = world.faults.get(functionName);
      if (queued && queued.length > 0) throw queued.shift();
      // lambda:invoke returns the function's response in Payload.
      return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: structuredClone(handler(world, structuredClone(input.Payload))) };
    };
  }
  return overrides;
}

/**
 * Runs one execution. Waits and retry pauses are overridden to 0 ms so the suite is fast; the back-off
 * shape itself is asserted on the definition.
 */
export async function runMigration({ world = new World(), input = {}, values = stackValues, name = 'run-1', waitMs = 0 } = {}) {
  const definition = substitute(values);
  const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  const executionId = `arn:aws:states:eu-west-1:123456789012:execution:langfuse-migration:${name}`;
  const waits = Object.fromEntries(Object.entries(definition.States).filter(([, s]) => s.Type === 'Wait').map(([n]) => [n, waitMs]));
  const retries = Object.fromEntries(Object.entries(definition.States).filter(([, s]) => s.Retry).map(([n]) => [n, 0]));
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: taskOverrides(definition, world, executionId), waitTimeOverrides: waits, retryIntervalOverrides: retries },
    context: {
      Execution: { Name: name, Id: executionId },
      StateMachine: { Id: 'arn:aws:states:eu-west-1:123456789012:stateMachine:langfuse-migration', Name: 'langfuse-migration' },
      State: { EnteredTime: '2026-11-29T02:00:00.000Z', Name: 'any' },
    },
  });
  let output;
  let error;
  try {
    output = await execution.result;
  } catch (e) {
    if (!(e instanceof ExecutionError)) throw e;
    error = e.cause ?? e;
  } finally {
    world.running.delete(executionId);
  }
  const events = execution.eventLogs ? await collect(execution.eventLogs) : [];
  const entered = events.filter((e) => e.type === 'StateEntered').map((e) => e.state.name);
  const failed = events.find((e) => e.type === 'ExecutionFailed');
  const retried = events.filter((e) => e.type === 'StateRetried').map((e) => e.state.name);
  return { output, error, failed, entered, retried, events, world, definition };
}

async function collect(eventLogs) {
  const events = [];
  for await (const event of eventLogs) events.push(event);
  return events;
}
