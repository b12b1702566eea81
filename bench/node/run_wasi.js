// Runs a bundled workload's WASI command build (bench/workloads/W_cmd.wasm)
// under Node.js's WASI preview 1, for the harness's "node-wasi" runtime:
//   node run_wasi.js W_cmd.wasm SIZE
// The module prints "checksum: <hex>" itself; the harness times the whole
// process (node startup, compilation and WASI setup included).
'use strict';
const fs = require('fs');
const { WASI } = require('wasi');

async function main() {
  const [path, size] = process.argv.slice(2);
  if (!path || !size) {
    console.error('usage: node run_wasi.js W_cmd.wasm small|medium|large');
    process.exit(2);
  }
  const wasi = new WASI({ version: 'preview1', args: [path, size], env: {} });
  const module = await WebAssembly.compile(fs.readFileSync(path));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  process.exitCode = wasi.start(instance);
}

main().catch((error) => {
  console.error(`error: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
