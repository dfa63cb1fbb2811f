// Expressions of the assembly language (cisc32 manual §7): parsing from tokens
// with C precedence, evaluation in signed 64-bit arithmetic, and printing back.
// Evaluation is in BigInt so that intermediate values beyond 2^53 (`1 << 40`,
// products of large constants) are exact; only the final value becomes a number.

import { errorAt, type SourceLoc } from '../spec/diagnostic.js';
import type { Expr } from './types.js';
import { describeToken, type Token } from './lexer.js';

export type BinaryOp = Extract<Expr, { kind: 'binary' }>['op'];
export type UnaryOp = Extract<Expr, { kind: 'unary' }>['op'];

export interface ExprContext {
  file: string;
  line: number;
  /** Register names may not stand for symbols: `r0 + 4` is a mistake, not a label. */
  isRegister?: (lowerName: string) => boolean;
}

/**
 * A symbol's value: a bigint, or undefined when not known (yet). May throw an
 * XlatError (an undefined symbol at final evaluation, a circular .equ).
 */
export type SymbolLookup = (name: string, loc: SourceLoc) => bigint | undefined;

/** Binding strength of each binary operator, as in C. */
export const PRECEDENCE: Record<BinaryOp, number> = {
  '|': 1,
  '^': 2,
  '&': 3,
  '<<': 4,
  '>>': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

const UNARY_OPS = new Set<string>(['-', '~', '+']);

/**
 * The expression spelled by all of `tokens`; `endCol` is where the tokens end
 * (the next comma or the end of the line), for "expected … after '+'" messages.
 */
export function parseExpr(tokens: Token[], endCol: number, ctx: ExprContext): Expr {
  const p = new ExprParser(tokens, endCol, ctx);
  const e = p.parseBinary(1);
  p.expectEnd();
  return e;
}

class ExprParser {
  private pos = 0;
  /** The operator just read, so a missing operand can be reported after it. */
  private lastOp: Token | null = null;

  constructor(
    private readonly tokens: Token[],
    private readonly endCol: number,
    private readonly ctx: ExprContext,
  ) {}

  private loc(col: number): SourceLoc {
    return { file: this.ctx.file, line: this.ctx.line, col };
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  parseBinary(minPrec: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'punct' || !(t.text in PRECEDENCE)) return left;
      const op = t.text as BinaryOp;
      const prec = PRECEDENCE[op];
      if (prec < minPrec) return left;
      this.pos++;
      this.lastOp = t;
      const right = this.parseBinary(prec + 1);
      left = { kind: 'binary', op, left, right, loc: left.loc };
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t?.kind === 'punct' && UNARY_OPS.has(t.text)) {
      this.pos++;
      this.lastOp = t;
      const arg = this.parseUnary();
      return { kind: 'unary', op: t.text as UnaryOp, arg, loc: this.loc(t.col) };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    const after = this.lastOp ? ` after '${this.lastOp.text}'` : '';
    if (!t) throw errorAt(this.loc(this.endCol), `expected an expression${after}`);
    this.pos++;
    this.lastOp = null;
    switch (t.kind) {
      case 'num':
      case 'char':
        return { kind: 'num', value: t.value, loc: this.loc(t.col) };
      case 'ident':
        if (this.ctx.isRegister?.(t.text.toLowerCase())) {
          throw errorAt(this.loc(t.col), `register '${t.text}' cannot be used in an expression`);
        }
        return { kind: 'sym', name: t.text, loc: this.loc(t.col) };
      case 'punct':
        if (t.text === '(') {
          this.lastOp = t;
          const inner = this.parseBinary(1);
          const close = this.peek();
          if (close?.kind !== 'punct' || close.text !== ')') {
            const found = close ? `, found ${describeToken(close)}` : '';
            throw errorAt(this.loc(close?.col ?? this.endCol), `expected ')'${found}`);
          }
          this.pos++;
          // The parenthesized expression starts at its '(' (for messages naming it).
          return { ...inner, loc: this.loc(t.col) };
        }
        break;
    }
    throw errorAt(this.loc(t.col), `expected an expression${after}, found ${describeToken(t)}`);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t) throw errorAt(this.loc(t.col), `unexpected ${describeToken(t)} after the expression`);
  }
}

/** Wraps to signed 64 bits, the width every intermediate value has. */
function wrap(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/**
 * Value of `e`, or undefined when a symbol in it is not known. Throws an
 * XlatError at the divisor for a division by zero (even when the dividend is
 * unknown, so the error does not depend on the pass) and for a negative shift.
 */
export function evalExpr(e: Expr, lookup: SymbolLookup): bigint | undefined {
  switch (e.kind) {
    case 'num':
      return BigInt(e.value);
    case 'sym':
      return lookup(e.name, e.loc);
    case 'unary': {
      const a = evalExpr(e.arg, lookup);
      if (a === undefined) return undefined;
      return e.op === '-' ? wrap(-a) : e.op === '~' ? ~a : a;
    }
    case 'binary': {
      const a = evalExpr(e.left, lookup);
      const b = evalExpr(e.right, lookup);
      if ((e.op === '/' || e.op === '%') && b === 0n) throw errorAt(e.right.loc, 'division by zero');
      if ((e.op === '<<' || e.op === '>>') && b !== undefined && b < 0n) {
        throw errorAt(e.right.loc, `negative shift count ${b}`);
      }
      if (a === undefined || b === undefined) return undefined;
      return applyBinary(e.op, a, b);
    }
  }
}

/** One binary operator on 64-bit signed values (b already checked for / % << >>). */
export function applyBinary(op: BinaryOp, a: bigint, b: bigint): bigint {
  switch (op) {
    case '+':
      return wrap(a + b);
    case '-':
      return wrap(a - b);
    case '*':
      return wrap(a * b);
    case '/':
      return wrap(a / b); // BigInt division truncates toward zero, as in C
    case '%':
      return a % b; // sign of the dividend, as in C
    case '<<':
      return b >= 64n ? 0n : wrap(a << b);
    case '>>':
      return a >> (b >= 64n ? 63n : b); // arithmetic: a is signed
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
  }
}

/** Every symbol the expression names, in order. */
export function exprSymbols(e: Expr, out: Array<Extract<Expr, { kind: 'sym' }>> = []): Array<Extract<Expr, { kind: 'sym' }>> {
  switch (e.kind) {
    case 'sym':
      out.push(e);
      break;
    case 'unary':
      exprSymbols(e.arg, out);
      break;
    case 'binary':
      exprSymbols(e.left, out);
      exprSymbols(e.right, out);
      break;
    case 'num':
      break;
  }
  return out;
}

/** The expression as source text, with only the parentheses precedence needs. */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return e.value < 0 ? `(${e.value})` : String(e.value);
    case 'sym':
      return e.name;
    case 'unary': {
      const arg = formatExpr(e.arg);
      return e.arg.kind === 'binary' ? `${e.op}(${arg})` : `${e.op}${arg}`;
    }
    case 'binary': {
      const prec = PRECEDENCE[e.op];
      const side = (x: Expr, needParens: (p: number) => boolean): string =>
        x.kind === 'binary' && needParens(PRECEDENCE[x.op]) ? `(${formatExpr(x)})` : formatExpr(x);
      // Left-associative: a right operand of equal precedence needs parentheses.
      return `${side(e.left, (p) => p < prec)} ${e.op} ${side(e.right, (p) => p <= prec)}`;
    }
  }
}

