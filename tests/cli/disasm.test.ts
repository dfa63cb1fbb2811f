// Contract 4: `xlat disasm X.elf` prints address, bytes and text for each
// instruction and the labels; and every instruction text it prints
// assembles back, at the same address, to the same bytes.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesAt, parseDisasm, readElf32, sample, tempDir, xlat, type DisasmSection } from '../fixtures/cli.js';

const SAMPLES: Array<[string, string]> = [
  ['cisc32', 'hello'], ['cisc32', 'echo'], ['cisc32', 'cat'], ['cisc32', 'fib'], ['cisc32', 'sieve'], ['cisc32', 'fault'], ['cisc32', 'smc'],
  ['risc32', 'hello'], ['risc32', 'echo'], ['risc32', 'cat'], ['risc32', 'fib'], ['risc32', 'sieve'], ['risc32', 'fault'],
];

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

beforeAll(() => {
  for (const [isa, name] of SAMPLES) {
    const elf = join(tmp.dir, `${isa}-${name}.elf`);
    const a = xlat(['asm', sample(isa, name), '-o', elf]);
    if (a.status !== 0) throw new Error(`${a.cmd}: ${a.stderr}`);
    const d = xlat(['disasm', elf]);
    if (d.status !== 0 || d.stderr !== '') throw new Error(`${d.cmd} (${d.status}): ${d.stderr}`);
    built.set(`${isa}/${name}`, { isa, name, elf, listing: d.stdout, sections: parseDisasm(d.stdout) });
  }
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

describe('round trip: disassembly text assembles back to the same bytes at the same address', () => {
  // For each executable section of each sample, write a source that places
  // the listed instruction texts at their addresses in .text (padding with
  // .space) and defines every label of the listing with .equ, so that a
  // pc-relative target printed as a label means the same address. Assemble
  // it with `xlat asm` and compare the bytes at each address.
  const cases: Array<{ isa: string; name: string; section: string }> = [];
  for (const [isa, name] of SAMPLES) {
    for (const section of isa === 'cisc32' && name === 'smc' ? ['.text', '.smc'] : ['.text']) cases.push({ isa, name, section });
  }

  for (const c of cases) {
    it(`${c.isa}/${c.name} ${c.section}`, () => {
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
      const r = xlat(['asm', srcPath, '-o', out]);
      expect(r.stderr, `${r.cmd}\n${src.join('\n')}`).toBe('');
      expect(r.status).toBe(0);
      const file = new Uint8Array(readFileSync(out));
      const mismatches: string[] = [];
      for (const i of sec!.insns) {
        const got = bytesAt(file, i.addr, i.bytes.length);
        const hex = (x: ArrayLike<number> | null) => (x ? [...x].map((v) => v.toString(16).padStart(2, '0')).join(' ') : 'nothing');
        if (!got || hex(got) !== hex(i.bytes)) mismatches.push(`${i.addr.toString(16)}: '${i.text}' was ${hex(i.bytes)}, reassembles to ${hex(got)}`);
      }
      expect(mismatches).toEqual([]);
    });
  }
});
