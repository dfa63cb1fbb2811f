import { describe, expect, it } from 'vitest';
import { lexLine } from '../../src/asm/lexer.js';
import { detectIsa, parseLine, splitArgs } from '../../src/asm/parser.js';
import { fakeIsa } from './fake-isa.js';
import { asm, hex, src } from './helpers.js';

const texts = (line: string): string[] => lexLine(line, 1, 'f.s').tokens.map((t) => t.text);

describe('lexer', () => {
  it('reads identifiers, numbers and punctuation with columns', () => {
    const { tokens, endCol } = lexLine('  mov.b r0, [x$1 + 0x1F] << 2', 1, 'f.s');
    expect(tokens.map((t) => [t.text, t.col])).toEqual([
      ['mov.b', 3], ['r0', 9], [',', 11], ['[', 13], ['x$1', 14], ['+', 18], ['0x1F', 20], [']', 24], ['<<', 26], ['2', 29],
    ]);
    expect(endCol).toBe(30);
  });

  it('reads all number forms', () => {
    const values = lexLine('10 0x10 0XfF 0b101 007', 1, 'f').tokens.map((t) => (t.kind === 'num' ? t.value : NaN));
    expect(values).toEqual([10, 16, 255, 5, 7]);
  });

  it('reads character literals with every escape', () => {
    const values = lexLine(String.raw`'A' '\n' '\t' '\0' '\\' '\'' '"' ';' '#'`, 1, 'f').tokens.map((t) =>
      t.kind === 'char' ? t.value : NaN,
    );
    expect(values).toEqual([65, 10, 9, 0, 92, 39, 34, 59, 35]);
  });

  it('reads strings with escapes, including \\" and \\xNN', () => {
    const [t] = lexLine(String.raw`"a;b#\"\x41\x7f\n\t\0\\\'"`, 1, 'f').tokens;
    expect(t?.kind === 'str' && t.bytes).toEqual([97, 59, 98, 35, 34, 0x41, 0x7f, 10, 9, 0, 92, 39]);
  });

  it('encodes non-ASCII string text as UTF-8', () => {
    const [t] = lexLine('"é€"', 1, 'f').tokens;
    expect(t?.kind === 'str' && t.bytes).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  });

  it('stops at ; or # outside literals only', () => {
    expect(texts("k ';' ; comment 'x")).toEqual(['k', "';'"]);
    expect(texts("k '#' # comment")).toEqual(['k', "'#'"]);
    expect(texts('.ascii "a;b#c" ; "not a string')).toEqual(['.ascii', '"a;b#c"']);
    expect(texts('# whole line')).toEqual([]);
    expect(texts('; whole line')).toEqual([]);
    expect(texts('nop;no space')).toEqual(['nop']);
  });

  it('accepts identifiers with dots and dollars', () => {
    expect(texts('.L1$x _a.b .5')).toEqual(['.L1$x', '_a.b', '.5']);
  });
});

describe('line parsing', () => {
  const isa = fakeIsa();
  it('takes several labels before a statement', () => {
    const line = parseLine('a: b : .c: NOP', 1, 'f', isa);
    expect(line.labels.map((l) => [l.name, l.loc.col])).toEqual([['a', 1], ['b', 4], ['.c', 8]]);
    expect(line.statement).toMatchObject({ kind: 'instruction', mnemonic: 'nop', operands: [] });
  });

  it('lower-cases mnemonics and directives but not labels', () => {
    expect(parseLine('Loop: .WORD Loop', 1, 'f', isa)).toMatchObject({
      labels: [{ name: 'Loop' }],
      statement: { kind: 'directive', name: '.word' },
    });
  });

  it('joins a mnemonic prefix with the next word', () => {
    expect(parseLine('REP MOVS', 1, 'f', isa).statement).toMatchObject({ mnemonic: 'rep movs', operands: [] });
  });

  it('splits arguments at top-level commas only', () => {
    const { tokens, endCol } = lexLine(`[r1 + 2], f(1, 2), ',', "a,b"`, 1, 'f');
    expect(splitArgs(tokens, endCol).map((g) => g.tokens.map((t) => t.text).join(''))).toEqual([
      '[r1+2]', 'f(1,2)', "','", '"a,b"',
    ]);
  });

  it('assembles a line whose only content is a comment or blank', () => {
    expect(hex(asm(src('; c', '   ', '# c', '\tnop ; trailing', 'nop\r')))).toBe('90 90');
  });
});

describe('detectIsa', () => {
  it('finds .isa as the first statement after comments and blank lines', () => {
    expect(detectIsa('; header\n\n   # more\n  .ISA Fake ; the ISA\nnop')).toBe('fake');
  });
  it('is null when .isa is missing or not first', () => {
    expect(detectIsa('nop\n.isa fake')).toBeNull();
    expect(detectIsa('start: .isa fake')).toBeNull();
    expect(detectIsa('')).toBeNull();
  });
});
