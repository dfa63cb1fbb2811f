// The code generator against the IR evaluator: random guest blocks (lifted
// cisc32 and risc32 code, optimized or not) and random IR blocks, translated
// to risc32 and run on the host machine with guest state in its homes; guest
// registers and flags, memory, the next pc, faults and system calls must be
// what the IR says.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { load, liftAsm } from '../ir/helpers.js';
import { optimize } from '../../src/opt/index.js';
import { Builder, printBlock, verifyBlock } from '../../src/ir/index.js';
import { SCRATCH, compare } from './helpers.js';
import { ciscBlock, guestState, randomIr, regSeeds, riscBlock, scratchBytes } from './gen.js';

const RUNS = Number(process.env.XLAT_CG_RUNS ?? 250);

describe('generated code computes what the IR computes', () => {
  it('lifted random cisc32 blocks, optimized or not, with or without SMC checks, on both host engines', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    fc.assert(
      fc.property(ciscBlock, regSeeds, scratchBytes, fc.boolean(), fc.boolean(), fc.constantFrom('interp', 'compile'), (lines, seeds, scratch, opt, smc, engine) => {
        const regs = guestState(c.isa, seeds);
        regs[c.isa.regNames.r4] = SCRATCH + 0x300;
        regs[c.isa.regNames.r6] = SCRATCH + 0x100;
        const lifted = liftAsm(c, lines);
        const block = opt ? optimize(lifted) : lifted;
        const { diff, code } = compare(r.isa, c.isa, block, regs, scratch, { smcChecks: smc, engine: engine as 'interp' | 'compile' });
        if (diff) throw new Error(`${lines.join('; ')}\n${printBlock(block)}\n${code.listing}\n${diff}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('lifted random risc32 blocks (guest slots 16 and up spilled)', async () => {
    const r = await load('risc32');
    fc.assert(
      fc.property(riscBlock, regSeeds, scratchBytes, fc.boolean(), (lines, seeds, scratch, opt) => {
        const regs = guestState(r.isa, seeds);
        regs[9] = SCRATCH + 0x100;
        regs[20] = SCRATCH + 0x200;
        const lifted = liftAsm(r, lines);
        const block = opt ? optimize(lifted) : lifted;
        const { diff, code } = compare(r.isa, r.isa, block, regs, scratch);
        if (diff) throw new Error(`${lines.join('; ')}\n${printBlock(block)}\n${code.listing}\n${diff}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('random IR blocks: every op at every width, guards, selects, byte swaps', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 200, maxLength: 200 }), regSeeds, scratchBytes, fc.boolean(), (choices, seeds, scratch, opt) => {
        const raw = randomIr(c.isa, choices);
        expect(verifyBlock(raw)).toEqual([]);
        const block = opt ? optimize(raw) : raw;
        const regs = guestState(c.isa, seeds);
        const { diff, code } = compare(r.isa, c.isa, block, regs, scratch);
        if (diff) throw new Error(`${printBlock(block)}\n${code.listing}\n${diff}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('a pattern variable that appears twice matches one value only', () => {
  it('select(c, add(x, 1), y) with y another value is not x + c', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    for (const same of [true, false]) {
      const b = new Builder();
      const flag = b.getreg(1, c.isa.regNames.c);
      const x = b.getreg(32, c.isa.regNames.r1);
      const y = same ? x : b.getreg(32, c.isa.regNames.r2);
      b.setreg(c.isa.regNames.r0, b.select(32, flag, b.bin('add', 32, x, b.const(32, 1)), y));
      const block = b.finish(0x1000, 0x1004, 1, { kind: 'direct', pc: 0x1004 });
      for (const cv of [0, 1]) {
        const regs = new Int32Array(c.isa.registers.length);
        regs[c.isa.regNames.c] = cv;
        regs[c.isa.regNames.r1] = 0x100;
        regs[c.isa.regNames.r2] = 0x7777;
        const { diff, code } = compare(r.isa, c.isa, block, regs, new Uint8Array(0x400), { smcChecks: false, engine: 'interp' });
        expect(diff, code.listing).toBeFalsy();
        // x + c in one instruction only when the two arms read the same value.
        expect(/addl r\d+, r\d+, r\d+/.test(code.listing) && !code.listing.includes('cmov'), code.listing).toBe(same);
      }
    }
  });
});

describe('the code generator keeps widths apart', () => {
  it('a sign extension to 8 bits is not the 32-bit one (sext@1 of a flag, then used at 8 and 32 bits)', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    const b = new Builder();
    const flag = b.getreg(1, c.isa.regNames.c);
    const byte = b.ext(8, true, flag); // 0xff when c is set
    b.setreg(c.isa.regNames.r0, b.ext(32, false, byte));
    b.setreg(c.isa.regNames.r1, b.ext(32, false, b.bin('ror', 8, byte, b.const(8, 255))));
    const block = b.finish(0x1000, 0x1004, 1, { kind: 'direct', pc: 0x1004 });
    const regs = new Int32Array(c.isa.registers.length);
    regs[c.isa.regNames.c] = 1;
    for (const engine of ['interp', 'compile'] as const) {
      const { diff, code } = compare(r.isa, c.isa, block, regs, new Uint8Array(0x400), { smcChecks: false, engine });
      expect(diff, code.listing).toBeFalsy();
    }
  });

  it('and@32 of a zero-extended not@8 is not a bic (every @* of a rule is one width)', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    const b = new Builder();
    const x = b.getreg(32, c.isa.regNames.r1);
    const narrow = b.un('not', 8, b.trunc(8, x)); // ~x & 0xff
    b.setreg(c.isa.regNames.r0, b.bin('and', 32, b.ext(32, false, narrow), b.const(32, 0x3fffffff)));
    const block = b.finish(0x1000, 0x1004, 1, { kind: 'direct', pc: 0x1004 });
    const regs = new Int32Array(c.isa.registers.length);
    regs[c.isa.regNames.r1] = 0x12345600;
    const { diff, code } = compare(r.isa, c.isa, block, regs, new Uint8Array(0x400), { smcChecks: false, engine: 'interp' });
    expect(diff, code.listing).toBeFalsy();
    expect(code.listing).not.toContain('bic');
  });
});
