// The disassembler's listing (objdump -d style) and its number formats.

import { describe, expect, it } from 'vitest';
import { disassemble, symbolMap } from '../../src/decode/disasm.js';
import { formatImm } from '../../src/decode/operands.js';
import type { ElfImage, ElfSegment, ElfSymbol } from '../../src/elf/image.js';
import { bytes, le32, load, rBr, rOp } from './helpers.js';

const cisc = await load('cisc32');
const risc = await load('risc32');

function image(machine: number, segments: ElfSegment[], symbols: ElfSymbol[]): ElfImage {
  return { endian: 'little', machine, entry: segments[0]?.vaddr ?? 0, segments, symbols, notes: [] };
}

const text = (data: Uint8Array, vaddr = 0x1000): ElfSegment => ({
  name: '.text',
  vaddr,
  flags: { r: true, w: false, x: true },
  data,
  memSize: data.length,
});

const sym = (name: string, value: number, extra: Partial<ElfSymbol> = {}): ElfSymbol => ({
  name,
  value,
  size: 0,
  kind: 'func',
  global: false,
  section: '.text',
  ...extra,
});

describe('number formats', () => {
  it('prints -9..9 in decimal and the rest in signed hex', () => {
    expect([0, 9, -9, 10, -10, 31, -16, 0x7fffffff, -0x80000000].map(formatImm)).toEqual([
      '0', '9', '-9', '0xa', '-0xa', '0x1f', '-0x10', '0x7fffffff', '-0x80000000',
    ]);
  });
});

describe('disassemble', () => {
  it('lists cisc32 code with symbols, bytes and text', () => {
    const code = bytes('01 C8 83 C0 FF 74 FB 0F 84 F5 FF FF FF C3');
    const img = image(0x4332, [text(code)], [sym('_start', 0x1000, { global: true }), sym('again', 0x1002)]);
    expect(disassemble(cisc.isa, img)).toBe(
      [
        'Disassembly of section .text:',
        '',
        '00001000 <_start>:',
        '    1000:\t01 c8                \tadd r0, r1',
        '',
        '00001002 <again>:',
        '    1002:\t83 c0 ff             \tadd r0, -1',
        '    1005:\t74 fb                \tje again',
        '    1007:\t0f 84 f5 ff ff ff    \tje again',
        '    100d:\tc3                   \tret',
        '',
      ].join('\n'),
    );
  });

  it('prints undecodable bytes one at a time as (bad), and an instruction cut off by the end', () => {
    const code = bytes('7A 90 8B 43');
    const out = disassemble(cisc.isa, image(0x4332, [text(code)], []));
    expect(out.split('\n')).toEqual([
      'Disassembly of section .text:',
      '',
      '00001000 <.text>:',
      '    1000:\t7a                   \t(bad)',
      '    1001:\t90                   \tnop',
      '    1002:\t8b 43                \t(bad)',
      '',
    ]);
  });

  it('consumes a whole word for a bad risc32 instruction', () => {
    const code = new Uint8Array([...le32(0), ...le32(rOp(0x11, 31, 31, 0x20, 31)), ...le32(rBr(0x34, 26, -2)), 0x01, 0x02]);
    const out = disassemble(risc.isa, image(0x5232, [text(code)], [sym('main', 0x1000)]));
    expect(out.split('\n')).toEqual([
      'Disassembly of section .text:',
      '',
      '00001000 <main>:',
      '    1000:\t00 00 00 00          \t(bad)',
      '    1004:\t1f 04 ff 47          \tnop',
      '    1008:\tfe ff 5f d3          \tcall 0x1004',
      '    100c:\t01 02                \t(bad)',
      '',
    ]);
  });

  it('lists only executable segments, each with its own header', () => {
    const data: ElfSegment = { name: '.data', vaddr: 0x2000, flags: { r: true, w: true, x: false }, data: bytes('90'), memSize: 1 };
    const more: ElfSegment = { name: '.more', vaddr: 0x3000, flags: { r: true, w: true, x: true }, data: bytes('C3'), memSize: 1 };
    const out = disassemble(cisc.isa, image(0x4332, [text(bytes('90')), data, more], [sym('x', 0x2000, { section: '.data', kind: 'object' })]));
    expect(out).toBe(
      [
        'Disassembly of section .text:',
        '',
        '00001000 <.text>:',
        '    1000:\t90                   \tnop',
        '',
        'Disassembly of section .more:',
        '',
        '00003000 <.more>:',
        '    3000:\tc3                   \tret',
        '',
      ].join('\n'),
    );
  });

  it('leaves symbols out on request', () => {
    const img = image(0x4332, [text(bytes('EB FE'))], [sym('loop', 0x1000)]);
    expect(disassemble(cisc.isa, img, { symbols: false })).toContain('\tjmp 0x1000');
    expect(disassemble(cisc.isa, img)).toContain('\tjmp loop');
  });

  it('names an address by its best symbol, never by an absolute one', () => {
    const m = symbolMap([
      sym('b_local', 0x1000),
      sym('a_global', 0x1000, { global: true }),
      sym('CONST', 0x1004, { section: undefined }),
      sym('obj', 0x1008, { kind: 'object' }),
      sym('fn', 0x1008),
    ]);
    expect(m.get(0x1000)).toBe('a_global');
    expect(m.has(0x1004)).toBe(false);
    expect(m.get(0x1008)).toBe('fn');
  });

  it('prints an address, not a symbol named like a register', () => {
    const img = image(0x4332, [text(bytes('EB FE'))], [sym('r1', 0x1000)]);
    expect(disassemble(cisc.isa, img)).toContain('\tjmp 0x1000');
  });
});
