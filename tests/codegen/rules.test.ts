import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileSpec, loadIsa } from '../../src/spec/index.js';
import { BUNDLED_SPECS } from '../../src/spec/load.js';
import { checkRules } from '../../src/codegen/index.js';

const RISC = readFileSync(`${BUNDLED_SPECS}/risc32.isa`, 'utf8');

/** risc32 with one lowering rule replaced. */
async function variant(from: string, to: string) {
  if (!RISC.includes(from)) throw new Error(`not in risc32.isa: ${from}`);
  return compileSpec(RISC.replace(from, to), 'variant/risc32.isa');
}

describe('checkRules: every lowering rule against the IR, on random values', () => {
  it('risc32\'s rules all compute what their patterns mean (300 cases a rule)', async () => {
    expect(checkRules(await loadIsa('risc32'), { trials: 300, seed: 7 })).toEqual([]);
  });

  it('finds a wrong operand order', async () => {
    const isa = await variant('lower gts(a, b) => "cmplt {b}, {a}, {d}";', 'lower gts(a, b) => "cmplt {a}, {b}, {d}";');
    const p = checkRules(isa, { trials: 100 });
    expect(p.length).toBeGreaterThan(0);
    for (const x of p) expect(x).toMatch(/: gts: /);
    expect(p[0]).toMatch(/^variant\/risc32\.isa:\d+:1: gts: gives 0x[01], not 0x[01] \(i1\), for a=0x/);
  });

  it('finds a rule that is wrong only at narrow widths, and a guard that admits too much', async () => {
    const wide = await variant('lower add(a, b) => "addl {a}, {b}, {d}";', 'lower add@*(a, b) => "addl {a}, {b}, {d}";');
    expect(checkRules(wide, { trials: 100 }).join('\n')).toMatch(/add: gives 0x[0-9a-f]+, not 0x[0-9a-f]+ \(i(1|8|16)\)/);
    const guard = await variant('lower add(a, $k) when ufits(k, 8) => "addl {a}, {k}, {d}";', 'lower add(a, $k) when ufits(k, 9) => "addl {a}, {k}, {d}";');
    expect(checkRules(guard, { trials: 200 }).join('\n')).toMatch(/add: cannot be encoded: .*does not fit/);
  });

  it('finds a rule that clobbers an operand, or that {d} may not share a register with an operand', async () => {
    const clobber = await variant('lower sext@16(a) => "sll {a}, 16, {d}"; "sra {d}, 16, {d}";', 'lower sext@16(a) => "sll {a}, 16, {a}"; "sra {a}, 16, {d}";');
    expect(checkRules(clobber, { trials: 50 }).join('\n')).toMatch(/sext: its template writes \{a\}/);
    // d written first, then a read: the code generator must not put d in a's register. The analysis says so...
    const order = await variant('lower ne@*(a, b) => "cmpeq {a}, {b}, {d}"; "xor {d}, 1, {d}";', 'lower ne@*(a, b) => "clr {d}"; "cmpeq {a}, {b}, {t0}"; "xor {t0}, 1, {d}";');
    expect(checkRules(order, { trials: 100 })).toEqual([]);
  });

  it('checks the block-level rules against the runtime contract', async () => {
    const exit = await variant('"li {link}, {self}"', '"clr {link}"');
    expect(checkRules(exit, { trials: 20 }).join('\n')).toMatch(/exit_direct: leaves link = 0x0, not its own address/);
    const smc = await variant('"ldw {t0}, {FLAG_OFFSET}({base})"; "bne {t0}, {l}";', '"ldw {t0}, {FLAG_OFFSET}({base})"; "beq {t0}, {l}";');
    expect(checkRules(smc, { trials: 50 }).join('\n')).toMatch(/smc_check: (does not branch when the flag is set|branches when the flag is clear)/);
  });
});
