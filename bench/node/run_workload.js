// Runs one bundled workload reactor (bench/workloads/W.wasm) in Node.js/V8
// for the runner's V8 column: node run_workload.js W.wasm SIZE
// Prints "checksum: <16 hex digits>" and "elapsed_ms: <ms>", the time measured
// around the workload_run call only (compilation and instantiation excluded;
// V8 tiers up from Liftoff to TurboFan inside the call, as it would in use).
'use strict';
const fs = require('fs');

async function main() {
  const [path, sizeArg] = process.argv.slice(2);
  const size = Number(sizeArg);
  if (!path || !Number.isInteger(size) || size < 0) {
    console.error('usage: node run_workload.js W.wasm SIZE(0|1|2)');
    process.exit(2);
  }
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path), {});
  const run = instance.exports.workload_run;
  const start = process.hrtime.bigint();
  const result = run(size);  // i64 results arrive as BigInt
  const elapsedNs = process.hrtime.bigint() - start;
  const hex = BigInt.asUintN(64, result).toString(16).padStart(16, '0');
  console.log(`checksum: ${hex}`);
  console.log(`elapsed_ms: ${(Number(elapsedNs) / 1e6).toFixed(3)}`);
}

main().catch((error) => {
  console.error(`error: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
