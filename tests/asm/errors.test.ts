import { describe, expect, it } from 'vitest';
import { XlatErrors } from '../../src/spec/diagnostic.js';
import { assemble } from '../../src/asm/assemble.js';
import { fakeIsa } from './fake-isa.js';
import { errorsOf, src } from './helpers.js';

describe('error messages', () => {
  it.each<[string, string]>([
    // lines and tokens
    ['  k 1 +', "prog.s:1:8: expected an expression after '+'"],
    ['nop @', "prog.s:1:5: unexpected character '@'"],
    ['1: nop', "prog.s:1:1: expected a label, instruction or directive, found '1'"],
    ['.ascii "abc', 'prog.s:1:8: unterminated string'],
    [".byte 'ab'", "prog.s:1:7: expected ' to close the character literal"],
    [".byte ''", 'prog.s:1:7: empty character literal'],
    [".byte 'a", 'prog.s:1:7: unterminated character literal'],
    [String.raw`.byte '\'`, 'prog.s:1:7: unterminated character literal'],
    [String.raw`.byte '\q'`, String.raw`prog.s:1:8: unknown escape '\q' in a character literal (expected one of \n \t \0 \\ \')`],
    [String.raw`.byte '\x41'`, String.raw`prog.s:1:8: unknown escape '\x' in a character literal (expected one of \n \t \0 \\ \')`],
    [String.raw`.ascii "\x4"`, String.raw`prog.s:1:9: expected two hex digits after \x`],
    ['.byte 12ab', "prog.s:1:7: invalid number '12ab'"],
    ['.byte 0x', "prog.s:1:7: invalid hexadecimal number '0x'"],
    ['.byte 0b102', "prog.s:1:7: invalid binary number '0b102'"],
    ['.word 99999999999999999', "prog.s:1:7: number '99999999999999999' is too large (the limit is 2^53 - 1)"],
    // operands
    ['k r0 + 1', "prog.s:1:3: register 'r0' cannot be used in an expression"],
    ['op r1,', "prog.s:1:7: expected an operand after ','"],
    ['op , r1', "prog.s:1:4: expected an operand, found ','"],
    ['op [r1 + 2', "prog.s:1:11: expected ']'"],
    ['op [x]', "prog.s:1:5: expected a base register after '[', found 'x'"],
    ['op []', "prog.s:1:5: expected a base register after '['"],
    ['op [r1 * 2]', "prog.s:1:8: expected '+', '-' or ']' after the base register, found '*'"],
    ['op [r1] + 4', "prog.s:1:9: unexpected '+' after ']'"],
    ['op [r1 + ]', "prog.s:1:10: expected an expression after '+'"],
    // from the ISA back end
    ['bogus r1', "prog.s:1:1: unknown instruction 'bogus'"],
    ['j loop2', "prog.s:1:3: undefined symbol 'loop2'"],
    [src('jr t', '.space 200', 't:'), 'prog.s:1:4: target out of reach (200)'],
    [src('twice x', 'x:'), 'prog.s:1:7: twice needs a constant'],
    // symbols
    [src('x: nop', 'x: nop'), "prog.s:2:1: duplicate label 'x' (first defined at prog.s:1:1)"],
    [src('.equ x, 1', 'x:'), "prog.s:2:1: duplicate label 'x' (first defined at prog.s:1:6)"],
    [src('x:', '.equ x, 1'), "prog.s:2:6: duplicate symbol 'x' (first defined at prog.s:1:1)"],
    [src('.equ A, B', '.equ B, A + 1', '.word A, B'), "prog.s:1:6: circular definition of 'A'"],
    ['.equ Z, 1/0', 'prog.s:1:11: division by zero'],
    ['.equ Z, nothing', "prog.s:1:9: undefined symbol 'nothing'"],
    ['.equ X', "prog.s:1:7: expected ',' and a value after .equ X"],
    ['.equ 5, 1', "prog.s:1:6: expected a name, found '5'"],
    // directives
    ['.wrod 5', 'prog.s:1:1: unknown directive .wrod'],
    ['.byte 300', 'prog.s:1:7: .byte value 300 out of range -128..255'],
    ['.byte -129', 'prog.s:1:7: .byte value -129 out of range -128..255'],
    ['.byte 1 / 0', 'prog.s:1:11: division by zero'],
    ['.byte 1,,2', "prog.s:1:9: expected an expression, found ','"],
    ['.byte', 'prog.s:1:6: expected an expression after .byte'],
    ['.word 0x100000000', 'prog.s:1:7: .word value 4294967296 out of range -2147483648..4294967295'],
    ['.word -2147483649', 'prog.s:1:7: .word value -2147483649 out of range -2147483648..4294967295'],
    ['.ascii 5', "prog.s:1:8: expected a string, found '5'"],
    ['.ascii "a" "b"', 'prog.s:1:12: unexpected string "b" after the string'],
    ['.space', 'prog.s:1:7: expected a size after .space'],
    ['.space 1, 2', "prog.s:1:9: unexpected ',' after a size"],
    ['.space -1', 'prog.s:1:8: .space size -1 out of range 0..16777216'],
    ['x: .space x', 'prog.s:1:11: .space needs a constant size: it is needed before labels have addresses'],
    ['.space nothing', "prog.s:1:8: undefined symbol 'nothing'"],
    ['.align 3', 'prog.s:1:8: .align 3: expected a power of two from 1 to 16777216'],
    ['.align 0', 'prog.s:1:8: .align 0: expected a power of two from 1 to 16777216'],
    ['.text 1', "prog.s:1:7: unexpected '1' after .text"],
    ['.section', 'prog.s:1:9: expected a section name after .section'],
    ['.section foo', 'prog.s:1:10: expected a flags string (from r, w, x) for the new section foo'],
    ['.section foo, rw', 'prog.s:1:15: expected a flags string such as "rw", found \'rw\''],
    ['.section .text, "rw"', 'prog.s:1:10: section .text has flags "rx", not "rw"'],
    [src('.section s, "r"', '.section s, "rx"'), 'prog.s:2:10: section s has flags "r", not "rx"'],
    ['.section foo, "rq"', "prog.s:1:15: unknown section flag 'q' (expected r, w or x)"],
    ['.section foo, "rr"', "prog.s:1:15: section flag 'r' given twice"],
    [src('.bss', '.byte 1'), 'prog.s:2:1: .byte is not allowed in .bss (only .space, .align and labels)'],
    [src('.bss', '.asciz "x"'), 'prog.s:2:1: .asciz is not allowed in .bss (only .space, .align and labels)'],
    [src('.bss', 'nop'), 'prog.s:2:1: instructions are not allowed in .bss (only .space, .align and labels)'],
    [src('nop', '.isa fake'), 'prog.s:2:1: .isa must come before any other statement'],
    [src('start:', '.isa fake'), 'prog.s:2:1: .isa must come before any other statement'],
    [src('.isa fake', '.isa fake'), 'prog.s:2:1: .isa must come before any other statement'],
    ['.isa other', "prog.s:1:6: the file is written for ISA 'other', but the ISA in use is 'fake'"],
    ['.global nothing', "prog.s:1:9: undefined symbol 'nothing'"],
    ['.entry nothing', "prog.s:1:8: undefined symbol 'nothing'"],
    [src('.equ C, 1', '.entry C'), "prog.s:2:8: 'C' is an .equ constant, not a label"],
    [src('.entry a', '.entry b', 'a:', 'b:'), 'prog.s:2:1: duplicate .entry (first given at prog.s:1:8)'],
  ])('%j', (source, message) => {
    expect(errorsOf(source)).toEqual([message]);
  });

  it('collects every error of the file, in source order, each once', () => {
    const messages = errorsOf(
      src('.wrod 5', 'j loop2', '.byte 300, 1, -200', 'x: nop', 'x: k 1 +', '.word nope', '.word nope'),
    );
    expect(messages).toEqual([
      'prog.s:1:1: unknown directive .wrod',
      "prog.s:2:3: undefined symbol 'loop2'",
      'prog.s:3:7: .byte value 300 out of range -128..255',
      'prog.s:3:15: .byte value -200 out of range -128..255',
      "prog.s:5:1: duplicate label 'x' (first defined at prog.s:4:1)",
      "prog.s:5:9: expected an expression after '+'",
      "prog.s:6:7: undefined symbol 'nope'",
      "prog.s:7:7: undefined symbol 'nope'",
    ]);
  });

  it('reports only the mismatch when .isa names another ISA', () => {
    expect(errorsOf(src('; header', '.isa other', 'mov r0, 1', 'bogus'))).toEqual([
      "prog.s:2:6: the file is written for ISA 'other', but the ISA in use is 'fake'",
    ]);
  });

  it('throws one XlatErrors whose message is the lines joined', () => {
    let caught: unknown;
    try {
      assemble('.wrod\n.byte 300', 'a/b.s', fakeIsa());
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(XlatErrors);
    expect((caught as XlatErrors).message).toBe('a/b.s:1:1: unknown directive .wrod\na/b.s:2:7: .byte value 300 out of range -128..255');
  });
});
