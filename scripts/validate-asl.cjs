#!/usr/bin/env node
// Validates Amazon States Language definitions against the ASL schema with asl-validator.
// SAM's DefinitionSubstitutions (${Name}) are replaced first: a whole-string substitution in a Resource field becomes
// a well-formed Lambda ARN (so the ARN check still runs on every literal ARN), ${Partition} becomes aws (the partition
// of an ARN the validator checks) and any other becomes its name.
'use strict';
const fs = require('node:fs');
const validator = require('asl-validator');
const validate = validator.default ?? validator;

function substitute(node, key) {
  if (typeof node === 'string') {
    if (key === 'Resource' && /^\$\{[A-Za-z0-9_.]+\}$/.test(node)) {
      return `arn:aws:lambda:us-east-1:123456789012:function:${node.slice(2, -1)}`;
    }
    return node.replace(/\$\{Partition\}/g, 'aws').replace(/\$\{([A-Za-z0-9_.]+)\}/g, '$1');
  }
  if (Array.isArray(node)) return node.map((item) => substitute(item, key));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v, k)]));
  }
  return node;
}

let failures = 0;
for (const file of process.argv.slice(2)) {
  let definition;
  try {
    definition = substitute(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (error) {
    console.error(`${file}: not valid JSON: ${error.message}`);
    failures++;
    continue;
  }
  const { isValid, errors } = validate(definition);
  if (isValid) {
    console.log(`${file}: valid ASL`);
  } else {
    failures++;
    console.error(`${file}: invalid ASL`);
    for (const error of errors) console.error(`  ${error['Error code'] ?? 'ERROR'}: ${error.Message ?? error.message ?? JSON.stringify(error)}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
