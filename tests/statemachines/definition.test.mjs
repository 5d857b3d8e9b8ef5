// Static checks of migration.asl.json: the ASL schema (asl-validator) and the promises the issue makes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { definitionPath, rawDefinition, substitute, stackValues } from './harness.mjs';

const require = createRequire(import.meta.url);
const definition = JSON.parse(rawDefinition);
const states = Object.entries(definition.States);
const tasks = states.filter(([, s]) => s.Type === 'Task');

describe('migration.asl.json definition', () => {
  test('is valid ASL as written (with ${...} placeholders) and after substitution', async () => {
    const validator = require.resolve('asl-validator/dist/bin/asl-validator.js');
    execFileSync(process.execPath, [validator, '--json-path', definitionPath], { stdio: 'pipe' });

    const { default: aslValidator } = await import('asl-validator');
    const substituted = aslValidator(substitute(stackValues));
    assert.equal(substituted.isValid, true, JSON.stringify(substituted.errorsText?.()));
  });

  test('every Task invokes Lambda through lambda:invoke with a substituted function ARN', () => {
    for (const [name, state] of tasks) {
      assert.equal(state.Resource, 'arn:aws:states:::lambda:invoke', name);
      assert.match(state.Parameters.FunctionName, /^\$\{Migration[A-Za-z]+FunctionArn\}$/, name);
    }
  });

  test('every Task retries Lambda and transient errors with exponential back-off and jitter', () => {
    for (const [name, state] of tasks) {
      const transient = state.Retry.find((r) => r.ErrorEquals.includes('TransientAwsException'));
      assert.ok(transient, `${name} has no transient retrier`);
      for (const error of ['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException']) {
        assert.ok(transient.ErrorEquals.includes(error), `${name} does not retry ${error}`);
      }
      assert.ok(transient.BackoffRate > 1 && transient.MaxAttempts >= 3 && transient.JitterStrategy === 'FULL', name);
    }
  });

  test('every Task but the report catches everything, so no failure escapes its path', () => {
    for (const [name, state] of tasks.filter(([n]) => n !== 'Report')) {
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
