// Retry and Catch of migration.asl.json, proven by running it in aws-local-stepfunctions with throwing handlers.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { runMigration, World, lambdaError, stackValues } from './harness.mjs';

const TRANSIENT = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException', 'TransientAwsException'];

describe('migration state machine (aws-local-stepfunctions)', () => {
  test('happy path: phases run in order and the output is the summary', async () => {
    const { output, error, entered, world } = await runMigration();

    assert.equal(error, undefined);
    assert.equal(output.outcome, 'Migrated');
    assert.equal(output.snapshotIdentifier, 'langfuse-pre-v3-run-1');
    assert.deepEqual(output.phases, ['preflight', 'snapshot', 'backend', 'health', 'webSwitch', 'finish']);
    const order = ['Preflight', 'Create snapshot', 'Wake ClickHouse', 'Wake worker', 'Probe backend', 'Switch web', 'Probe web', 'Enable background migrations', 'Settle web', 'Report'];
    assert.deepEqual(entered.filter((s) => order.includes(s)).filter((s, i, all) => all.indexOf(s) === i), order);
    assert.deepEqual(world.backendCalls, ['wake clickhouse backgroundMigrations=false', 'wake worker backgroundMigrations=false', 'background migrations on']);
    assert.deepEqual(world.web.updates, [stackValues.V3WebImage]);
    assert.deepEqual(world.web.settled, [stackValues.V3WebImage], 'after Finish the web is settled once (no ClickHouse migrations at start)');
    assert.equal(world.snapshots.size, 1);
  });

  test('empty input starts a real migration from the stack settings; input overrides any setting', async () => {
    const plain = await runMigration();
    const overridden = await runMigration({ input: { v3WebImage: 'langfuse:3.28.1', healthSuccessesRequired: 1, backendOnFailure: 'leave' } });

    const seenPlain = plain.events.find((e) => e.type === 'StateExited' && e.state.name === 'Preflight').state.output.preflight.plan.settingsSeen;
    const seen = overridden.events.find((e) => e.type === 'StateExited' && e.state.name === 'Preflight').state.output.preflight.plan.settingsSeen;
    assert.equal(seenPlain.databaseIdentifier, 'langfuse-db');
    assert.equal(seenPlain.v3WebImage, stackValues.V3WebImage);
    assert.equal(seen.v3WebImage, 'langfuse:3.28.1');
    assert.equal(seen.healthSuccessesRequired, 1);
    assert.equal(seen.backendOnFailure, 'leave');
    assert.equal(seen.databaseIdentifier, 'langfuse-db', 'settings not in the input keep their stack value');
    assert.deepEqual(overridden.world.web.updates, ['langfuse:3.28.1']);
    assert.equal(overridden.entered.filter((s) => s === 'Probe web').length, 1, 'one success suffices when healthSuccessesRequired is 1');
  });

  test('dry run: succeeds with the plan and changes nothing', async () => {
    const { output, error, entered, world } = await runMigration({ input: { dryRun: true } });

    assert.equal(error, undefined);
    assert.equal(output.dryRun, true);
    assert.equal(output.snapshotIdentifier, 'langfuse-pre-v3-run-1');
    assert.equal(entered.at(-1), 'Dry run planned');
    assert.equal(world.snapshots.size, 0);
    assert.deepEqual(world.backendCalls, []);
    assert.deepEqual(world.web.updates, []);
  });

  test('preflight failure: fails with PreflightFailedException and touches nothing', async () => {
    const { error, failed, entered, world } = await runMigration({ input: { v3WebImage: 'langfuse:3.112.0' } });

    assert.equal(error.name, 'PreflightFailedException');
    assert.equal(failed.Error, 'PreflightFailedException');
    assert.match(failed.Cause, /v3WebImage/);
    assert.equal(entered.at(-1), 'Preflight failed');
    assert.equal(world.snapshots.size, 0);
    assert.deepEqual(world.web.updates, []);
  });

  test('snapshot failed: stops before the backend with SnapshotFailedException; the web is untouched', async () => {
    const world = new World();
    world.snapshotStatusAfterPolls = ['creating', 'failed'];

    const { error, failed, entered } = await runMigration({ world });

    assert.equal(error.name, 'SnapshotFailedException');
    assert.match(failed.Cause, /langfuse-pre-v3-run-1 failed: Storage full/);
    assert.equal(entered.at(-1), 'Fail before switch');
    assert.deepEqual(world.backendCalls, [], 'the backend was never woken, so it is not put to sleep either');
    assert.deepEqual(world.web.updates, []);
  });

  test('snapshot never available: the poll limit stops the loop', async () => {
    const world = new World();
    world.snapshotStatusAfterPolls = Array(10).fill('creating');

    const { error, failed, entered } = await runMigration({ world, input: { snapshotMaxPolls: 3 } });

    assert.equal(error.name, 'SnapshotFailedException');
    assert.match(failed.Cause, /not available after 3 polls/);
    assert.equal(entered.filter((s) => s === 'Check snapshot').length, 3);
  });

  test('snapshot step that cannot create: caught, stops before the switch', async () => {
    const world = new World().fail('MigrationSnapshotFunction', lambdaError('SnapshotFailedException', 'SnapshotQuotaExceeded'));

    const { error, entered } = await runMigration({ world });

    assert.equal(error.name, 'SnapshotFailedException');
    assert.equal(entered.at(-1), 'Fail before switch');
    assert.deepEqual(world.web.updates, []);
  });

  test('health failing before the switch: backend put back to sleep, web untouched, snapshot kept', async () => {
    const world = new World();
    world.probes.backend = () => false;

    const { error, failed, entered } = await runMigration({ world, input: { healthMaxAttempts: 4 } });

    assert.equal(error.name, 'HealthCheckFailedException');
    assert.match(failed.Cause, /did not pass 3 consecutive health checks in 4 attempts.*\/api\/health 503/);
    assert.deepEqual(entered.slice(-3), ['Backend on failure?', 'Put backend to sleep', 'Fail before switch']);
    assert.equal(world.backendCalls.at(-1), 'sleep');
    assert.deepEqual(world.web.updates, []);
    assert.equal(world.snapshots.size, 1);
  });

  test('health failing before the switch with backendOnFailure=leave: backend left running for diagnosis', async () => {
    const world = new World();
    world.probes.backend = () => false;

    const { error, entered } = await runMigration({ world, input: { healthMaxAttempts: 3, backendOnFailure: 'leave' } });

    assert.equal(error.name, 'HealthCheckFailedException');
    assert.ok(!entered.includes('Put backend to sleep'));
    assert.ok(!world.backendCalls.includes('sleep'));
  });

  test('backend that never becomes steady: BackendNotSteadyException, then sleep', async () => {
    const world = new World();
    world.backendSteadyAfter.clickhouse = 99;

    const { error, failed, entered } = await runMigration({ world, input: { backendMaxPolls: 2 } });

    assert.equal(error.name, 'BackendNotSteadyException');
    assert.match(failed.Cause, /ClickHouse did not reach a steady single task after 2 polls/);
    assert.ok(entered.includes('Put backend to sleep'));
    assert.ok(!world.backendCalls.some((c) => c.startsWith('wake worker')), 'the worker never starts without ClickHouse');
  });

  test('a failing sleep does not hide the original cause', async () => {
    const world = new World().fail('MigrationSleepBackendFunction', lambdaError('BackendWakeFailedException', 'ECS refused'));
    world.probes.backend = () => false;

    const { error } = await runMigration({ world, input: { healthMaxAttempts: 3 } });

    assert.equal(error.name, 'HealthCheckFailedException');
  });

  test('web switch failing: rollback runs and the execution fails with the original cause and the rollback outcome', async () => {
    const world = new World();
    world.webOperationStatuses.switch = ['IN_PROGRESS', 'ROLLBACK_SUCCEEDED'];

    const { error, failed, entered } = await runMigration({ world });

    assert.equal(error.name, 'WebSwitchFailedException');
    assert.match(failed.Cause, /App Runner operation op-1 ended ROLLBACK_SUCCEEDED\. \| rollback succeeded: the web serves the recorded v2 configuration again/);
    assert.deepEqual(world.web.updates, [stackValues.V3WebImage, 'langfuse:2.95.1']);
    assert.ok(entered.includes('Probe rolled-back web'));
    assert.equal(entered.at(-1), 'Fail after switch');
    assert.ok(!world.backendCalls.includes('background migrations on'));
  });

  test('UpdateService refused: caught, rollback runs', async () => {
    const world = new World().fail('MigrationSwitchWebFunction', lambdaError('WebSwitchFailedException', 'InvalidRequestException: VPC connector is not ACTIVE'));

    const { error, failed, entered } = await runMigration({ world });

    assert.equal(error.name, 'WebSwitchFailedException');
    assert.match(failed.Cause, /VPC connector is not ACTIVE.*\| rollback succeeded/);
    assert.ok(entered.includes('Roll back web'));
  });

  test('v3 web unhealthy after the switch: rollback, HealthCheckFailedException', async () => {
    const world = new World();
    world.probes.web = () => false;

    const { error, failed } = await runMigration({ world, input: { healthMaxAttempts: 3 } });

    assert.equal(error.name, 'HealthCheckFailedException');
    assert.match(failed.Cause, /The v3 web did not pass 3 consecutive health checks in 3 attempts.*\| rollback succeeded/);
    assert.equal(world.web.updates.at(-1), 'langfuse:2.95.1');
  });

  test('web switch timing out: rollback after webMaxPolls', async () => {
    const world = new World();
    world.webOperationStatuses.switch = ['IN_PROGRESS'];

    const { error, failed, entered } = await runMigration({ world, input: { webMaxPolls: 2 } });

    assert.equal(error.name, 'WebSwitchFailedException');
    assert.match(failed.Cause, /still running after 2 polls/);
    assert.equal(entered.filter((s) => s === 'Check web switch').length, 2);
  });

  test('rollback failing: the cause carries both the original error and RollbackFailedException', async () => {
    const world = new World();
    world.webOperationStatuses.switch = ['FAILED'];
    world.webOperationStatuses.rollback = ['IN_PROGRESS', 'FAILED'];

    const { error, failed } = await runMigration({ world });

    assert.equal(error.name, 'WebSwitchFailedException');
    assert.match(failed.Cause, /ended FAILED\. \| RollbackFailedException: App Runner rollback ended FAILED/);
  });

  test('rollback that cannot start: the cause carries the rollback error', async () => {
    const world = new World()
      .fail('MigrationSwitchWebFunction', lambdaError('WebSwitchFailedException', 'refused'))
      .fail('MigrationRollbackWebFunction', lambdaError('RollbackFailedException', 'service is DELETED'));

    const { error, failed } = await runMigration({ world });

    assert.equal(error.name, 'WebSwitchFailedException');
    assert.match(failed.Cause, /refused.*\| RollbackFailedException: RollbackFailedException: .*service is DELETED/);
  });

  test('rollback waits out an App Runner operation in progress (WebServiceBusyException is retried)', async () => {
    const world = new World()
      .fail('MigrationSwitchWebFunction', lambdaError('WebSwitchFailedException', 'refused'))
      .fail('MigrationRollbackWebFunction', lambdaError('WebServiceBusyException', 'busy'), lambdaError('WebServiceBusyException', 'busy'));

    const { retried, failed } = await runMigration({ world });

    assert.deepEqual(retried, ['Roll back web', 'Roll back web']);
    assert.match(failed.Cause, /rollback succeeded/);
  });

  test('a cluster that is backing-up or modifying (DatabaseBusyException) is waited out, not a failed snapshot', async () => {
    const world = new World().fail('MigrationSnapshotFunction', lambdaError('DatabaseBusyException', 'InvalidDBClusterStateFault: backing-up'), lambdaError('DatabaseBusyException', 'InvalidDBClusterStateFault: modifying'));

    const { output, error, retried, definition } = await runMigration({ world });

    assert.equal(error, undefined);
    assert.equal(output.outcome, 'Migrated');
    assert.deepEqual(retried, ['Create snapshot', 'Create snapshot']);
    const busy = definition.States['Create snapshot'].Retry.find((r) => r.ErrorEquals.includes('DatabaseBusyException'));
    assert.ok(busy.IntervalSeconds * busy.MaxAttempts >= 15 * 60, 'waits at least a quarter of an hour for a backup to end');
  });

  test('a failing report does not fail a finished migration', async () => {
    const world = new World().fail('MigrationReportFunction', lambdaError('States.TaskFailed', 'summary could not be built'));

    const { output, error, entered } = await runMigration({ world });

    assert.equal(error, undefined);
    assert.equal(output.outcome, 'Migrated');
    assert.equal(output.reportError, 'States.TaskFailed');
    assert.equal(output.snapshotIdentifier, 'langfuse-pre-v3-run-1');
    assert.ok(entered.includes('Enable background migrations'));
    assert.equal(entered.at(-1), 'Migrated');
  });

  for (const transient of TRANSIENT) {
    test(`transient ${transient} is retried and the migration succeeds`, async () => {
      const world = new World().fail('MigrationSnapshotFunction', lambdaError(transient, 'Rate exceeded'), lambdaError(transient, 'Rate exceeded'));

      const { output, error, retried } = await runMigration({ world });

      assert.equal(error, undefined);
      assert.equal(output.outcome, 'Migrated');
      assert.deepEqual(retried, ['Create snapshot', 'Create snapshot']);
      assert.equal(world.snapshots.size, 1, 'the retried step found its snapshot instead of making a second');
    });
  }

  test('transient errors beyond MaxAttempts are caught like any other failure', async () => {
    const errors = Array.from({ length: 7 }, () => lambdaError('TransientAwsException', 'Throttling'));
    const world = new World().fail('MigrationWakeBackendFunction', ...errors);

    const { error, retried, entered } = await runMigration({ world });

    assert.equal(error.name, 'TransientAwsException');
    assert.equal(retried.length, 6);
    assert.ok(entered.includes('Put backend to sleep'));
  });

  test('a non-transient error is not retried', async () => {
    const world = new World().fail('MigrationPreflightFunction', lambdaError('PreflightFailedException', 'databaseIdentifier: ...'));

    const { error, retried } = await runMigration({ world });

    assert.equal(error.name, 'PreflightFailedException');
    assert.deepEqual(retried, []);
  });

  test('a second concurrent execution is refused and changes nothing', async () => {
    const world = new World();
    // The first execution is parked in its snapshot wait loop while the second starts.
    world.snapshotStatusAfterPolls = Array(5).fill('creating');
    const first = runMigration({ world, name: 'first', waitMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await runMigration({ world, name: 'second' });
    const firstResult = await first;

    assert.equal(second.error.name, 'MigrationAlreadyRunningException');
    assert.match(second.failed.Cause, /:first/);
    assert.equal(second.entered.at(-1), 'Preflight failed');
    assert.equal(firstResult.error, undefined);
    assert.deepEqual([...world.snapshots.keys()], ['langfuse-pre-v3-first']);
    assert.equal(world.calls.filter((c) => c.executionId.endsWith(':second')).length, 1, 'the second execution made only its preflight call');
  });

  test('enabling background migrations failing: no rollback of a serving v3 web, the cause says what to do', async () => {
    const world = new World().fail('MigrationEnableBackgroundMigrationsFunction', lambdaError('BackendWakeFailedException', 'RegisterTaskDefinition denied'));

    const { error, failed, entered } = await runMigration({ world });

    assert.equal(error.name, 'BackendWakeFailedException');
    assert.match(failed.Cause, /LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS=true/);
    assert.ok(!entered.includes('Roll back web'));
    assert.deepEqual(world.web.updates, [stackValues.V3WebImage]);
  });
});
