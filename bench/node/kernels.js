// Node.js (V8) side of the interpreter kernels (bench/kernels.h): runs the
// same wasm binaries with the same arguments as //bench:interp_bench's
// BM_Kernel and prints ns per unit of work, for V8's baseline compiler
// (Liftoff only) and its optimizing compiler (TurboFan only), each in a child
// node process started with the matching V8 flags.
//
//   bazel run -c opt //bench:interp_bench -- --emit-wasm=/tmp/kernels
//   node bench/node/kernels.js /tmp/kernels [--interp-json=FILE] [--reps=N]
//
// --interp-json takes interp_bench's JSON output (--benchmark_out=FILE
// --benchmark_out_format=json) and adds the interpreter's figures and the
// ratios to the table. bench/node/kernels_compare.sh does all three steps.
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const MODES = {
  liftoff: ['--liftoff', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'],
  turbofan: ['--no-liftoff', '--no-wasm-lazy-compilation'],
};

function parseArgs(argv) {
  const args = { dir: null, interpJson: null, reps: 7, child: false };
  for (const arg of argv) {
    if (arg === '--child') args.child = true;
    else if (arg.startsWith('--interp-json=')) args.interpJson = arg.slice(14);
    else if (arg.startsWith('--reps=')) args.reps = parseInt(arg.slice(7), 10);
    else if (!args.dir) args.dir = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (!args.dir) {
    throw new Error('usage: node kernels.js DIR [--interp-json=FILE] [--reps=N]');
  }
  return args;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// CPU time of this process in ns (user + system), as Google Benchmark's
// default CPU time for interp_bench: a loaded machine slows the wall clock of
// both sides but charges neither for time it was not running.
function cpuNs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

// In a child process (V8 flags already set): every kernel, warmed up, then
// {reps} samples of enough calls of run(n) to take >= 20 ms of CPU (the clock
// counts microseconds); prints {name: {ns_per_unit, ok}} as JSON, the median
// sample per kernel.
function runChild(args) {
  const manifest = JSON.parse(fs.readFileSync(path.join(args.dir, 'kernels.json'), 'utf8'));
  const results = {};
  for (const kernel of manifest) {
    const bytes = fs.readFileSync(path.join(args.dir, kernel.file));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const run = instance.exports.run;
    let ok = true;
    const warmStart = cpuNs();
    for (let i = 0; i < 3; ++i) ok = ok && run(kernel.n) === kernel.expected;
    const callNs = Math.max((cpuNs() - warmStart) / 3, 1000);
    const callsPerSample = Math.max(1, Math.ceil(20e6 / callNs));
    const samples = [];
    for (let i = 0; i < args.reps; ++i) {
      const start = cpuNs();
      for (let c = 0; c < callsPerSample; ++c) ok = ok && run(kernel.n) === kernel.expected;
      samples.push((cpuNs() - start) / callsPerSample);
    }
    results[kernel.name] = { ns_per_unit: median(samples) / kernel.units, ok };
  }
  process.stdout.write(JSON.stringify(results));
}

// ns per unit of BM_Kernel/<name>/counters_{off,on} in interp_bench's JSON
// (counter per_unit, in seconds).
function readInterp(file) {
  const figures = {};
  if (!file) return figures;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const b of report.benchmarks) {
    const m = /^BM_Kernel\/([^/]+)\/counters_(on|off)/.exec(b.name);
    if (!m || b.error_occurred || (b.run_type === 'aggregate' && b.aggregate_name !== 'median')) {
      continue;
    }
    if (b.per_unit === undefined) continue;  // seconds per unit of work
    figures[m[1]] = figures[m[1]] || {};
    figures[m[1]][m[2]] = b.per_unit * 1e9;
  }
  return figures;
}

function fmt(value, width) {
  const text = value === undefined ? '-' : value.toFixed(2);
  return text.padStart(width);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return runChild(args);
  const manifest = JSON.parse(fs.readFileSync(path.join(args.dir, 'kernels.json'), 'utf8'));
  const v8 = {};
  for (const [mode, flags] of Object.entries(MODES)) {
    const out = execFileSync(process.execPath,
        [...flags, __filename, '--child', args.dir, `--reps=${args.reps}`], { encoding: 'utf8' });
    v8[mode] = JSON.parse(out);
  }
  const interp = readInterp(args.interpJson);
  console.log(`node ${process.version}, CPU ns per unit of work (median of ${args.reps} samples)`);
  const header = ['kernel', 'unit', 'interp', 'interp+cnt', 'cnt cost',
                  'liftoff', 'turbofan', 'int/lift', 'int/turbo'];
  const widths = [10, 12, 9, 11, 9, 9, 9, 9, 10];
  console.log(header.map((h, i) => i < 2 ? h.padEnd(widths[i]) : h.padStart(widths[i])).join(' '));
  for (const kernel of manifest) {
    const lift = v8.liftoff[kernel.name];
    const turbo = v8.turbofan[kernel.name];
    const mine = interp[kernel.name] || {};
    const cost = mine.off && mine.on ? (mine.on / mine.off - 1) * 100 : undefined;
    const row = [
      kernel.name.padEnd(widths[0]), kernel.unit.padEnd(widths[1]),
      fmt(mine.off, widths[2]), fmt(mine.on, widths[3]),
      (cost === undefined ? '-' : `${cost >= 0 ? '+' : ''}${cost.toFixed(1)}%`).padStart(widths[4]),
      fmt(lift.ns_per_unit, widths[5]), fmt(turbo.ns_per_unit, widths[6]),
      fmt(mine.off && mine.off / lift.ns_per_unit, widths[7]),
      fmt(mine.off && mine.off / turbo.ns_per_unit, widths[8]),
    ];
    if (!lift.ok || !turbo.ok) row.push('  WRONG CHECKSUM');
    console.log(row.join(' '));
  }
}

main();
