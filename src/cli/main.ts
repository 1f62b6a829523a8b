#!/usr/bin/env node
import { NeurostreamError } from '../core/errors.js';
import { main } from './program.js';

main(process.argv).catch((e: unknown) => {
  if (e instanceof NeurostreamError) {
    console.error(`neurostream: ${e.message}`);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
