// `xlat bench`: the suite's variants agree, `--quick` runs end to end and its
// JSON has every field, and a variant that prints another checksum is an
// error. No test here looks at a time: times depend on the machine.

import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir, xlat } from '../fixtures/cli.js';
import { runBench } from '../../src/cli/bench.js';
import { loadProgram } from '../../src/cli/program.js';
import { runDbt, runInterp } from '../../src/cli/run.js';
import { CODE_LIMIT } from '../../src/dbt/index.js';
import { runNative } from '../../src/host/index.js';
import { MemoryIo, createProcess } from '../../src/os/index.js';
import { XlatError, loadIsa } from '../../src/spec/index.js';

interface SuiteEntry {
  name: string;
  full: number;
  quick: number;
  what: string;
}

const suite = ((await import(pathToFileURL(join(ROOT, 'bench', 'suite.mjs')).href)) as { suite: SuiteEntry[] }).suite;

async function jsChecksum(name: string, n: number): Promise<string> {
  const mod = (await import(pathToFileURL(join(ROOT, 'bench', 'js', `${name}.mjs`)).href)) as { default: (n: number) => string };
  return mod.default(n);
}

/** A small size for each benchmark: enough to exercise every path, quick under the interpreters. */
const SMALL: Record<string, number> = { fib: 15, sieve: 3000, matmul: 9, crc32: 1001, qsort: 300, sha256: 130, bf: 12, bignum: 20, memops: 3 };

const tmp = tempDir('xlat-bench-');
afterAll(() => tmp.cleanup());

describe('the benchmark suite', () => {
  it('has at least eight benchmarks, each in cisc32, risc32 and JavaScript', () => {
    expect(suite.length).toBeGreaterThanOrEqual(8);
    for (const s of suite) {
      expect(existsSync(join(ROOT, 'samples', 'bench', 'cisc32', `${s.name}.s`)), s.name).toBe(true);
      expect(existsSync(join(ROOT, 'samples', 'bench', 'risc32', `${s.name}.s`)), s.name).toBe(true);
      expect(existsSync(join(ROOT, 'bench', 'js', `${s.name}.mjs`)), s.name).toBe(true);
      expect(s.quick).toBeLessThan(s.full);
    }
    expect(suite.map((s) => s.name).sort()).toEqual(Object.keys(SMALL).sort());
  });

  it('every assembly version prints what the JavaScript version computes (interp, dbt, native; small sizes)', async () => {
    const host = await loadIsa('risc32');
    for (const s of suite) {
      const n = SMALL[s.name];
      const want = `${await jsChecksum(s.name, n)}\n`;
      const guest = await loadProgram(join(ROOT, 'samples', 'bench', 'cisc32', `${s.name}.s`));
      const native = await loadProgram(join(ROOT, 'samples', 'bench', 'risc32', `${s.name}.s`));
      const argv = [s.name, String(n)];
      const engines = {
        interp: (io: MemoryIo) => runInterp(createProcess(guest.image, guest.isa, argv, { io }), {}).stop,
        dbt: (io: MemoryIo) => runDbt(createProcess(guest.image, guest.isa, argv, { io, memorySize: CODE_LIMIT }), host, {}).stop,
        native: (io: MemoryIo) => runNative(createProcess(native.image, native.isa, argv, { io }), {}).stop,
      };
      for (const [engine, run] of Object.entries(engines)) {
        const io = new MemoryIo();
        expect(run(io).kind, `${s.name} ${n} on ${engine}`).toBe('exit');
        expect(io.stdoutText(), `${s.name} ${n} on ${engine}`).toBe(want);
      }
    }
  });

  it('sha256 and crc32 compute the real SHA-256 and CRC-32', async () => {
    const { createHash } = await import('node:crypto');
    const { fill } = (await import(pathToFileURL(join(ROOT, 'bench', 'js', 'sha256.mjs')).href)) as { fill: (n: number) => Uint8Array };
    for (const n of [0, 52, 56, 64, 1000]) {
      expect(await jsChecksum('sha256', n)).toBe(createHash('sha256').update(fill(n)).digest('hex'));
    }
    // zlib's check value of "123456789" is cbf43926; the buffer here is the
    // xorshift one, so check the table-driven CRC against a bitwise one.
    const data = fill(1000);
    let crc = -1;
    for (const b of data) {
      crc ^= b;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
    expect(await jsChecksum('crc32', 1000)).toBe(((crc ^ -1) >>> 0).toString(16).padStart(8, '0'));
  });
});

describe('xlat bench --quick', () => {
  it('checks the checksums of two benchmarks, times them and writes JSON with every field and an SVG chart', () => {
    const json = join(tmp.dir, 'bench.json');
    const svg = join(tmp.dir, 'ratios.svg');
    const r = xlat(['bench', '--quick', 'bf', 'memops', '--json', json, '--svg', svg], { timeout: 120_000 });
    expect(r.stderr, r.cmd).toBe('');
    expect(r.status, r.cmd).toBe(0);
    expect(r.stdout).toContain('every variant printed the same checksum');
    expect(r.stdout).toMatch(/^bf\s/m);
    expect(r.stdout).toMatch(/^memops\s/m);
    expect(r.stdout).toMatch(/^geomean\s/m);
    expect(r.stdout).toContain('start-up: xlat run');

    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(report.machine).length).toBeGreaterThan(0);
    expect(report.benchmarks.map((b: { name: string }) => b.name)).toEqual(['bf', 'memops']);
    for (const b of report.benchmarks) {
      for (const key of ['name', 'guestInstructions', 'seconds', 'hostInstructionsPerGuestInstruction', 'dispatchesPer1000', 'translateSeconds', 'checksum']) {
        expect(b, `${b.name}.${key}`).toHaveProperty(key);
      }
      expect(Object.keys(b.seconds).sort()).toEqual(['aot', 'dbt', 'interp', 'js', 'native']);
      for (const e of ['interp', 'dbt', 'native', 'js']) expect(typeof b.seconds[e], `${b.name} ${e}`).toBe('number');
      expect(b.seconds.aot === null || typeof b.seconds.aot === 'number').toBe(true);
      expect(b.guestInstructions).toBeGreaterThan(0);
      expect(b.hostInstructionsPerGuestInstruction).toBeGreaterThan(0);
      expect(b.dispatchesPer1000).toBeGreaterThanOrEqual(0);
      expect(b.translateSeconds).toBeGreaterThan(0);
    }
    // The checksums the harness agreed on are the JavaScript versions' at the quick sizes.
    for (const b of report.benchmarks) {
      const size = suite.find((s) => s.name === b.name)!.quick;
      expect(b.size).toBe(size);
    }
    for (const key of ['interpOverDbt', 'dbtOverNative', 'nativeOverJs']) expect(report.geomean).toHaveProperty(key);
    expect(typeof report.interpreterMips).toBe('number');
    expect(report.startup.dbtSeconds).toBeGreaterThan(0);
    expect(report.translation.guestInstructions).toBeGreaterThan(0);

    const chart = readFileSync(svg, 'utf8');
    expect(chart.startsWith('<svg')).toBe(true);
    expect(chart).toContain('interp / dbt');
  }, 120_000);

  it('checksums match the JavaScript versions', async () => {
    const report = JSON.parse(readFileSync(join(tmp.dir, 'bench.json'), 'utf8'));
    for (const b of report.benchmarks) expect(b.checksum).toBe(await jsChecksum(b.name, b.size));
  });

  it('rejects an unknown benchmark by name', () => {
    const r = xlat(['bench', '--quick', 'nosuch']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^xlat: unknown benchmark nosuch \(known: fib, /);
  });
});

describe('a variant that prints another checksum', () => {
  it('is an error, before anything is timed', async () => {
    // A copy of the suite with one benchmark whose JavaScript version is off by one.
    const root = join(tmp.dir, 'doctored');
    for (const dir of ['bench/js', 'samples/bench/cisc32', 'samples/bench/risc32']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'bench', 'suite.mjs'), `export const guest = 'cisc32';\nexport const suite = [{ name: 'fib', full: 12, quick: 12, what: 'doctored' }];\n`);
    writeFileSync(join(root, 'bench', 'js', 'fib.mjs'), `export default function run(n) { return String(${await jsChecksum('fib', 12)} + 1); }\n`);
    for (const isa of ['cisc32', 'risc32']) cpSync(join(ROOT, 'samples', 'bench', isa, 'fib.s'), join(root, 'samples', 'bench', isa, 'fib.s'));
    const err = await runBench([], { quick: true, root, progress: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(XlatError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^bench fib 12: the variants disagree on the checksum:\n/);
    expect(msg).toMatch(/^ {2}interp +"144\\n"$/m);
    expect(msg).toMatch(/^ {2}dbt +"144\\n"$/m);
    expect(msg).toMatch(/^ {2}native +"144\\n"$/m);
    expect(msg).toMatch(/^ {2}js +"145\\n"$/m);
  });
});
