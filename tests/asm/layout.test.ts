import { describe, expect, it } from 'vitest';
import { asm, hex, src } from './helpers.js';
import { fakeIsa } from './fake-isa.js';
import { parseLine } from '../../src/asm/parser.js';
import { SymbolTable } from '../../src/asm/symbols.js';
import { Diagnostics } from '../../src/asm/diagnostics.js';
import { buildProgram, collectSymbols } from '../../src/asm/program.js';
import { relax } from '../../src/asm/layout.js';

/** Lays a source out and returns the number of passes and every slot's final length. */
function layoutOf(source: string): { passes: number; lengths: number[] } {
  const isa = fakeIsa();
  const diags = new Diagnostics('t.s');
  const lines = source.split('\n').map((t, n) => parseLine(t, n + 1, 't.s', isa));
  const symbols = new SymbolTable();
  collectSymbols(lines, symbols, isa, diags);
  const sections = buildProgram(lines, symbols, isa, symbols.evaluator(null), diags).sections.ordered();
  diags.throwIfAny();
  const { passes } = relax(sections, symbols);
  const lengths = sections.flatMap((s) => s.items).flatMap((i) => (i.kind === 'slot' ? [i.slot.forms[i.form]!.length] : []));
  return { passes, lengths };
}

describe('fixed-point sizing', () => {
  it('uses the short form when the target is within reach, both directions', () => {
    // back: rel = 0x1000 - 0x1003 = -3; fwd: rel = 0x1005 - 0x1005 = 0
    expect(hex(asm(src('back: nop', 'j back', 'j fwd', 'fwd:')))).toBe('90 eb fd eb 00');
  });

  it('reaches exactly 127 forward and -128 backward with the short form', () => {
    const fwd = asm(src('j t', '.space 127', 't:'));
    expect(hex(fwd).slice(0, 5)).toBe('eb 7f');
    const back = asm(src('t: .space 126', 'j t'));
    expect(hex(back).slice(-5)).toBe('eb 80');
    const tooFar = asm(src('j t', '.space 128', 't:'));
    expect(hex(tooFar).slice(0, 14)).toBe('e9 80 00 00 00');
  });

  it('stops after one pass when everything fits at once', () => {
    expect(layoutOf(src('a: j a', 'nop', 'j a'))).toEqual({ passes: 1, lengths: [2, 1, 2] });
  });

  it('takes one pass per step of a growth chain', () => {
    expect(layoutOf(src('A: j X', 'B: j Y', '.space 125', 'X: .space 10', 'Y:'))).toEqual({ passes: 3, lengths: [5, 5] });
    expect(layoutOf(src('B: j far', '.space 0x7c', 'A: j L', '.align 256', 'L: .space 200', 'far:'))).toEqual({
      passes: 2,
      lengths: [5, 5],
    });
  });

  it('grows a jump that another jump growing pushed out of reach (a chain)', () => {
    // Pass 1: A fits (rel 127), B does not (135) and grows. Pass 2: X moved by 3,
    // so A (rel 130) grows too. Pass 3 is stable.
    const image = asm(src('A: j X', 'B: j Y', '.space 125', 'X: .space 10', 'Y:'));
    const bytes = hex(image).split(' ');
    // A at 0x1000: X = 0x100a + 125 = 0x1087, rel = 0x1087 - 0x1005 = 0x82
    expect(bytes.slice(0, 5).join(' ')).toBe('e9 82 00 00 00');
    // B at 0x1005: Y = 0x1091, rel = 0x1091 - 0x100a = 0x87
    expect(bytes.slice(5, 10).join(' ')).toBe('e9 87 00 00 00');
    expect(image.symbols.find((s) => s.name === 'Y')?.value).toBe(0x1091);
  });

  it('a chain of many forward jumps settles as one long run', () => {
    // Each jump skips over the next 24 jumps plus 100 bytes: all short would fit
    // only if the jumps in between stayed short; growth cascades.
    const lines: string[] = [];
    for (let i = 0; i < 30; i++) lines.push(`j t${i}`);
    lines.push('.space 60');
    for (let i = 0; i < 30; i++) lines.push(`t${i}: nop`);
    const image = asm(src(...lines));
    const text = image.segments[0]!.data;
    // Decode the jumps and check each lands on its label.
    let pc = 0x1000;
    for (let i = 0; i < 30; i++) {
      const off = pc - 0x1000;
      const long = text[off] === 0xe9;
      const len = long ? 5 : 2;
      const rel = long
        ? new DataView(text.buffer, text.byteOffset + off + 1, 4).getInt32(0, true)
        : (text[off + 1]! << 24) >> 24;
      const target = image.symbols.find((s) => s.name === `t${i}`)!.value;
      expect(pc + len + rel).toBe(target);
      if (!long) expect(rel).toBeLessThanOrEqual(127);
      pc += len;
    }
  });

  it('never shrinks a grown slot, even when it would fit later', () => {
    // Pass 1: B (to far) and A (rel 128 to L) both grow. Pass 2: A moved 3 bytes
    // later while L stays at 0x1100 (the .align absorbs it): a short A would now
    // fit (rel 125), but a grown slot stays grown.
    const image = asm(src('B: j far', '.space 0x7c', 'A: j L', '.align 256', 'L: .space 200', 'far:'));
    const bytes = hex(image).split(' ');
    expect(bytes.slice(0, 5).join(' ')).toBe('e9 c3 01 00 00'); // far = 0x11c8, from 0x1005
    expect(bytes.slice(0x81, 0x86).join(' ')).toBe('e9 7a 00 00 00'); // A at 0x1081: 0x1100 - 0x1086
    expect(image.symbols.find((s) => s.name === 'L')?.value).toBe(0x1100);
  });

  it('grows straight to the next form that fits', () => {
    expect(hex(asm(src('p 5', 'p 300', 'p 70000', 'p -129')))).toBe(
      '01 05 02 2c 01 03 70 11 01 00 02 7f ff',
    );
  });

  it('treats .equ names defined by label differences at every pass', () => {
    // DIST depends on the size of the code between s and e, which grows.
    const image = asm(src('.equ DIST, e - s', 's: j far', 'e: k DIST', '.space 200', 'far:'));
    expect(hex(image).slice(0, 20)).toBe('e9 ca 00 00 00 6a 05');
  });

  it('lets a pseudo-instruction choose its slots from constants at plan time', () => {
    expect(hex(asm(src('twice N', '.equ N, 1 + 2')))).toBe('90 90 90');
  });
});

describe('section placement', () => {
  it('puts .text at 0x1000, the rest in order of first appearance on 4 KiB boundaries, .bss last', () => {
    const image = asm(
      src(
        '.bss',
        'buf: .space 8',
        '.data',
        'd: .word 1',
        '.section .rodata, "r"',
        '.text',
        '_start: nop',
        '.section .smc, "rwx"',
        'code: .byte 1',
        '.section .rodata',
        'msg: .ascii "hi"',
      ),
    );
    expect(image.segments.map((s) => [s.name, s.vaddr, s.memSize, s.data.length, s.flags])).toEqual([
      ['.text', 0x1000, 1, 1, { r: true, w: false, x: true }],
      ['.data', 0x2000, 4, 4, { r: true, w: true, x: false }],
      ['.rodata', 0x3000, 2, 2, { r: true, w: false, x: false }],
      ['.smc', 0x4000, 1, 1, { r: true, w: true, x: true }],
      ['.bss', 0x5000, 8, 0, { r: true, w: true, x: false }],
    ]);
    expect(image.entry).toBe(0x1000);
    expect(image.symbols).toEqual([
      { name: 'buf', value: 0x5000, size: 0, kind: 'object', global: false, section: '.bss' },
      { name: 'd', value: 0x2000, size: 0, kind: 'object', global: false, section: '.data' },
      { name: '_start', value: 0x1000, size: 0, kind: 'func', global: false, section: '.text' },
      { name: 'code', value: 0x4000, size: 0, kind: 'func', global: false, section: '.smc' },
      { name: 'msg', value: 0x3000, size: 0, kind: 'object', global: false, section: '.rodata' },
    ]);
  });

  it('starts the next section on the next 4 KiB boundary after the previous one ends', () => {
    const image = asm(src('.space 0x1001', '.data', '.byte 1', '.bss', '.space 0x1000', '.section x, "r"', '.byte 2'));
    expect(image.segments.map((s) => [s.name, s.vaddr])).toEqual([
      ['.text', 0x1000],
      ['.data', 0x3000],
      ['x', 0x4000],
      ['.bss', 0x5000],
    ]);
    const exact = asm(src('.space 0x1000', '.data', '.byte 1'));
    expect(exact.segments[1]!.vaddr).toBe(0x2000);
  });

  it('joins the pieces of a section entered several times, in source order', () => {
    const image = asm(src('.byte 1', '.data', '.byte 2', '.text', '.byte 3', '.data', '.byte 4'));
    expect(hex(image, '.text')).toBe('01 03');
    expect(hex(image, '.data')).toBe('02 04');
  });

  it('leaves out empty sections; their labels become absolute', () => {
    const image = asm(src('nop', '.data', 'empty:', '.bss'));
    expect(image.segments.map((s) => s.name)).toEqual(['.text']);
    expect(image.symbols.find((s) => s.name === 'empty')).toEqual({
      name: 'empty', value: 0x2000, size: 0, kind: 'object', global: false,
    });
  });

  it('keeps an empty .text when there is nothing at all', () => {
    const image = asm('');
    expect(image).toEqual({
      endian: 'little', machine: 0x4655, entry: 0x1000, notes: [], symbols: [],
      segments: [{ name: '.text', vaddr: 0x1000, flags: { r: true, w: false, x: true }, data: new Uint8Array(0), memSize: 0 }],
    });
  });

  it('a data-only program starts its data at 0x1000', () => {
    const image = asm(src('.data', 'x: .byte 7'));
    expect(image.segments.map((s) => [s.name, s.vaddr])).toEqual([['.data', 0x1000]]);
  });
});

describe('entry point and symbols', () => {
  it('defaults to _start, else the start of .text', () => {
    expect(asm(src('nop', '_start: nop')).entry).toBe(0x1001);
    expect(asm(src('.data', '.byte 1', '.text', 'nop')).entry).toBe(0x1000);
  });

  it('takes .entry over _start', () => {
    expect(asm(src('.entry main', '_start: nop', 'main: nop')).entry).toBe(0x1001);
  });

  it('marks .global labels global', () => {
    const image = asm(src('.global main, helper', 'main: nop', 'helper: nop', 'local: nop'));
    expect(image.symbols.map((s) => [s.name, s.global])).toEqual([['main', true], ['helper', true], ['local', false]]);
  });
});
