import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileSpec, loadIsa } from '../../src/spec/index.js';
import { BUNDLED_SPECS } from '../../src/spec/load.js';
import { HOST_LAYOUT_NAMES } from '../../src/spec/model.js';
import { HOST_LAYOUT } from '../../src/codegen/index.js';

const RISC = readFileSync(`${BUNDLED_SPECS}/risc32.isa`, 'utf8');
const HEAD = RISC.slice(0, RISC.indexOf('# ---- host: lowering rules'));
const HOST = RISC.slice(RISC.indexOf('# ---- host: lowering rules'));

async function errorsOf(text: string): Promise<string[]> {
  try {
    await compileSpec(text, 'x/risc32.isa');
  } catch (e) {
    return (e as Error).message.split('\n');
  }
  return [];
}

describe('spec: host sections and lowering rules', () => {
  it('risc32 is a host; cisc32 (no lowering rules) is not', async () => {
    const r = await loadIsa('risc32');
    const c = await loadIsa('cisc32');
    expect(c.host).toBeUndefined();
    const h = r.host!;
    expect(h.state.map((s) => r.registers[s].name)).toEqual([
      'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'r19', 'r20', 'r21', 'r22', 'r23', 'r24', 'r25', 'r26',
    ]);
    expect(h.temps.map((s) => r.registers[s].name)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
    expect([h.base, h.exit, h.link, h.count].map((s) => r.registers[s].name)).toEqual(['r29', 'r27', 'r28', 'r30']);
    expect(h.rules.length).toBeGreaterThan(100);
  });

  it('builds patterns, guards, computed values, labels and aliases', async () => {
    const r = (await loadIsa('risc32')).host!.rules;
    const load = r.find((x) => x.name === 'load32' && x.pattern.args[0].k === 'op')!;
    expect(load.pattern).toEqual({
      k: 'op', op: 'load32', width: null,
      args: [{ k: 'op', op: 'add', width: null, args: [{ k: 'reg', name: 'a' }, { k: 'const', name: 'k' }] }],
    });
    expect(load.guard).toEqual({ k: 'fits', signed: true, bits: 16, a: { k: 'name', name: 'k' } });
    expect(load.insns[0]).toMatchObject({ mnemonic: 'ldwu', text: 'ldwu {d}, {k}({a})' });
    const ind = r.find((x) => x.name === 'exit_indirect')!;
    expect(ind.temps).toBe(2);
    expect(ind.insns.find((i) => i.label === 'miss')?.mnemonic).toBe('clr');
    expect(r.find((x) => x.name === 'zext')!.alias).toBe('a');
    const rol = r.find((x) => x.name === 'rol' && x.guard !== null)!;
    // {(32 - k) & 31}: a computed constant
    expect(rol.insns[1].operands[1]).toEqual({
      kind: 'value',
      e: { k: 'bin', op: '&', a: { k: 'bin', op: '-', a: { k: 'num', v: 32 }, b: { k: 'name', name: 'k' } }, b: { k: 'num', v: 31 } },
    });
  });

  it('reports mistakes in lowering rules with their places', async () => {
    const bad = async (rule: string) => (await errorsOf(`${HEAD}${HOST}\n${rule}\n`)).join('\n');
    expect(await bad('lower frob(a) => "addl {a}, 1, {d}";')).toMatch(/unknown op 'frob'/);
    expect(await bad('lower add(a) => "addl {a}, 1, {d}";')).toMatch(/'add' takes 2 argument/);
    expect(await bad('lower add(a, b) => "addl {a}, {q}, {d}";')).toMatch(/unknown name \{q\}/);
    expect(await bad('lower add(a, b) => "addq {a}, {b}, {d}";')).toMatch(/'addq' is no instruction of risc32/);
    expect(await bad('lower add(a, b) => "addl {a}, {b}";')).toMatch(/no form of 'addl' takes operands \(register, register\)/);
    expect(await bad('lower add(a, $k) when sfits(a, 16) => "lda {d}, {k}({a})";')).toMatch(/'a' is a register, not a constant/);
    expect(await bad('lower store32(a, v) => "stwu {v}, 0({a})"; "mov {a}, {d}";')).toMatch(/\{d\}/);
    expect(await bad('lower add(a, b) => "nop";')).toMatch(/never names its result \{d\}/);
    expect(await bad('lower chain(t) => "br r31, {t}";')).toMatch(/argument 1 of 'chain' is a constant/);
    expect(await bad('lower add(load32(a), b) => "addl {a}, {b}, {d}";')).toMatch(/cannot be nested/);
    expect(await bad('lower add@12(a, b) => "addl {a}, {b}, {d}";')).toMatch(/widths are 1, 8, 16, 32 or \*/);
    expect(await bad('lower add($k, $k) => "lda {d}, {k}(r31)";')).toMatch(/pattern variable 'k' appears twice \(only a register variable may/);
    // A register variable may appear twice: the same value in both places.
    expect(await bad('lower sub(a, a) => "clr {d}";')).toEqual('');
    const place = (await bad('lower frob(a) => "x";')).split(':').slice(1, 3).join(':');
    expect(place).toMatch(/^\d+:7$/);
  });

  it('a host needs its roles and every block-level rule; rules need a host section', async () => {
    const noHost = (await errorsOf(`${HEAD}\nlower add(a, b) => "addl {a}, {b}, {d}";\n`)).join('\n');
    expect(noHost).toMatch(/lowering rules need a 'host/);
    const few = (await errorsOf(`${HEAD}\nhost { state r9; temps r1; base gp; exit pv; link at; count sp; }\nlower add(a, b) => "addl {a}, {b}, {d}";\n`)).join('\n');
    expect(few).toMatch(/a host must lower const, move, spill_load/);
    const roles = (await errorsOf(`${HEAD}\nhost { state r9, r31; temps r9; base gp; link at; }\n${HOST.slice(HOST.indexOf('def lo16'))}`)).join('\n');
    expect(roles).toMatch(/'r31' is the zero register/);
    expect(roles).toMatch(/needs 'exit'/);
  });

  it('for loops write families of lowering rules', async () => {
    const text = `${HEAD}${HOST}\nfor op, i in { mulhu umulh, mulhs mulh } { lower op(a, b) prio 5 => "{i} {a}, {b}, {d}"; }\n`;
    const m = await compileSpec(text, 'x/risc32.isa');
    const rs = m.host!.rules.filter((r) => r.prio === 5);
    expect(rs.map((r) => [r.name, r.insns[0].text])).toEqual([
      ['mulhu', 'umulh {a}, {b}, {d}'],
      ['mulhs', 'mulh {a}, {b}, {d}'],
    ]);
  });

  it('every layout name a template may use has a value', () => {
    for (const n of HOST_LAYOUT_NAMES) expect(typeof (HOST_LAYOUT as Record<string, number>)[n]).toBe('number');
  });
});
