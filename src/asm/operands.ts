// Turns the tokens of one operand into the ISA-neutral Operand shape. Only
// the shape is decided here (register, memory, immediate, prefixed); which
// shapes an instruction accepts is the ISA back end's business.

import { errorAt, type SourceLoc } from '../spec/diagnostic.js';
import type { IsaAssembler, Operand } from './types.js';
import { describeToken, type Token } from './lexer.js';
import { parseExpr, type ExprContext } from './expr.js';

/** What operand parsing needs to know of the ISA. */
export type OperandSyntax = Pick<IsaAssembler, 'isRegister' | 'operandPrefixes'>;

export interface OperandContext {
  file: string;
  line: number;
  isa: OperandSyntax;
}

/**
 * One operand from its tokens (never empty: the caller reports a missing
 * operand). `endCol` is where the operand's text ends.
 */
export function parseOperand(tokens: Token[], endCol: number, ctx: OperandContext): Operand {
  const first = tokens[0]!;
  const loc: SourceLoc = { file: ctx.file, line: ctx.line, col: first.col };
  const isReg = (t: Token | undefined): t is Extract<Token, { kind: 'ident' }> =>
    t?.kind === 'ident' && ctx.isa.isRegister(t.text.toLowerCase());

  if (first.kind === 'ident' && tokens.length > 1 && ctx.isa.operandPrefixes.includes(first.text.toLowerCase())) {
    const inner = parseOperand(tokens.slice(1), endCol, ctx);
    return { kind: 'prefixed', prefix: first.text.toLowerCase(), inner, loc };
  }
  if (tokens.length === 1 && isReg(first)) return { kind: 'reg', name: first.text.toLowerCase(), loc };

  const exprCtx: ExprContext = { file: ctx.file, line: ctx.line, isRegister: (n) => ctx.isa.isRegister(n) };
  const at = (col: number): SourceLoc => ({ file: ctx.file, line: ctx.line, col });

  if (first.kind === 'punct' && first.text === '[') {
    const close = matching(tokens, 0);
    if (close < 0) throw errorAt(at(endCol), "expected ']'");
    if (close !== tokens.length - 1) {
      throw errorAt(at(tokens[close + 1]!.col), `unexpected ${describeToken(tokens[close + 1]!)} after ']'`);
    }
    const base = tokens[1];
    if (!isReg(base)) {
      const found = base && base !== tokens[close] ? `, found ${describeToken(base)}` : '';
      throw errorAt(at(base?.col ?? endCol), `expected a base register after '['${found}`);
    }
    const rest = tokens.slice(2, close);
    if (rest.length === 0) return { kind: 'mem', style: 'bracket', base: base.text.toLowerCase(), disp: null, loc };
    const sign = rest[0]!;
    if (sign.kind !== 'punct' || (sign.text !== '+' && sign.text !== '-')) {
      throw errorAt(at(sign.col), `expected '+', '-' or ']' after the base register, found ${describeToken(sign)}`);
    }
    // The displacement keeps its sign: `[r3 - 4 + 8]` is r3 + (-4 + 8).
    const disp = parseExpr(rest, tokens[close]!.col, exprCtx);
    return { kind: 'mem', style: 'bracket', base: base.text.toLowerCase(), disp, loc };
  }

  const last = tokens[tokens.length - 1]!;
  if (last.kind === 'punct' && last.text === ')') {
    const open = matchingOpen(tokens, tokens.length - 1);
    // `disp(reg)`: the register is in the last parentheses, anything before is
    // the displacement — so `(N - 1) * 4(s0)` is memory, `(N - 1) * 4` is not.
    if (open >= 0 && open === tokens.length - 3 && isReg(tokens[open + 1])) {
      const base = tokens[open + 1]!.text.toLowerCase();
      const disp = open === 0 ? null : parseExpr(tokens.slice(0, open), tokens[open]!.col, exprCtx);
      return { kind: 'mem', style: 'paren', base, disp, loc };
    }
  }
  return { kind: 'imm', expr: parseExpr(tokens, endCol, exprCtx), loc };
}

/** Index of the `]` closing the `[` at `open`, or -1. */
function matching(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '[') depth++;
    else if (t.text === ']' && --depth === 0) return i;
  }
  return -1;
}

/** Index of the `(` that the `)` at `close` closes, or -1. */
function matchingOpen(tokens: Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === ')') depth++;
    else if (t.text === '(' && --depth === 0) return i;
  }
  return -1;
}
