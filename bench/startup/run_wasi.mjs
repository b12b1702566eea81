// Runs a wasm32-wasi command in Node.js (node:wasi, preview1): the baseline
// bench/startup/startup.sh measures `wasmtier run` against, and an optional
// second runner for wasi/programs/e2e_test.sh. Usage:
//   node --experimental-wasi-unstable-preview1 run_wasi.mjs \
//       [--env NAME=VALUE]... FILE.wasm [ARGS...]
// The guest gets the current directory preopened as "." (as `wasmtier run
// --dir .::.` gives it), only the --env entries, and its exit status is ours.
import { readFile } from 'node:fs/promises';
import { argv, exit } from 'node:process';
import { WASI } from 'node:wasi';

const rest = argv.slice(2);
const env = {};
while (rest.length >= 2 && rest[0] === '--env') {
  const entry = rest[1];
  const eq = entry.indexOf('=');
  if (eq <= 0) {
    console.error(`run_wasi.mjs: --env wants NAME=VALUE, got '${entry}'`);
    exit(2);
  }
  env[entry.slice(0, eq)] = entry.slice(eq + 1);
  rest.splice(0, 2);
}
const [file, ...args] = rest;
if (!file) {
  console.error('usage: run_wasi.mjs [--env NAME=VALUE]... FILE.wasm [ARGS...]');
  exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [file, ...args],
  env,
  preopens: { '.': '.' },
  returnOnExit: true,
});
// Compiled and instantiated from the bytes on every run: that is the start-up
// cost being compared (no code cache on either side).
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
