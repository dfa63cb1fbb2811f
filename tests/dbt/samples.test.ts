// Every sample of samples/cisc32, samples/risc32 and samples/stack32 (risc32
// ones translate onto the risc32 host: same-ISA translation, guest registers
// 16 and up spilled; stack32 ones are big-endian guests on the little-endian
// host), with typical arguments and standard input, on the interpreter, the
// DBT and the DBT with the host machine interpreting: identical stop, exit
// status, fault line, stdout, instruction count, registers, flags and writable
// memory. Then some of them again with --max-steps limits that stop them
// part-way: same pc, registers and count on all three.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAll, type RunOpts } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..', 'samples');

/** Deterministic binary input: every byte value, then pseudo-random bytes. */
function binaryInput(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    if (i < 256) out[i] = i;
    else {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
  }
  return out;
}

interface Case {
  args: string[];
  opts?: RunOpts;
  /** What the sample prints (samples/README.md), when it is a fixed text. */
  stdout?: string;
}

/** Typical runs of each sample (by name); an unknown sample runs once with no arguments. */
const CASES: Record<string, Case[]> = {
  hello: [{ args: [], stdout: 'Hello, world!\n' }],
  echo: [{ args: ['hello', 'from', 'the', 'translator'], stdout: 'hello from the translator\n' }],
  cat: [
    { args: [], opts: { stdin: 'one\ntwo\n' }, stdout: 'one\ntwo\n' },
    { args: [], opts: { stdin: binaryInput(6000) } },
  ],
  fib: [{ args: [], stdout: '6765\n' }],
  sieve: [{ args: ['30000'], stdout: '3245\n' }],
  fault: [{ args: [], stdout: 'about to fault\n' }],
  smc: [{ args: [], stdout: 'before: 1\nafter: 2\n' }],
};

/** Step limits that stop a run part-way (each sample's own). */
const LIMITS: Record<string, { args: string[]; limits: number[] }> = {
  fib: { args: ['12'], limits: [1, 100, 1234] },
  sieve: { args: ['200'], limits: [50, 1001] },
  echo: { args: ['a', 'bc'], limits: [17] },
  smc: { args: [], limits: [150, 200] },
};

/** The pc of the faulting store in each fault.s (samples/README.md). */
const FAULT_PC: Record<string, string> = { cisc32: '0000101b', risc32: '00001020', stack32: '0000100f' };

for (const isa of ['cisc32', 'risc32', 'stack32'] as const) {
  const dir = join(ROOT, isa);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.s'))
    .map((f) => f.slice(0, -2))
    .sort();

  describe(`${isa} samples on interp, dbt and dbt --host-engine interp`, () => {
    it('finds the samples', () => {
      expect(names).toEqual(expect.arrayContaining(['hello', 'echo', 'cat', 'fib', 'sieve', 'fault']));
    });

    for (const name of names) {
      const source = readFileSync(join(dir, `${name}.s`), 'utf8');
      for (const c of CASES[name] ?? [{ args: [] }]) {
        it(`${name} ${c.args.join(' ')}`.trimEnd(), async () => {
          const r = await runAll(isa, source, c.args, c.opts);
          const o = r.interp.outcome;
          if (c.stdout !== undefined) expect(o.stdout).toBe(c.stdout);
          if (name === 'fault') {
            expect(o.stop).toBe('fault');
            expect(o.fault).toBe(`xlat: fault: segmentation fault at pc=0x${FAULT_PC[isa]} addr=0x00000010`);
          } else {
            expect(o.stop).toBe('exit');
            expect(o.status).toBe(0);
          }
          if (name === 'cat' && c.opts?.stdin instanceof Uint8Array) {
            expect(Buffer.from(r.dbt.stdoutBytes).equals(Buffer.from(c.opts.stdin))).toBe(true);
          }
        });
      }

      const lim = LIMITS[name];
      if (lim) {
        it(`${name} ${lim.args.join(' ')} stopped by --max-steps ${lim.limits.join(', ')}`, async () => {
          for (const maxSteps of lim.limits) {
            const r = await runAll(isa, source, lim.args, { maxSteps });
            expect(r.interp.outcome.stop).toBe('max-steps');
            expect(r.interp.outcome.steps).toBe(maxSteps);
          }
        });
      }
    }
  });
}
