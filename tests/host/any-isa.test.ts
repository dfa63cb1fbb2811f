// The host machine knows no ISA: any spec can be the host. cisc32 (variable
// length, flags, partial-register writes) runs its samples on it exactly as
// on the interpreter. smc.s is left out on purpose: it rewrites its own code
// without telling anyone, and the compile engine, like a host with an
// instruction cache, runs patched code only after a flush.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleFor } from '../fixtures/run.js';
import { load, runHost, runReference } from './helpers.js';

const DIR = join(import.meta.dirname, '../../samples/cisc32');
const samples = readdirSync(DIR).filter((f) => f.endsWith('.s') && f !== 'smc.s').sort();

describe('cisc32 as the host ISA', () => {
  for (const file of samples) {
    it(file, async () => {
      const { isa, image } = await assembleFor('cisc32', readFileSync(join(DIR, file), 'utf8'));
      const input = { args: ['7', 'x'], stdin: 'some input\n' };
      const ref = runReference(load(isa, image, input));
      for (const engine of ['compile', 'interp'] as const) {
        const got = runHost(load(isa, image, input), engine, true);
        expect(got.stop, engine).toBe(ref.stop);
        expect(got.stdout, engine).toBe(ref.stdout);
        expect(got.exitStatus, engine).toBe(ref.exitStatus);
        expect(got.fault, engine).toEqual(ref.fault);
        expect(got.regs, engine).toEqual(ref.regs);
        expect(got.steps, engine).toBe(ref.steps);
      }
    });
  }
});
