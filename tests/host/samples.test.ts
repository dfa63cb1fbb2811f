// Every risc32 sample runs on the host machine, in both engines, exactly as
// on the interpreter: same output, exit status or fault, final registers and
// (with counting on) the same number of instructions.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleRisc, load, runHost, runReference } from './helpers.js';

const DIR = join(import.meta.dirname, '../../samples/risc32');

const INPUTS: Record<string, Array<{ args?: string[]; stdin?: string }>> = {
  'cat.s': [{ stdin: 'one line\nand another\n' }, { stdin: '' }],
  'echo.s': [{ args: ['hello', 'host', 'machine'] }, {}],
  'fib.s': [{}, { args: ['1'] }, { args: ['24'] }],
  'sieve.s': [{}, { args: ['30000'] }],
};

const samples = readdirSync(DIR).filter((f) => f.endsWith('.s')).sort();

describe('risc32 samples on the host machine', () => {
  it('finds the samples', () => {
    expect(samples).toContain('fib.s');
    expect(samples).toContain('sieve.s');
  });

  for (const file of samples) {
    for (const input of INPUTS[file] ?? [{}]) {
      it(`${file} ${JSON.stringify(input)}`, async () => {
        const { isa, image } = await assembleRisc(readFileSync(join(DIR, file), 'utf8'));
        const ref = runReference(load(isa, image, input));
        for (const engine of ['compile', 'interp'] as const) {
          for (const count of [false, true]) {
            const got = runHost(load(isa, image, input), engine, count);
            const label = `${engine}${count ? ' counted' : ''}`;
            expect(got.stop, label).toBe(ref.stop);
            expect(got.stdout, label).toBe(ref.stdout);
            expect(got.exitStatus, label).toBe(ref.exitStatus);
            expect(got.fault, label).toEqual(ref.fault);
            expect(got.regs, label).toEqual(ref.regs);
            if (got.hostStop.kind === 'fault') expect(got.hostStop.hostPc, label).toBe(ref.fault!.pc);
            expect(got.steps, label).toBe(count ? ref.steps : 0);
          }
        }
      });
    }
  }
});
