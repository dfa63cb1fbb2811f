// Contract 4: `xlat disasm X.elf` prints address, bytes and text for each
// instruction and the labels; and every instruction text it prints
// assembles back, at the same address, to the same bytes.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesAt, parseDisasm, readElf32, sample, tempDir, xlat, xlatAsync, type DisasmSection } from '../fixtures/cli.js';

const SAMPLES: Array<[string, string]> = [
  ['cisc32', 'hello'], ['cisc32', 'echo'], ['cisc32', 'cat'], ['cisc32', 'fib'], ['cisc32', 'sieve'], ['cisc32', 'fault'], ['cisc32', 'smc'],
  ['risc32', 'hello'], ['risc32', 'echo'], ['risc32', 'cat'], ['risc32', 'fib'], ['risc32', 'sieve'], ['risc32', 'fault'],
];

// Hand-written programs with many more instruction forms than the samples:
// negative and large displacements, imm8/imm32 choices, rel8/rel32 jumps,
// jumps to addresses that have no label, and the risc32 pseudos.
const FORMS: Record<string, string> = {
  cisc32: [
  '.isa cisc32',
  '.text',
  '_start:',
  '  mov r0, -1',
  '  mov r1, 0x7fffffff',
  '  mov [r5 - 4], r0',
  '  mov r2, [r5 - 200]',
  '  mov [r3 + 1000], 0x12345678',
  '  mov byte [r6 + 3], r2',
  '  movsx r1, byte [r2 - 1]',
  '  movzx r7, byte [sp]',
  '  lea r0, [fp + 8]',
  '  lea r1, [r2 - 0x80]',
  '  add r0, r1',
  '  add r0, [r1]',
  '  add [r1 + 4], r0',
  '  add r0, 5',
  '  sub r0, -5',
  '  and r0, 0xff00',
  '  or r2, 200',
  '  xor r3, -129',
  '  adc r1, 1',
  '  sbb r1, r2',
  '  cmp r0, 0x80',
  '  test r0, 0x10',
  '  test [r1], r2',
  '  imul r0, r1',
  '  divu r0, [r2 + 8]',
  '  divs r1, r2',
  '  remu r3, r4',
  '  rems r5, r6',
  '  neg r0',
  '  not [r1]',
  '  shl r0, 3',
  '  shr r1, r1',
  '  sar r2, 31',
  '  rol r3, 1',
  '  ror r4, r1',
  '  push 1',
  '  push -2',
  '  push 0x1000',
  '  push r7',
  '  pop r6',
  '  inc r5',
  '  dec r4',
  '  cmove r0, r1',
  '  cmovl r2, [r3]',
  '  setne r0',
  '  setg r1',
  '  jmp near',
  '  jne near',
  '  jg far',
  '  jmp far',
  '  jne _start + 5',
  '  jmp 0x1003',
  '  call 0x5000',
  '  loop near + 1',
  '  call far',
  '  call r3',
  '  call [r1 + 4]',
  '  jmp r2',
  '  jmp [r0]',
  'near:',
  '  loop near',
  '  rep movsb',
  '  rep stosb',
  '  nop',
  '  brk',
  '  ud',
  '  .rept_placeholder',
  'far:',
  '  ret',
  '  syscall',
  ].join('\n').replace('  .rept_placeholder', Array.from({ length: 30 }, () => '  mov r0, 0x11111111').join('\n')) + '\n',
  risc32: [
  '.isa risc32',
  '.text',
  '_start:',
  '  lda r1, -4(r2)',
  '  ldah r3, 0x1234(r31)',
  '  ldbu r4, 1(r5)',
  '  stb r4, -1(r5)',
  '  ldw r6, 32760(sp)',
  '  stw ra, -32768(sp)',
  '  ldwu r7, 2(r8)',
  '  stwu r7, 6(r8)',
  '  jmp r31, (r1)',
  '  jsr ra, (pv)',
  '  ret r31, (ra)',
  '  ret',
  '  addl r1, r2, r3',
  '  addl r1, 255, r3',
  '  subl r1, 0, r3',
  '  s4addl r1, r2, r3',
  '  cmpeq r1, r2, r3',
  '  cmplt r1, 7, r3',
  '  cmple r1, r2, r3',
  '  cmpult r1, r2, r3',
  '  cmpule r1, 1, r3',
  '  and r1, r2, r3',
  '  bic r1, r2, r3',
  '  bis r1, r2, r3',
  '  ornot r1, r2, r3',
  '  xor r1, 0x80, r3',
  '  eqv r1, r2, r3',
  '  sll r1, 31, r3',
  '  srl r1, r2, r3',
  '  sra r1, 1, r3',
  '  mull r1, r2, r3',
  '  umulh r1, r2, r3',
  '  mulh r1, r2, r3',
  '  divl r1, r2, r3',
  '  divlu r1, 3, r3',
  '  reml r1, r2, r3',
  '  remlu r1, r2, r3',
  '  cmoveq r1, r2, r3',
  '  cmovne r1, 5, r3',
  '  cmovlt r1, r2, r3',
  '  cmovge r1, r2, r3',
  '  cmovle r1, r2, r3',
  '  cmovgt r1, r2, r3',
  '  cmovlbs r1, r2, r3',
  '  cmovlbc r1, r2, r3',
  '  sextb r2, r3',
  '  sextb 200, r3',
  '  nop',
  '  clr r5',
  '  mov r6, r7',
  '  negl r1, r2',
  '  not r3, r4',
  '  br back',
  '  br ra, back',
  '  call back',
  '  bsr r1, back',
  '  blbc r1, back',
  '  beq r1, fwd',
  '  blt r1, fwd',
  '  ble r1, fwd',
  '  blbs r1, fwd',
  '  bne r1, fwd',
  '  bge r1, fwd',
  '  bgt r1, fwd',
  '  bne r1, _start + 4',
  '  br 0x1008',
  '  call 0x5000',
  'back:',
  '  bpt',
  '  callsys',
  '  li r1, 0x12345678',
  '  li r2, -1',
  '  li r3, 0xffff8000',
  '  li r4, 0x8000',
  'fwd:',
  '  bis r31, r31, r31',
  ].join('\n') + '\n',
};

const tmp = tempDir('xlat-cli-disasm-');
afterAll(() => tmp.cleanup());

interface Built {
  isa: string;
  name: string;
  elf: string;
  listing: string;
  sections: DisasmSection[];
}
const built = new Map<string, Built>();

function get(isa: string, name: string): Built {
  const b = built.get(`${isa}/${name}`);
  if (!b) throw new Error(`${isa}/${name} was not built`);
  return b;
}

/** The programs listed: the samples, then the FORMS (named `forms`). */
const PROGRAMS: Array<[string, string]> = [...SAMPLES, ['cisc32', 'forms'], ['risc32', 'forms']];

function sourceOf(isa: string, name: string): string {
  if (name !== 'forms') return sample(isa, name);
  const p = join(tmp.dir, `${isa}-forms.s`);
  writeFileSync(p, FORMS[isa]);
  return p;
}

beforeAll(async () => {
  await Promise.all(
    PROGRAMS.map(async ([isa, name]) => {
      const elf = join(tmp.dir, `${isa}-${name}.elf`);
      const a = await xlatAsync(['asm', sourceOf(isa, name), '-o', elf]);
      if (a.status !== 0) throw new Error(`${a.cmd}: ${a.stderr}`);
      const d = await xlatAsync(['disasm', elf]);
      if (d.status !== 0 || d.stderr !== '') throw new Error(`${d.cmd} (${d.status}): ${d.stderr}`);
      built.set(`${isa}/${name}`, { isa, name, elf, listing: d.stdout, sections: parseDisasm(d.stdout) });
    }),
  );
});

function find(b: Built, addr: number) {
  for (const s of b.sections) for (const i of s.insns) if (i.addr === addr) return i;
  return undefined;
}

describe('listing format', () => {
  it('cisc32 hello: `<_start>:` and `1000: b8 04 00 00 00  mov r0, 4`', () => {
    const b = get('cisc32', 'hello');
    expect(b.listing).toMatch(/^Disassembly of section \.text:$/m);
    expect(b.listing).toMatch(/^00001000 <_start>:$/m);
    expect(b.listing).toMatch(/^\s+1000:\s+b8 04 00 00 00\s+mov r0, 4$/m);
    const i = find(b, 0x1000)!;
    expect(i.bytes).toEqual([0xb8, 4, 0, 0, 0]);
    expect(i.text).toBe('mov r0, 4');
    expect(find(b, 0x1014)).toMatchObject({ bytes: [0x0f, 0x05], text: 'syscall' });
  });

  it('risc32 hello: `1000: 04 00 1f 20  lda r0, 4(r31)` (li prints as the lda it is)', () => {
    const b = get('risc32', 'hello');
    expect(b.listing).toMatch(/^00001000 <_start>:$/m);
    expect(find(b, 0x1000)).toMatchObject({ bytes: [0x04, 0x00, 0x1f, 0x20], text: 'lda r0, 4(r31)' });
    expect(b.listing).toMatch(/^\s+[0-9a-f]+:\s+83 00 00 00\s+callsys$/m);
  });

  it('prints labels for branch targets and subroutines (cisc32 echo)', () => {
    const b = get('cisc32', 'echo');
    const text = b.sections.find((s) => s.name === '.text')!;
    for (const l of ['_start', 'next_arg', 'no_space', 'done', 'print_str']) expect([...text.labels.keys()]).toContain(l);
    // a call to print_str names it
    expect(text.insns.some((i) => i.text === 'call print_str')).toBe(true);
    expect(text.insns.some((i) => i.text === 'je done')).toBe(true);
  });

  it('prints risc32 pseudo-instructions (mov, call, ret, clr)', () => {
    const b = get('risc32', 'fib');
    const texts = b.sections.flatMap((s) => s.insns.map((i) => i.text));
    expect(texts).toContain('ret');
    expect(texts).toContain('call fib');
    expect(texts.some((t) => /^mov r\d+, r\d+$/.test(t))).toBe(true);
    expect(texts.some((t) => /^clr r\d+$/.test(t))).toBe(true);
    expect(texts.some((t) => /^li\b/.test(t))).toBe(false);
  });

  it('lists every executable section, and only those (smc: .text and .smc)', () => {
    const b = get('cisc32', 'smc');
    expect(b.sections.map((s) => s.name).sort()).toEqual(['.smc', '.text']);
    expect(b.sections.find((s) => s.name === '.smc')!.labels.get('_start')).toBe(readElf32(readFileSync(b.elf)).entry);
  });

  it('covers each executable segment byte for byte, with the bytes the ELF holds', () => {
    for (const b of built.values()) {
      const file = new Uint8Array(readFileSync(b.elf));
      const exec = readElf32(file).segments.filter((s) => s.type === 1 && s.flags & 1);
      const total = b.sections.reduce((n, s) => n + s.insns.reduce((m, i) => m + i.bytes.length, 0), 0);
      expect(total, `${b.isa}/${b.name}: bytes listed`).toBe(exec.reduce((n, s) => n + s.filesz, 0));
      for (const s of b.sections) {
        for (const i of s.insns) {
          expect(i.text, `${b.isa}/${b.name} ${i.line}`).not.toMatch(/\(bad\)|illegal/);
          expect([...(bytesAt(file, i.addr, i.bytes.length) ?? [])], `${b.isa}/${b.name} ${i.line}`).toEqual(i.bytes);
        }
      }
    }
  });

  it('disassembles an assembly source the same as its ELF', () => {
    for (const [isa, name] of [['cisc32', 'smc'], ['risc32', 'sieve']] as const) {
      const d = xlat(['disasm', sample(isa, name)]);
      expect(d.status).toBe(0);
      expect(d.stdout).toBe(get(isa, name).listing);
    }
  });
});

describe.concurrent('round trip: disassembly text assembles back to the same bytes at the same address', () => {
  // For each executable section of each sample, write a source that places
  // the listed instruction texts at their addresses in .text (padding with
  // .space) and defines every label of the listing with .equ, so that a
  // pc-relative target printed as a label means the same address. Assemble
  // it with `xlat asm` and compare the bytes at each address.
  const cases: Array<{ isa: string; name: string; section: string }> = [];
  for (const [isa, name] of PROGRAMS) {
    for (const section of isa === 'cisc32' && name === 'smc' ? ['.text', '.smc'] : ['.text']) cases.push({ isa, name, section });
  }

  for (const c of cases) {
    it(`${c.isa}/${c.name} ${c.section}`, async ({ expect }) => {
      const b = get(c.isa, c.name);
      const sec = b.sections.find((s) => s.name === c.section);
      expect(sec, `${c.section} listed`).toBeDefined();
      const src: string[] = [`.isa ${c.isa}`];
      for (const s of b.sections) for (const [label, addr] of s.labels) src.push(`.equ ${label}, 0x${addr.toString(16)}`);
      src.push('.text');
      let at = 0x1000;
      for (const i of sec!.insns) {
        expect(i.addr, `${i.line}: instructions in address order`).toBeGreaterThanOrEqual(at);
        if (i.addr > at) src.push(`.space ${i.addr - at}`);
        src.push(`    ${i.text}    ; ${i.addr.toString(16)}`);
        at = i.addr + i.bytes.length;
      }
      const srcPath = join(tmp.dir, `rt-${c.isa}-${c.name}${c.section}.s`);
      const out = `${srcPath}.elf`;
      writeFileSync(srcPath, src.join('\n') + '\n');
      const r = await xlatAsync(['asm', srcPath, '-o', out]);
      expect(r.stderr, `${r.cmd}\n${src.join('\n')}`).toBe('');
      expect(r.status).toBe(0);
      const file = new Uint8Array(readFileSync(out));
      const mismatches: string[] = [];
      for (const i of sec!.insns) {
        const got = bytesAt(file, i.addr, i.bytes.length);
        const hex = (x: Iterable<number> | null) => (x ? [...x].map((v) => v.toString(16).padStart(2, '0')).join(' ') : 'nothing');
        if (!got || hex(got) !== hex(i.bytes)) mismatches.push(`${i.addr.toString(16)}: '${i.text}' was ${hex(i.bytes)}, reassembles to ${hex(got)}`);
      }
      expect(mismatches).toEqual([]);
    });
  }
});
