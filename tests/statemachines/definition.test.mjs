// Static checks of migration.asl.json: the ASL schema (asl-validator) and the promises the issue makes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawDefinition, substitute, stackValues, root } from './harness.mjs';

const require = createRequire(import.meta.url);
const definition = JSON.parse(rawDefinition);
const states = Object.entries(definition.States);
const tasks = states.filter(([, s]) => s.Type === 'Task');

describe('migration.asl.json definition', () => {
  test('is valid ASL as written (with ${...} placeholders) and after substitution', async () => {
    // Every Resource is arn:${Partition}:states:::lambda:invoke (the stack's partition, aws-cn and aws-us-gov
    // included), which the schema accepts only as an ARN: the partition is filled in, every other placeholder stays.
    const validator = require.resolve('asl-validator/dist/bin/asl-validator.js');
    const asWritten = rawDefinition.replaceAll('${Partition}', 'aws');
    execFileSync(process.execPath, [validator, '--json-definition', asWritten], { stdio: 'pipe' });

    const { default: aslValidator } = await import('asl-validator');
    const substituted = aslValidator(substitute(stackValues));
    assert.equal(substituted.isValid, true, JSON.stringify(substituted.errorsText?.()));
  });

  test('every Task invokes Lambda through lambda:invoke with a substituted function ARN', () => {
    for (const [name, state] of tasks) {
      assert.equal(state.Resource, 'arn:${Partition}:states:::lambda:invoke', name);
      assert.match(state.Parameters.FunctionName, /^\$\{Migration[A-Za-z]+FunctionArn\}$/, name);
    }
  });

  test('every Task retries Lambda and transient errors with exponential back-off and jitter', () => {
    for (const [name, state] of tasks) {
      const transient = state.Retry.find((r) => r.ErrorEquals.includes('TransientAwsException'));
      assert.ok(transient, `${name} has no transient retrier`);
      for (const error of ['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException', 'Lambda.ClientExecutionTimeoutException']) {
        assert.ok(transient.ErrorEquals.includes(error), `${name} does not retry ${error}`);
      }
      assert.ok(transient.BackoffRate > 1 && transient.MaxAttempts >= 3 && transient.JitterStrategy === 'FULL', name);
    }
  });

  test('every Task catches everything, so no failure escapes its path (a failing report cannot fail a finished migration)', () => {
    for (const [name, state] of tasks) {
      assert.ok(state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL')), `${name} has no catch-all`);
    }
  });

  test('every failure after the web switch starts goes through the rollback', () => {
    const afterSwitch = ['Switch web', 'Check web switch', 'Probe web'];
    for (const name of afterSwitch) {
      assert.equal(definition.States[name].Catch[0].Next, 'Roll back web', name);
    }
    for (const name of ['Web switch failed', 'Web switch timed out', 'Web unhealthy']) {
      assert.equal(definition.States[name].Next, 'Roll back web', name);
    }
  });

  test('no failure before the switch reaches the rollback or the web', () => {
    const beforeSwitch = ['Preflight', 'Create snapshot', 'Check snapshot', 'Wake ClickHouse', 'Check ClickHouse', 'Wake worker', 'Check worker', 'Probe backend'];
    for (const name of beforeSwitch) {
      assert.ok(['Preflight failed', 'Fail before switch', 'Backend on failure?'].includes(definition.States[name].Catch[0].Next), name);
    }
  });

  test("every Task's TimeoutSeconds is above its function's Timeout in template.yaml, so the function's own error surfaces", () => {
    const template = readFileSync(join(root, 'template.yaml'), 'utf8');
    for (const [name, state] of tasks) {
      const logicalId = state.Parameters.FunctionName.match(/^\$\{(Migration[A-Za-z]+Function)Arn\}$/)[1];
      const block = template.match(new RegExp(`^  ${logicalId}:\\n((?:(?!^  \\S).*\\n)*)`, 'm'));
      assert.ok(block, `${logicalId} not in template.yaml`);
      const timeout = Number(block[1].match(/^      Timeout: (\d+)$/m)[1]);
      // Step Functions' timer includes the invoke and a cold start: a margin of 30 s or more keeps States.Timeout from
      // firing while the function still runs (and then Catch starting the next step beside it).
      assert.ok(state.TimeoutSeconds >= timeout + 30, `${name}: TimeoutSeconds ${state.TimeoutSeconds} is not above ${logicalId}'s Timeout ${timeout} + 30 s`);
    }
  });

  test('nothing in the definition deletes: no state or function is about deleting, and Tasks only invoke the step functions', () => {
    for (const [name, state] of states) {
      assert.doesNotMatch(name, /delete|remove|terminate|destroy/i);
      if (state.Type === 'Task') assert.doesNotMatch(state.Parameters.FunctionName, /delete|remove|terminate|destroy/i);
    }
  });

  test('every state is reachable from StartAt and every Next exists', () => {
    const reachable = new Set();
    const visit = (name) => {
      if (reachable.has(name)) return;
      assert.ok(definition.States[name], `missing state ${name}`);
      reachable.add(name);
      const s = definition.States[name];
      [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next), ...(s.Catch ?? []).map((c) => c.Next)].filter(Boolean).forEach(visit);
    };
    visit(definition.StartAt);
    assert.deepEqual([...reachable].sort(), Object.keys(definition.States).sort());
  });

  test('every wait loop has a poll limit', () => {
    for (const [name, state] of states.filter(([, s]) => s.Type === 'Choice')) {
      const loopsBack = state.Default?.startsWith('Wait');
      if (!loopsBack) continue;
      const limited = state.Choices.some((c) => c.NumericGreaterThanEqualsPath) || state.Choices.some((c) => c.StringEquals === 'unhealthy');
      assert.ok(limited, `${name} loops without a limit`);
    }
  });
});
