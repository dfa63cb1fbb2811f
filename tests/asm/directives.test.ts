import { describe, expect, it } from 'vitest';
import { fakeIsa } from './fake-isa.js';
import { asm, hex, src } from './helpers.js';

describe('data directives', () => {
  it('.byte takes -128..255, chars and expressions', () => {
    expect(hex(asm(String.raw`.byte -128, -1, 0, 127, 255, 'A', '\n', 1 + 2 * 3`))).toBe('80 ff 00 7f ff 41 0a 07');
  });

  it('.word writes 32 bits in the ISA byte order', () => {
    expect(hex(asm('.word 0x12345678, -1, 0xFFFFFFFF, -2147483648'))).toBe(
      '78 56 34 12 ff ff ff ff ff ff ff ff 00 00 00 80',
    );
    expect(hex(asm('.word 0x12345678, 1', fakeIsa('big')))).toBe('12 34 56 78 00 00 00 01');
  });

  it('.word takes labels, forward references included', () => {
    const image = asm(src('.data', 'table: .word a, b, b - a', '.text', 'a: nop', 'b: nop'));
    expect(hex(image, '.data')).toBe('00 10 00 00 01 10 00 00 01 00 00 00');
  });

  it('.ascii and .asciz keep ; and # and take every escape', () => {
    const image = asm(src(String.raw`.ascii "a;b#c\"\x41" ; comment`, String.raw`.asciz "\n\t\0\\\'", "x"`));
    expect(hex(image)).toBe('61 3b 62 23 63 22 41 0a 09 00 5c 27 00 78 00');
  });

  it('.ascii with an empty string is no bytes; .asciz "" is one zero', () => {
    expect(hex(asm(src('.ascii ""', '.asciz ""', '.byte 9')))).toBe('00 09');
  });

  it('.space gives zero bytes, with constant .equ sizes too', () => {
    expect(hex(asm(src('.byte 1', '.space N * 2', '.byte 2', '.equ N, 2')))).toBe('01 00 00 00 00 02');
  });

  it('.align pads with zeros to a multiple of its argument, in every section', () => {
    const image = asm(src('nop', '.align 4', 'a: nop', '.align 1', '.align 2', 'b:', '.data', '.byte 1', '.align 8', 'c: .byte 2'));
    expect(hex(image)).toBe('90 00 00 00 90 00');
    expect(hex(image, '.data')).toBe('01 00 00 00 00 00 00 00 02');
    expect(image.symbols.map((s) => [s.name, s.value])).toEqual([['a', 0x1004], ['b', 0x1006], ['c', 0x2008]]);
  });

  it('.align in .bss grows its size', () => {
    const image = asm(src('.bss', '.space 3', '.align 16', 'x: .space 1'));
    expect(image.segments.find((s) => s.name === '.bss')).toMatchObject({ memSize: 17, data: new Uint8Array(0) });
    // .text is empty, so .bss starts at 0x1000 itself.
    expect(image.symbols[0]).toMatchObject({ name: 'x', value: 0x1010 });
  });

  it('.equ may reference labels and later .equ names', () => {
    const image = asm(src('.equ A, B + 1', '.equ B, end - start', 'start: .space 5', 'end: .word A, A * A'));
    expect(hex(image).slice(-23)).toBe('06 00 00 00 24 00 00 00');
  });

  it('labels and .equ names are case-sensitive; directives are not', () => {
    const image = asm(src('.EQU x, 1', '.Equ X, 2', '.BYTE x, X'));
    expect(hex(image)).toBe('01 02');
  });

  it('.isa may follow comments and blank lines', () => {
    expect(hex(asm(src('; the ISA', '', '.isa FAKE', 'nop')))).toBe('90');
  });

  it('instructions may sit in data sections', () => {
    expect(hex(asm(src('.data', 'nop')), '.data')).toBe('90');
  });
});
