import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lexLine } from '../../src/asm/lexer.js';
import { evalExpr, formatExpr, parseExpr, type BinaryOp } from '../../src/asm/expr.js';
import type { Expr } from '../../src/asm/types.js';
import { XlatError } from '../../src/spec/diagnostic.js';

const SYMBOLS: Record<string, bigint> = { a: 5n, b: -3n, big: 1n << 40n, Z: 0n };

function parse(text: string): Expr {
  const { tokens, endCol } = lexLine(text, 1, 'e.s');
  return parseExpr(tokens, endCol, { file: 'e.s', line: 1, isRegister: (n) => n === 'r0' });
}

function value(text: string): bigint | undefined {
  return evalExpr(parse(text), (name) => SYMBOLS[name]);
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof XlatError) return e.message;
    throw e;
  }
  throw new Error('expected an error');
}

describe('expression evaluation', () => {
  it.each([
    ['1 + 2 * 3', 7n],
    ['(1 + 2) * 3', 9n],
    ['10 - 4 - 3', 3n],
    ['64 / 4 / 2', 8n],
    ['1 << 2 + 1', 8n],
    ['6 & 3 ^ 1 | 8', 11n],
    ['1 | 2 ^ 3 & 5', 3n],
    ['-2 * -3', 6n],
    ['~0', -1n],
    ['- -4', 4n],
    ['+7', 7n],
    ['-7 / 2', -3n],
    ['7 / -2', -3n],
    ['-7 % 2', -1n],
    ['7 % -2', 1n],
    ['-16 >> 2', -4n],
    ['-1 >> 70', -1n],
    ['1 << 40', 1n << 40n],
    ['1 << 64', 0n],
    ['(1 << 63) >> 63', -1n],
    ['0x7fffffffffff * 0x10000', 0x7fffffffffff0000n],
    ['0xffffffffffff * 0x10000', -0x10000n],
    ['0x10 + 0b101 + 10', 31n],
    [String.raw`'A' + '\n' + '\0' + '\\'`, 65n + 10n + 92n],
    ['a * b + big', 5n * -3n + (1n << 40n)],
  ])('%s = %s', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('is undefined when a symbol is unknown', () => {
    expect(value('a + nothing')).toBeUndefined();
  });

  it('reports a division by zero at the divisor, even with an unknown dividend', () => {
    expect(errorOf(() => value('1 + 4 / (a - 5)'))).toBe('e.s:1:9: division by zero');
    expect(errorOf(() => value('nothing % 0'))).toBe('e.s:1:11: division by zero');
  });

  it('reports a negative shift count', () => {
    expect(errorOf(() => value('1 << -1'))).toBe('e.s:1:6: negative shift count -1');
  });

  it('gives each node the place where its text starts', () => {
    const e = parse('  (a + 1) * -b');
    expect(e).toMatchObject({ kind: 'binary', op: '*', loc: { col: 3 }, left: { loc: { col: 3 } }, right: { kind: 'unary', loc: { col: 13 } } });
  });
});

describe('expression syntax errors', () => {
  it.each([
    ['1 +', "e.s:1:4: expected an expression after '+'"],
    ['1 + ]', "e.s:1:5: expected an expression after '+', found ']'"],
    ['-', "e.s:1:2: expected an expression after '-'"],
    ['(1 + 2', "e.s:1:7: expected ')'"],
    ['(1 + 2 3', "e.s:1:8: expected ')', found '3'"],
    ['1 2', "e.s:1:3: unexpected '2' after the expression"],
    ['"s"', 'e.s:1:1: expected an expression, found string "s"'],
    ['r0 + 1', "e.s:1:1: register 'r0' cannot be used in an expression"],
    ['()', "e.s:1:2: expected an expression after '(', found ')'"],
  ])('%s', (text, message) => {
    expect(errorOf(() => parse(text))).toBe(message);
  });
});

// ---- property: printing a tree and parsing it back gives the same tree and value ----

const BINARY: BinaryOp[] = ['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^'];
const LOC = { file: 'e.s', line: 1, col: 1 };

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    fc.oneof(
      fc.integer({ min: 0, max: 300 }),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    ).map((value): Expr => ({ kind: 'num', value, loc: LOC })),
    fc.constantFrom(...Object.keys(SYMBOLS)).map((name): Expr => ({ kind: 'sym', name, loc: LOC })),
    fc.record({ op: fc.constantFrom('-' as const, '~' as const, '+' as const), arg: tie('e') })
      .map(({ op, arg }): Expr => ({ kind: 'unary', op, arg, loc: LOC })),
    fc.record({ op: fc.constantFrom(...BINARY), left: tie('e'), right: tie('e') })
      .map(({ op, left, right }): Expr => ({ kind: 'binary', op, left, right, loc: LOC })),
  ),
})).e;

/** Reference semantics, written apart from the code under test: signed 64-bit, C rules. */
function reference(e: Expr): bigint {
  const w = (v: bigint): bigint => BigInt.asIntN(64, v);
  switch (e.kind) {
    case 'num':
      return BigInt(e.value);
    case 'sym':
      return SYMBOLS[e.name]!;
    case 'unary': {
      const a = reference(e.arg);
      return e.op === '-' ? w(-a) : e.op === '~' ? w(~a) : a;
    }
    case 'binary': {
      const a = reference(e.left);
      const b = reference(e.right);
      switch (e.op) {
        case '+': return w(a + b);
        case '-': return w(a - b);
        case '*': return w(a * b);
        case '/': if (b === 0n) throw new Error('div0'); return w(a / b);
        case '%': if (b === 0n) throw new Error('div0'); return w(a % b);
        case '<<': if (b < 0n) throw new Error('neg'); return w(a << (b > 64n ? 64n : b));
        case '>>': if (b < 0n) throw new Error('neg'); return w(a >> b);
        case '&': return w(a & b);
        case '|': return w(a | b);
        case '^': return w(a ^ b);
      }
    }
  }
}

function stripLocs(e: Expr): unknown {
  switch (e.kind) {
    case 'num': return ['num', e.value];
    case 'sym': return ['sym', e.name];
    case 'unary': return [e.op, stripLocs(e.arg)];
    case 'binary': return [e.op, stripLocs(e.left), stripLocs(e.right)];
  }
}

describe('expression round trip (property)', () => {
  it('print -> parse gives the same tree, and evaluates as the reference does', () => {
    const depth = (e: Expr): number =>
      e.kind === 'unary' ? 1 + depth(e.arg) : e.kind === 'binary' ? 1 + Math.max(depth(e.left), depth(e.right)) : 0;
    let errors = 0;
    let deep = 0;
    fc.assert(
      fc.property(exprArb, (tree) => {
        const text = formatExpr(tree);
        const parsed = parse(text);
        expect(stripLocs(parsed)).toEqual(stripLocs(tree));
        let expected: bigint | 'error';
        try {
          expected = reference(tree);
        } catch {
          expected = 'error';
        }
        let actual: bigint | 'error';
        try {
          actual = evalExpr(parsed, (name) => SYMBOLS[name])!;
        } catch (err) {
          if (!(err instanceof XlatError)) throw err;
          actual = 'error';
        }
        expect(actual).toBe(expected);
        if (actual === 'error') errors++;
        if (depth(tree) >= 4) deep++;
      }),
      { numRuns: 2000 },
    );
    // The generator reaches both outcomes and nontrivial nesting.
    expect(errors).toBeGreaterThan(0);
    expect(deep).toBeGreaterThan(100);
  });
});
