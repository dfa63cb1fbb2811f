// `xlat bench`: the suite's variants agree (the more guests' apps with the
// suite's guest's too), `--quick` runs end to end and its JSON has every
// field, and a variant that prints another checksum is an error. No test here
// looks at a time: times depend on the machine.

import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir, xlat } from '../fixtures/cli.js';
import { runBench } from '../../src/cli/bench.js';
import { loadProgram, type Program } from '../../src/cli/program.js';
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

const suiteModule = (await import(pathToFileURL(join(ROOT, 'bench', 'suite.mjs')).href)) as {
  suite: SuiteEntry[];
  guest: string;
  moreGuests: Record<string, string[]>;
};
const suite = suiteModule.suite;
const moreGuests = Object.entries(suiteModule.moreGuests);

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

  it('lists, for each more guest ISA, exactly the benchmarks it has apps for', () => {
    // The issue that brought them: stack32 versions of at least three benchmarks.
    expect(moreGuests.map(([isa]) => isa)).toContain('stack32');
    for (const [isa, names] of moreGuests) {
      expect(isa).not.toBe(suiteModule.guest);
      expect(names.length, isa).toBeGreaterThanOrEqual(3);
      const files = readdirSync(join(ROOT, 'samples', 'bench', isa)).filter((f) => f.endsWith('.s'));
      expect(files.map((f) => f.slice(0, -2)).sort(), isa).toEqual([...names].sort());
    }
  });

  it("every more guest's app prints what the suite's guest app prints (interp and dbt at small sizes, interp at 0)", async () => {
    const host = await loadIsa('risc32');
    const engines = {
      interp: (p: Program, argv: string[], io: MemoryIo) => runInterp(createProcess(p.image, p.isa, argv, { io }), {}).stop,
      dbt: (p: Program, argv: string[], io: MemoryIo) => runDbt(createProcess(p.image, p.isa, argv, { io, memorySize: CODE_LIMIT }), host, {}).stop,
    };
    // Size 0 takes the branches that skip all the work; the interpreter is enough for those (dbt runs cost a translation).
    const cases = (name: string): Array<[number, Array<keyof typeof engines>]> => [
      [SMALL[name], ['interp', 'dbt']],
      [0, ['interp']],
    ];
    for (const [isa, names] of moreGuests) {
      for (const name of names) {
        const guest = await loadProgram(join(ROOT, 'samples', 'bench', suiteModule.guest, `${name}.s`));
        const other = await loadProgram(join(ROOT, 'samples', 'bench', isa, `${name}.s`));
        expect(other.isa.name).toBe(isa);
        for (const [n, which] of cases(name)) {
          const argv = [name, String(n)];
          const io = new MemoryIo();
          expect(engines.interp(guest, argv, io).kind).toBe('exit');
          const want = io.stdoutText();
          for (const engine of which) {
            const out = new MemoryIo();
            const what = `${isa} ${name} ${n} on ${engine}`;
            expect(engines[engine](other, argv, out), what).toMatchObject({ kind: 'exit' });
            expect(out.stdoutText(), what).toBe(want);
          }
        }
      }
    }
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
  it('checks the checksums of three benchmarks, times them and writes JSON with every field and an SVG chart', () => {
    const json = join(tmp.dir, 'bench.json');
    const svg = join(tmp.dir, 'ratios.svg');
    // fib has a stack32 app too: it gets a table of its own (see below).
    const r = xlat(['bench', '--quick', 'bf', 'memops', 'fib', '--json', json, '--svg', svg], { timeout: 120_000 });
    expect(r.stderr, r.cmd).toBe('');
    expect(r.status, r.cmd).toBe(0);
    expect(r.stdout).toContain('every variant printed the same checksum');
    expect(r.stdout).toMatch(/^bf\s/m);
    expect(r.stdout).toMatch(/^memops\s/m);
    expect(r.stdout).toMatch(/^geomean\s/m);
    expect(r.stdout).toContain('start-up: xlat run');
    // The stack32 table: its caption, then fib's row and a geomean under it.
    const more = r.stdout.slice(r.stdout.indexOf('guest stack32 -> host risc32: 1 of the benchmarks'));
    expect(more).not.toBe(r.stdout);
    expect(more).toMatch(/^benchmark +guest insns +insns\/cisc32 +interp +dbt +aot +native +interp MIPS .*dbt\/native/m);
    expect(more).toMatch(/^fib\s/m);
    expect(more).toMatch(/^geomean\s/m);

    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(report.machine).length).toBeGreaterThan(0);
    expect(report.benchmarks.map((b: { name: string }) => b.name)).toEqual(['fib', 'bf', 'memops']);
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
    expect(chart).toContain('stack32: dbt / native');
  }, 120_000);

  it("reports the stack32 app of fib in a table and a JSON section of its own, against the same native run", () => {
    const report = JSON.parse(readFileSync(join(tmp.dir, 'bench.json'), 'utf8'));
    // Only fib of the three has a stack32 app; bf and memops have none, so no other guest shows up.
    expect(report.moreGuests.map((g: { guest: string }) => g.guest)).toEqual(['stack32']);
    const [g] = report.moreGuests;
    expect(g.benchmarks.map((b: { name: string }) => b.name)).toEqual(['fib']);
    const [b] = g.benchmarks;
    const fib = report.benchmarks.find((x: { name: string }) => x.name === 'fib');
    expect(b.size).toBe(fib.size);
    expect(b.checksum).toBe(fib.checksum);
    expect(Object.keys(b.seconds).sort()).toEqual(['aot', 'dbt', 'interp']);
    for (const e of ['interp', 'dbt']) expect(typeof b.seconds[e], e).toBe('number');
    expect(b.guestInstructions).toBeGreaterThan(0);
    expect(b.instructionsPerSuiteGuestInstruction).toBeCloseTo(b.guestInstructions / fib.guestInstructions, 9);
    expect(b.interpMips).toBeGreaterThan(0);
    expect(b.hostInstructionsPerGuestInstruction).toBeGreaterThan(0);
    expect(b.ratios.dbtOverNative).toBeCloseTo(b.seconds.dbt / fib.seconds.native, 9);
    for (const key of ['interpOverDbt', 'dbtOverNative', 'aotOverNative', 'interpMips', 'hostInstructionsPerGuestInstruction']) {
      expect(g.geomean, key).toHaveProperty(key);
    }
  });

  it('checksums match the JavaScript versions', async () => {
    const report = JSON.parse(readFileSync(join(tmp.dir, 'bench.json'), 'utf8'));
    for (const b of report.benchmarks) expect(b.checksum).toBe(await jsChecksum(b.name, b.size));
    for (const g of report.moreGuests) for (const b of g.benchmarks) expect(b.checksum).toBe(await jsChecksum(b.name, b.size));
  });

  it('rejects an unknown benchmark by name', () => {
    const r = xlat(['bench', '--quick', 'nosuch']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^xlat: unknown benchmark nosuch \(known: fib, /);
  });
});

/** A copy of the suite's files for fib under root, with the given suite.mjs. */
function doctoredSuite(root: string, suiteMjs: string, isas: string[]): void {
  mkdirSync(join(root, 'bench', 'js'), { recursive: true });
  writeFileSync(join(root, 'bench', 'suite.mjs'), suiteMjs);
  cpSync(join(ROOT, 'bench', 'js', 'fib.mjs'), join(root, 'bench', 'js', 'fib.mjs'));
  for (const isa of isas) {
    mkdirSync(join(root, 'samples', 'bench', isa), { recursive: true });
    cpSync(join(ROOT, 'samples', 'bench', isa, 'fib.s'), join(root, 'samples', 'bench', isa, 'fib.s'));
  }
}

async function benchError(root: string): Promise<unknown> {
  return runBench([], { quick: true, root, progress: false }).then(
    () => undefined,
    (e: unknown) => e,
  );
}

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

  it("is an error in a more guest's app too, and the message says which", async () => {
    const root = join(tmp.dir, 'doctored-more');
    const suiteMjs = `export const guest = 'cisc32';\nexport const moreGuests = { stack32: ['fib'] };\nexport const suite = [{ name: 'fib', full: 12, quick: 12, what: 'doctored' }];\n`;
    doctoredSuite(root, suiteMjs, ['cisc32', 'risc32', 'stack32']);
    // The stack32 fib with its digits off by one: 144 prints as 255.
    const file = join(root, 'samples', 'bench', 'stack32', 'fib.s');
    const src = readFileSync(file, 'utf8');
    expect(src).toContain("push '0'\n        add");
    writeFileSync(file, src.replace("push '0'\n        add", "push '1'\n        add"));
    const err = await benchError(root);
    expect(err).toBeInstanceOf(XlatError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^bench fib 12: the variants disagree on the checksum:\n/);
    for (const e of ['interp', 'dbt', 'native', 'js']) expect(msg).toMatch(new RegExp(`^ {2}${e} +"144\\\\n"$`, 'm'));
    for (const e of ['interp', 'dbt']) expect(msg).toMatch(new RegExp(`^ {2}stack32 ${e} +"255\\\\n"$`, 'm'));
  });
});

describe('moreGuests in bench/suite.mjs', () => {
  it('must name benchmarks of the suite', async () => {
    const root = join(tmp.dir, 'doctored-names');
    const suiteMjs = `export const guest = 'cisc32';\nexport const moreGuests = { stack32: ['fib', 'nosuch'] };\nexport const suite = [{ name: 'fib', full: 12, quick: 12, what: 'doctored' }];\n`;
    doctoredSuite(root, suiteMjs, ['cisc32', 'risc32', 'stack32']);
    const err = await benchError(root);
    expect(err).toBeInstanceOf(XlatError);
    expect((err as Error).message).toMatch(/suite\.mjs: moreGuests\.stack32 names unknown benchmark nosuch$/);
  });
});
