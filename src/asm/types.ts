// Plain data between the assembler's ISA-independent front end (lines,
// expressions, directives, sections, layout) and the ISA-specific back end
// derived from the spec (operand matching, encodings, pseudo-instructions).

import type { SourceLoc } from '../spec/diagnostic.js';

/** An assembly-language expression, as written (cisc32 manual §7). */
export type Expr =
  | { kind: 'num'; value: number; loc: SourceLoc }
  | { kind: 'sym'; name: string; loc: SourceLoc }
  | { kind: 'unary'; op: '-' | '~' | '+'; arg: Expr; loc: SourceLoc }
  | {
      kind: 'binary';
      op: '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^';
      left: Expr;
      right: Expr;
      loc: SourceLoc;
    };

/** One operand as the user wrote it, before any ISA matching. */
export type Operand =
  | { kind: 'reg'; name: string; loc: SourceLoc } // a register name or alias, lower-cased
  | { kind: 'imm'; expr: Expr; loc: SourceLoc }
  /** `[base]`, `[base + e]`, `[base - e]` (bracket) or `e(base)`, `(base)` (paren). */
  | { kind: 'mem'; style: 'bracket' | 'paren'; base: string; disp: Expr | null; loc: SourceLoc }
  /** A keyword before an operand, e.g. `byte [r3]`. */
  | { kind: 'prefixed'; prefix: string; inner: Operand; loc: SourceLoc };

/**
 * Evaluates expressions during layout. `undefined` means "not known yet"
 * (a label whose address is not fixed in this pass); a fit check treats an
 * unknown value as fitting the shortest form.
 */
export interface Evaluator {
  eval(e: Expr): number | undefined;
  /** Evaluate or throw an XlatError naming the place (used at final encoding). */
  evalFinal(e: Expr): number;
  /** Whether the expression names no label (only numbers and constant .equ names). */
  isConstant(e: Expr): boolean;
}

/** One way to encode an instruction slot. */
export interface Form {
  length: number;
  /** null when the operand values fit this form at `addr`, else why not. */
  fits(ev: Evaluator, addr: number): string | null;
  /** Encode at `addr`; throws an XlatError (naming the operand) if a value does not fit. */
  encode(ev: Evaluator, addr: number): Uint8Array;
}

/** One machine instruction to lay out: its forms, shortest first. */
export interface Slot {
  forms: Form[];
  loc: SourceLoc;
}

/** What the ISA back end offers the front end. */
export interface IsaAssembler {
  /** The ISA's name (for `.isa` checks). */
  name: string;
  /** Whether `name` (lower-cased) is a register name or alias of this ISA. */
  isRegister(name: string): boolean;
  /** Keywords allowed before an operand (e.g. `byte`), lower-cased. */
  operandPrefixes: string[];
  /**
   * Words that join the word after them into one mnemonic (e.g. a repeat
   * prefix: `rep movsb` is planned as mnemonic "rep movsb"), lower-cased.
   * Optional; when absent the second word reaches `plan` as an operand.
   */
  mnemonicPrefixes?: string[];
  /**
   * One statement into the instruction slots it assembles to (a pseudo-
   * instruction may give several). Throws an XlatError at `loc` when no
   * instruction of this ISA has this mnemonic and operand shape.
   */
  plan(mnemonic: string, operands: Operand[], loc: SourceLoc, ev: Evaluator): Slot[];
  /** Instructions must start at a multiple of this (default 1); one that does not is an error. */
  insnAlign?: number;
}
