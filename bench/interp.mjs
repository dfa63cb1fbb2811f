// Interpreter speed: guest instructions per second on the cisc32 samples,
// timed with benchmark.js, plus the wall time of `xlat run hello.s` (start-up,
// with the compiled spec cached). Run with `node bench/interp.mjs` after
// `npm run build`. Numbers drift between machines and runs; the README keeps
// the figures of one real run.

import Benchmark from 'benchmark';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadIsa } from '../dist/spec/index.js';
import { assemble } from '../dist/asm/index.js';
import { isaAssembler } from '../dist/asm/backend.js';
import { MemoryIo, createProcess } from '../dist/os/index.js';
import { runInterp } from '../dist/cli/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cases = [
  { isa: 'cisc32', file: 'samples/cisc32/fib.s', args: ['27'] },
  { isa: 'cisc32', file: 'samples/cisc32/sieve.s', args: ['1000000'] },
  { isa: 'risc32', file: 'samples/risc32/fib.s', args: ['27'] },
  { isa: 'risc32', file: 'samples/risc32/sieve.s', args: ['1000000'] },
];

function runOnce(isa, image, args) {
  const io = new MemoryIo('');
  const proc = createProcess(image, isa, ['bench', ...args], { io });
  const r = runInterp(proc, {});
  if (r.stop.kind !== 'exit') throw new Error(`${r.stop.kind}`);
  return r.steps;
}

const rows = [];
for (const c of cases) {
  const isa = await loadIsa(c.isa);
  const image = assemble(readFileSync(join(root, c.file), 'utf8'), c.file, isaAssembler(isa));
  const steps = runOnce(isa, image, c.args);
  await new Promise((resolve) => {
    new Benchmark(`${c.file} ${c.args.join(' ')}`, () => runOnce(isa, image, c.args), { minSamples: 8 })
      .on('complete', function () {
        const s = this.stats.mean;
        rows.push({ name: this.name, steps, seconds: s, mips: steps / s / 1e6 });
        resolve();
      })
      .run();
  });
}

// Start-up: median of 7 wall-clock runs of the CLI on hello (spec cache warm).
const cli = join(root, 'dist/cli/main.js');
spawnSync(process.execPath, [cli, 'run', 'samples/cisc32/hello.s'], { cwd: root });
const times = [];
for (let i = 0; i < 7; i++) {
  const t0 = process.hrtime.bigint();
  spawnSync(process.execPath, [cli, 'run', 'samples/cisc32/hello.s'], { cwd: root });
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);

console.log('| program | guest instructions | time per run | interpreter MIPS |');
console.log('|---|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.steps.toLocaleString('en-US')} | ${(r.seconds * 1000).toFixed(1)} ms | ${r.mips.toFixed(1)} |`);
}
console.log(`\nxlat run samples/cisc32/hello.s: median wall time ${times[3].toFixed(0)} ms (7 runs)`);
