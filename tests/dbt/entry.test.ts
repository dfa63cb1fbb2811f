// What `xlat run -d exec,cpu` shows (DbtOptions.onEnter): at every entry
// from the dispatcher the guest state is the interpreter's after the same
// number of instructions — but for the slots the entered block writes before
// reading, which a predecessor may have left unwritten.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { runDbt, runInterp } from '../../src/cli/run.js';
import type { BlockEntry } from '../../src/dbt/index.js';
import { MemoryIo, createProcess } from '../../src/os/index.js';
import { modelsFor } from './helpers.js';

describe('block entries (-d exec,cpu)', () => {
  for (const [isa, file] of [
    ['cisc32', 'samples/cisc32/fib.s'],
    ['stack32', 'samples/stack32/fib.s'],
  ] as const) {
    it(`${isa}: unchained, each block entry has the interpreter's state at that instruction count`, async () => {
      const m = await modelsFor(isa);
      const image = assemble(readFileSync(file, 'utf8'), file, m.asm);
      const argv = ['fib', '6'];
      const seen: Array<{ e: BlockEntry; state: Int32Array; first: number[] }> = [];
      const proc = createProcess(image, m.isa, argv, { io: new MemoryIo() });
      runDbt(proc, m.host, { noChain: true, onEnter: (e) => seen.push({ e, state: e.state(), first: e.writtenFirst() }) });
      expect(seen.length).toBeGreaterThan(50);
      // cisc32 blocks leave flags to successors that overwrite them: the exception is exercised.
      if (isa === 'cisc32') expect(seen.some((s) => s.first.length > 0)).toBe(true);
      for (const { e, state, first } of seen) {
        const ref = createProcess(image, m.isa, argv, { io: new MemoryIo() });
        const r = runInterp(ref, { maxSteps: e.steps });
        if (r.stop.kind === 'max-steps' || e.steps === 0) expect(ref.pc >>> 0, `entry at step ${e.steps}`).toBe(e.guestPc);
        for (const reg of m.isa.registers) {
          if (reg.port || first.includes(reg.slot)) continue;
          expect(state[reg.slot], `${reg.name} at 0x${e.guestPc.toString(16)} after ${e.steps} steps`).toBe(ref.regs[reg.slot]);
        }
      }
    });
  }
});
