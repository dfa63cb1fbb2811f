import { describe, expect, it } from 'vitest';
import { compileSpec, loadIsa } from '../../src/spec/index.js';
import type { IsaModel, Variant } from '../../src/spec/model.js';

const MINI = (body: string) => `
isa mini { endian little; elf_machine 0x1234; insn_align 1; }
regfile g : 32 = g0 .. g3;
flag z;
token op : 8 { opc = 7:2; rr = 1:0 : g; }
token imm : 8 { i8 = 7:0; }
${body}
abi { syscall number g0 args g1, g2 result g0; call exit = 1; stack g3; }
`;

async function errorsOf(text: string): Promise<string[]> {
  try {
    await compileSpec(text, 'mini.isa');
  } catch (e) {
    return (e as Error).message.split('\n');
  }
  return [];
}

function find(isa: IsaModel, mnemonic: string, pred: (v: Variant) => boolean = () => true): Variant {
  const v = isa.variants.find((x) => x.mnemonic === mnemonic && pred(x));
  if (!v) throw new Error(`no ${mnemonic}`);
  return v;
}

describe('spec loader: the bundled specs', () => {
  it('cisc32 expands families, modes and enums into variants', async () => {
    const isa = await loadIsa('cisc32');
    expect(isa.endian).toBe('little');
    expect(isa.elfMachine).toBe(0x4332);
    expect(isa.maxLength).toBe(10);
    // 8 ALU ops x 4 forms x 4 ModRM cases
    expect(isa.variants.filter((v) => v.mnemonic === 'add')).toHaveLength(16);
    // 14 condition codes, 2 illegal
    const jcc8 = isa.variants.filter((v) => v.mnemonic.startsWith('j') && v.length === 2 && v.mnemonic !== 'jmp');
    expect(jcc8).toHaveLength(14);
    const je = isa.variants.find((v) => v.mnemonic === 'je' && v.length === 2)!;
    expect(je.aliases).toEqual(['jz']);
    expect(je.match[0]).toBe(0x74);
    expect(je.mask[0]).toBe(0xff);
    const rep = find(isa, 'rep movsb');
    expect(rep.match).toEqual([0xf3, 0xa4]);
    expect(isa.regNames.sp).toBe(isa.regNames.r4);
    expect(isa.operandPrefixes).toEqual(['byte']);
  });

  it('cisc32 add r/m, reg with disp8 has the ModRM and displacement fields in order', async () => {
    const isa = await loadIsa('cisc32');
    const v = find(isa, 'add', (x) => x.length === 3 && x.match[0] === 0x01);
    expect(v.mask).toEqual([0xff, 0xc0, 0]);
    expect(v.match).toEqual([0x01, 0x40, 0]);
    expect(v.tokens.map((t) => t.offset)).toEqual([0, 1, 2]);
    expect(v.operands[0]).toEqual({
      kind: 'mem', style: 'bracket', base: { kind: 'reg', field: 'rm' }, disp: { kind: 'value', name: 'd8', pcrel: false },
    });
  });

  it('risc32 has a zero register, aliases and pseudo-instructions', async () => {
    const isa = await loadIsa('risc32');
    expect(isa.registers[isa.regNames.r31].zero).toBe(true);
    expect(isa.regNames.zero).toBe(isa.regNames.r31);
    expect(isa.regNames.ra).toBe(isa.regNames.r26);
    expect(isa.pseudos.map((p) => p.mnemonic)).toEqual(['nop', 'clr', 'mov', 'negl', 'not', 'br', 'call', 'ret', 'li']);
    expect(isa.pseudos.find((p) => p.mnemonic === 'li')!.print).toBe(false);
    const callsys = find(isa, 'callsys');
    expect(callsys.match).toEqual([0x83, 0, 0, 0]);
    expect(callsys.mask).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(isa.abi.calls).toContainEqual({ number: 17, name: 'brk' });
  });

  it('lowers semantics with explicit widths', async () => {
    const isa = await loadIsa('risc32');
    const v = find(isa, 'addl', (x) => x.operands[1].kind === 'reg');
    expect(v.sem).toEqual([
      {
        k: 'set',
        loc: { k: 'regx', w: 32, file: 'r', index: { k: 'field', w: 32, field: 'rc' } },
        e: {
          k: 'bin', w: 32, op: 'add',
          a: { k: 'read', w: 32, loc: { k: 'regx', w: 32, file: 'r', index: { k: 'field', w: 32, field: 'ra' } } },
          b: { k: 'read', w: 32, loc: { k: 'regx', w: 32, file: 'r', index: { k: 'field', w: 32, field: 'rb' } } },
        },
      },
    ]);
  });
});

describe('spec loader: errors name the place, all at once', () => {
  it('reports a syntax error with file:line:col', async () => {
    const errs = await errorsOf(MINI('insn "x" : opc = 1 & rr { g0 = ; }'));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^mini\.isa:7:\d+: syntax error, expected /);
  });

  it('reports unknown names, width mismatches and overlaps together', async () => {
    const errs = await errorsOf(
      MINI(`
insn "a {rr}" : opc = 1 & rr { rr = nosuch; }
insn "b {rr}" : opc = 2 & rr { z = rr; }
insn "c {rr}" : opc = 3 & rr { rr = 1; }
insn "d" : 0x0C { }
`),
    );
    expect(errs).toContain("mini.isa:8:37: unknown name 'nosuch'");
    expect(errs).toContain('mini.isa:9:36: width mismatch: expected a 1-bit value, found 32 bits');
    expect(errs.some((e) => /^mini\.isa:11:1: encoding of 'd' overlaps 'c' at mini\.isa:10:1/.test(e))).toBe(true);
    expect(errs).toHaveLength(3);
  });

  it('rejects a value that does not fit its field, and an unknown field', async () => {
    const errs = await errorsOf(MINI('insn "a" : opc = 64 { }\ninsn "b" : nosuch = 1 { }'));
    expect(errs).toEqual([
      "mini.isa:7:18: value 64 does not fit the 6-bit field 'opc'",
      "mini.isa:8:12: unknown field or mode 'nosuch'",
    ]);
  });

  it('rejects fields of two tokens joined with &', async () => {
    const errs = await errorsOf(MINI('insn "a {i8}" : opc = 1 & i8 { }'));
    expect(errs[0]).toMatch(/field 'i8' belongs to token 'imm', not 'op'/);
  });

  it('rejects unknown faults, macros and syntax holes', async () => {
    const errs = await errorsOf(
      MINI(`
insn "a" : opc = 1 & rr { fault nosuch; }
insn "b" : opc = 2 & rr { nomacro(rr); }
insn "c {zz}" : opc = 3 & rr { }
`),
    );
    expect(errs[0]).toMatch(/^mini\.isa:8:\d+: unknown fault 'nosuch'/);
    expect(errs[1]).toMatch(/^mini\.isa:9:\d+: unknown statement macro 'nomacro'/);
    expect(errs[2]).toMatch(/^mini\.isa:10:\d+: \{zz\} names no field, operand or mode/);
  });

  it('expands for-rows and reports a short row', async () => {
    const text = MINI(`
def inc1(d) { d = d + 1; }
for m, k in { inc1 1, inc1 2, inc1 } {
  insn "{m}_{k} {rr}" : opc = k & rr { m(rr); }
}
`);
    const errs = await errorsOf(text);
    expect(errs).toEqual(['mini.isa:9:31: row has 1 values for 2 variables (m, k)']);
  });
});

describe('spec loader: system calls with values, and probes', () => {
  const PORTS = (body: string, abi = 'call exit = 1; call write = 4; stack g3;') => `
isa mini { endian little; elf_machine 0x1234; insn_align 1; }
regfile g : 32 = g0 .. g3;
token op : 8 { opc = 7:2; rr = 1:0 : g; }
${body}
abi { ${abi} }
`;

  it('passes syscall(nr, args...) values through ports the loader makes, with no names a program can use', async () => {
    const isa = await compileSpec(
      PORTS(`insn "sys" : opc = 1 & rr = 0 { let r = syscall(g0, g1, g2 + 1); g1 = r; }
             insn "bye" : opc = 2 & rr = 0 { syscall(1, g1); }`),
      'mini.isa',
    );
    const name = (s: number) => isa.registers[s].name;
    expect(name(isa.abi.syscallNumber)).toBe('sys.nr');
    expect(isa.abi.syscallArgs.map(name)).toEqual(['sys.arg1', 'sys.arg2']);
    expect(name(isa.abi.syscallResult)).toBe('sys.result');
    for (const s of [isa.abi.syscallNumber, isa.abi.syscallResult, ...isa.abi.syscallArgs]) expect(isa.registers[s].port).toBe(true);
    expect(Object.keys(isa.regNames).sort()).toEqual(['g0', 'g1', 'g2', 'g3']);
    // the call: ports written, the syscall, the result read; a shorter call clears the argument it does not pass
    const sem = (m: string) => JSON.stringify(find(isa, m).sem);
    expect(find(isa, 'sys').sem.map((s) => s.k)).toEqual(['set', 'set', 'set', 'syscall', 'let', 'set']);
    expect(find(isa, 'bye').sem.map((s) => s.k)).toEqual(['set', 'set', 'set', 'syscall']);
    expect(sem('bye')).toContain(`"slot":${isa.abi.syscallArgs[1]}},"e":{"k":"const","w":32,"v":0}`);
  });

  it('wants one form of system call', async () => {
    expect(await errorsOf(PORTS('insn "sys" : opc = 1 & rr = 0 { syscall; }'))).toEqual([
      "mini.isa:6:1: abi needs 'syscall number REG args REG, ... result REG;' (or the semantics make calls as 'syscall(nr, args...)')",
    ]);
    const both = await errorsOf(
      PORTS('insn "sys" : opc = 1 & rr = 0 { let r = syscall(g0); g0 = r; }', 'syscall number g0 args g1 result g0; call exit = 1; stack g3;'),
    );
    expect(both).toEqual([
      "mini.isa:6:7: the semantics pass system-call values with 'syscall(nr, args...)': the abi names no syscall registers",
    ]);
    const mixed = await errorsOf(PORTS('insn "a" : opc = 1 & rr = 0 { syscall(g0); }\ninsn "b" : opc = 2 & rr = 0 { syscall; }'));
    expect(mixed[0]).toContain("'syscall;' takes the abi's syscall registers");
  });

  it('lets a probed store come after writes, and nothing else', async () => {
    const spec = (sem: string) =>
      PORTS(`insn "x" : opc = 1 & rr = 0 { ${sem} }`, sem.includes('syscall') ? undefined : 'syscall number g0 args g1 result g0; call exit = 1; stack g3;');
    const ok = (sem: string) => compileSpec(spec(sem), 'mini.isa');
    const bad = async (sem: string) => (await errorsOf(spec(sem)))[0];
    // two stores: the second may fault after the first changed memory
    expect(await bad('mem32[g0] = g1; mem32[g1] = g2;')).toContain("'x' accesses memory after changing state");
    // probed first: accepted, and the probe is a store of the word's own value
    const isa = await ok('probe mem32[g1]; mem32[g0] = g1; mem32[g1] = g2; g2 = 0;');
    expect(find(isa, 'x').sem[0]).toEqual({
      k: 'set', probe: true,
      loc: { k: 'mem', w: 32, addr: { k: 'read', w: 32, loc: { k: 'reg', w: 32, slot: 1 } } },
      e: { k: 'read', w: 32, loc: { k: 'mem', w: 32, addr: { k: 'read', w: 32, loc: { k: 'reg', w: 32, slot: 1 } } } },
    });
    // a store after a value syscall, probed
    await ok('probe mem32[g0]; let r = syscall(g1); mem32[g0] = r;');
    // the address's register written in between: a different word
    expect(await bad('probe mem32[g1]; g1 = g2; mem32[g1] = g2;')).toContain('accesses memory after changing state');
    // another width or address is not the probed location
    expect(await bad('probe mem32[g1]; mem32[g0] = 1; mem16[g1] = 2;')).toContain('accesses memory after changing state');
    expect(await bad('probe mem32[g1]; mem32[g0] = 1; mem32[g1 + 4] = 2;')).toContain('accesses memory after changing state');
    // a probe after a write is too late; a probe in one branch covers nothing after the if
    expect(await bad('g2 = 1; probe mem32[g1];')).toContain("'x' probes memory after changing state");
    expect(await bad('if (g0 == 0) { probe mem32[g1]; } mem32[g0] = 1; mem32[g1] = 2;')).toContain('accesses memory after changing state');
    // probe takes memory; a register may be called probe
    expect(await bad('probe g1;')).toContain('probe takes a memory location');
    await compileSpec(spec('probe = 1;').replace('g0 .. g3;', 'g0 .. g3;\nregister probe : 32;'), 'mini.isa');
  });
});
