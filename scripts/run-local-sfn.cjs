#!/usr/bin/env node
// Runs an ASL definition with aws-local-stepfunctions (the one runner: the test suite's LocalStepFunctions and the CLI's
// demo both use it). Task states are answered by scripted outcomes or, for states without a script when
// "lambdaEndpoint" is set, by the Lambda Invoke API at that endpoint (as arn:aws:states:::lambda:invoke does on AWS).
// stdin: {"repositoryRoot", "definition", "input", "substitutions", "taskOutcomes": {"State": [{"result": ...} | {"error", "cause"}]},
//         "lambdaEndpoint", "zeroWaits", "waitMilliseconds", "zeroRetryIntervals", "retryIntervalMilliseconds", "context", "stream"}
// stdout: {"status": "SUCCEEDED"|"FAILED", "output", "error", "cause", "taskCalls": [{"state", "input", "attempt"}],
//          "unscriptedStates": [...], "events": [...]}
//         With "stream": true, first one line {"event": ...} per execution event as it happens, then that result as
//         the last line.
'use strict';
const path = require('node:path');

require('./promise-with-resolvers-polyfill.cjs');

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function substitute(node, substitutions) {
  if (typeof node === 'string') {
    return node.replace(/\$\{([A-Za-z0-9_.]+)\}/g, (match, name) => (name in substitutions ? substitutions[name] : match));
  }
  if (Array.isArray(node)) return node.map((item) => substitute(item, substitutions));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, substitute(value, substitutions)]));
  }
  return node;
}

// Every state of the machine, nested Parallel branches and Map processors included.
function collectStates(machine, found = []) {
  for (const [name, state] of Object.entries(machine.States ?? {})) {
    found.push([name, state]);
    for (const branch of state.Branches ?? []) collectStates(branch, found);
    if (state.Iterator) collectStates(state.Iterator, found);
    if (state.ItemProcessor) collectStates(state.ItemProcessor, found);
  }
  return found;
}

function namedError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

// arn:aws:states:::lambda:invoke through the Lambda Invoke API: the result is {Payload, StatusCode, ...} as on AWS; a
// function error becomes an error named by the function's errorType with Lambda's error JSON as the cause, and API
// failures become the Lambda.* errors Step Functions reports, so Retry and Catch match as they would on AWS.
async function invokeLambda(endpoint, stateName, input) {
  const functionName = input?.FunctionName;
  if (typeof functionName !== 'string' || functionName.length === 0) {
    throw namedError('States.Runtime', `Task state '${stateName}' has no Parameters.FunctionName to invoke.`);
  }
  let response;
  try {
    response = await fetch(new URL(`/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
      body: JSON.stringify(input.Payload ?? {}),
    });
  } catch (error) {
    throw namedError('Lambda.SdkClientException', `Unable to reach the Lambda endpoint ${endpoint}: ${error.cause?.message ?? error.message}`);
  }
  const text = await response.text();
  if (response.status === 429) throw namedError('Lambda.TooManyRequestsException', text);
  if (response.status === 404) throw namedError('Lambda.ResourceNotFoundException', text);
  if (response.status >= 500) throw namedError('Lambda.ServiceException', text);
  if (response.status >= 400) throw namedError('Lambda.AWSLambdaException', text);
  if (response.headers.get('x-amz-function-error')) {
    let errorType = 'Lambda.Unknown';
    try {
      errorType = JSON.parse(text).errorType || errorType;
    } catch {
      // Not Lambda's error JSON: keep the generic name, the text is still the cause.
    }
    throw namedError(errorType, text);
  }
  return {
    ExecutedVersion: response.headers.get('x-amz-executed-version') ?? '$LATEST',
    Payload: text.length === 0 ? null : JSON.parse(text),
    StatusCode: response.status,
  };
}

function merge(base, override) {
  if (!override || typeof override !== 'object' || Array.isArray(override)) return override ?? base;
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = merge(base?.[key], value);
  return merged;
}

// Step Functions always fills the Context Object; the library leaves it empty, which would make every
// "$$.Execution.Name" a States.Runtime error that no real execution has.
function defaultContext(input) {
  const name = `local-${Date.now()}`;
  const stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:LocalStateMachine';
  return {
    Execution: {
      Id: `arn:aws:states:us-east-1:123456789012:execution:LocalStateMachine:${name}`,
      Name: name,
      Input: input,
      StartTime: new Date().toISOString(),
      RoleArn: 'arn:aws:iam::123456789012:role/LocalStateMachineRole',
      RedriveCount: 0,
    },
    StateMachine: { Id: stateMachineArn, Name: 'LocalStateMachine' },
  };
}

// The library never fills $$.State. A getter evaluated when a state reads it gives the time the state ran, which for
// the Pass states that record phase starts is when they were entered.
function withLiveStateTime(context) {
  const state = context.State ?? {};
  if (state.EnteredTime === undefined) {
    Object.defineProperty(state, 'EnteredTime', { enumerable: true, get: () => new Date().toISOString() });
  }
  return { ...context, State: state };
}

async function main() {
  const spec = JSON.parse(await readStdin());
  const root = spec.repositoryRoot ?? process.cwd();
  let library;
  try {
    library = require(require.resolve('aws-local-stepfunctions', { paths: [root] }));
  } catch (error) {
    throw new Error(`aws-local-stepfunctions is not installed under ${root}: run 'npm ci' there (scripts/test.sh does). ${error.message}`);
  }

  const definition = substitute(spec.definition, spec.substitutions ?? {});
  const states = collectStates(definition);
  const outcomes = spec.taskOutcomes ?? {};
  const taskCalls = [];
  const unscriptedStates = [];
  const callsPerState = {};
  const taskResourceLocalHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};

  const waitMilliseconds = spec.waitMilliseconds ?? (spec.zeroWaits !== false ? 0 : undefined);
  const retryIntervalMilliseconds = spec.retryIntervalMilliseconds ?? (spec.zeroRetryIntervals !== false ? 0 : undefined);
  for (const [name, state] of states) {
    if (state.Type === 'Task') {
      taskResourceLocalHandlers[name] = async (input) => {
        const attempt = (callsPerState[name] = (callsPerState[name] ?? 0) + 1);
        taskCalls.push({ state: name, input, attempt });
        const scripted = outcomes[name];
        if ((!scripted || scripted.length === 0) && spec.lambdaEndpoint) {
          return invokeLambda(spec.lambdaEndpoint, name, input);
        }
        if (!scripted || scripted.length === 0) {
          unscriptedStates.push(name);
          const error = new Error(`Task state '${name}' has no scripted outcome. Scripted: ${Object.keys(outcomes).join(', ') || 'none'}.`);
          error.name = 'UnscriptedTaskState';
          throw error;
        }
        const outcome = scripted[Math.min(attempt, scripted.length) - 1];
        if (outcome.error !== undefined && outcome.error !== null) {
          const error = new Error(outcome.cause ?? '');
          error.name = outcome.error;
          throw error;
        }
        return outcome.result ?? null;
      };
    }
    if (state.Type === 'Wait' && waitMilliseconds !== undefined) waitTimeOverrides[name] = waitMilliseconds;
    if (Array.isArray(state.Retry) && retryIntervalMilliseconds !== undefined) retryIntervalOverrides[name] = retryIntervalMilliseconds;
  }

  const machine = new library.StateMachine(definition, {
    validationOptions: { checkArn: false },
  });
  const execution = machine.run(spec.input ?? {}, {
    overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
    context: withLiveStateTime(merge(defaultContext(spec.input ?? {}), spec.context ?? undefined)),
  });

  const events = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      events.push(event);
      if (spec.stream === true) process.stdout.write(`${JSON.stringify({ event })}\n`);
    }
  })();

  let status = 'SUCCEEDED';
  let output = null;
  try {
    output = await execution.result;
  } catch {
    status = 'FAILED';
  }
  await collecting;

  const failed = events.find((event) => event.type === 'ExecutionFailed');
  process.stdout.write(`${JSON.stringify({
    status,
    output,
    error: failed?.Error ?? null,
    cause: failed?.Cause ?? null,
    taskCalls,
    unscriptedStates,
    // Streamed runs already wrote every event.
    events: spec.stream === true ? [] : events,
  })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(2);
});
