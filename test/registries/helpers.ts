import Ajv from 'ajv';
import { ts } from 'ts-morph';
import * as tf from '@tensorflow/tfjs';
import * as gan from '../../runtime/index.js';

/** A kind's options as the checker hands them over: the given ones, defaults applied by ajv. */
export function defaultedOptions(schema: object, given: Record<string, unknown>): Record<string, unknown> {
  const options = structuredClone(given);
  const validate = new Ajv({ useDefaults: true, strict: false }).compile(schema);
  if (!validate(options)) throw new Error(`options ${JSON.stringify(given)} do not validate: ${JSON.stringify(validate.errors)}`);
  return options;
}

/** Runs emitted TypeScript as it runs in a trainer: transpiled, with `tf` and the runtime as `gan` in scope. */
export function compiled<T>(parameters: readonly string[], body: string): (...args: unknown[]) => T {
  const source = ts.transpile(`const emitted = function (${parameters.join(', ')}) {\n${body}\n};`, { target: ts.ScriptTarget.ES2022 });
  const make = new Function('tf', 'gan', `${source}\nreturn emitted;`) as (tfjs: typeof tf, runtime: typeof gan) => (...args: unknown[]) => T;
  return make(tf, gan);
}
