'use strict';
// aws-local-stepfunctions 3.0.0 (the only version the registry serves) declares node >= 22 and uses
// Promise.withResolvers (node 22+) for every Task state; CI and this machine run node 20. Same semantics as the built-in.
// Required by every script that loads aws-local-stepfunctions, before loading it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
