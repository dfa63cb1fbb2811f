// The spec file as parsed, before any name is resolved: what parse.ts hands
// to the loader. Every node keeps its place so that every check can name it.

import type { SourceLoc } from './diagnostic.js';

export type AExpr =
  | { k: 'num'; v: number; loc: SourceLoc }
  | { k: 'id'; name: string; loc: SourceLoc }
  | { k: 'call'; name: string; args: AExpr[]; loc: SourceLoc }
  | { k: 'bin'; op: string; a: AExpr; b: AExpr; loc: SourceLoc }
  | { k: 'un'; op: string; a: AExpr; loc: SourceLoc }
  | { k: 'cond'; c: AExpr; t: AExpr; f: AExpr; loc: SourceLoc }
  | { k: 'index'; a: AExpr; i: AExpr; loc: SourceLoc }
  | { k: 'slice'; a: AExpr; hi: AExpr; lo: AExpr; loc: SourceLoc }
  | { k: 'width'; a: AExpr; bits: number; loc: SourceLoc };

export type AStmt =
  | { k: 'let'; name: string; e: AExpr; loc: SourceLoc }
  | { k: 'if'; c: AExpr; t: AStmt[]; f: AStmt[]; loc: SourceLoc }
  | { k: 'jump'; e: AExpr; loc: SourceLoc }
  | { k: 'fault'; name: string; loc: SourceLoc }
  /** `syscall;` (the abi's registers), or `[let result =] syscall(nr, args...);` (values, through ports) */
  | { k: 'syscall'; args?: AExpr[]; result?: string; loc: SourceLoc }
  /** `probe m;`: m is read and written back, so every fault an access to m could raise is raised here */
  | { k: 'probe'; target: AExpr; loc: SourceLoc }
  | { k: 'call'; name: string; args: AExpr[]; loc: SourceLoc }
  | { k: 'assign'; target: AExpr; e: AExpr; loc: SourceLoc }
  | { k: 'block'; body: AStmt[]; loc: SourceLoc };

export type AEncAtom =
  | { k: 'constrain'; field: string; value: AExpr; loc: SourceLoc }
  | { k: 'name'; name: string; loc: SourceLoc }
  | { k: 'byte'; value: AExpr; loc: SourceLoc };

/** Groups joined by ';', atoms of a group joined by '&'. */
export type AEnc = AEncAtom[][];

export interface AString {
  text: string;
  loc: SourceLoc; // of the opening quote
}

export type AItem =
  | { k: 'isa'; name: string; props: Array<{ key: string; value: number | string; loc: SourceLoc }>; loc: SourceLoc }
  | { k: 'regfile'; name: string; bits: number; names: string[]; range?: [string, string]; loc: SourceLoc }
  | { k: 'register'; names: string[]; bits: number; loc: SourceLoc }
  | { k: 'flag'; names: string[]; loc: SourceLoc }
  | { k: 'alias'; pairs: Array<{ alias: string; target: string; loc: SourceLoc }>; loc: SourceLoc }
  | { k: 'zero'; name: string; loc: SourceLoc }
  | {
      k: 'token';
      name: string;
      bits: number;
      fields: Array<{
        name: string;
        ranges: Array<[number, number]>;
        signed: boolean;
        type?: string;
        loc: SourceLoc;
      }>;
      loc: SourceLoc;
    }
  | { k: 'operand'; name: string; e: AExpr; loc: SourceLoc }
  | {
      k: 'enum';
      name: string;
      bits: number;
      cases: Array<{ names: string[]; value: AExpr; sem: AExpr; loc: SourceLoc }>;
      loc: SourceLoc;
    }
  | {
      k: 'mode';
      name: string;
      cases: Array<
        | { k: 'case'; enc: AEnc; syntax: AString | null; e: AExpr; loc: SourceLoc }
        | { k: 'use'; mode: string; loc: SourceLoc }
      >;
      loc: SourceLoc;
    }
  | { k: 'defstmt'; name: string; params: string[]; body: AStmt[]; loc: SourceLoc }
  | { k: 'defexpr'; name: string; params: string[]; e: AExpr; loc: SourceLoc }
  | { k: 'insn'; syntax: AString; enc: AEnc; body: AStmt[]; loc: SourceLoc }
  | {
      k: 'for';
      vars: string[];
      rows: Array<{ values: Array<string | number>; loc: SourceLoc }>;
      items: AItem[];
      loc: SourceLoc;
    }
  | {
      k: 'pseudo';
      syntax: AString;
      noprint: boolean;
      cases: Array<{ when: APseudoCond | null; insns: AString[]; loc: SourceLoc }>;
      loc: SourceLoc;
    }
  | {
      k: 'abi';
      syscall?: { number: string; args: string[]; result: string; loc: SourceLoc };
      calls: Array<{ name: string; number: number; loc: SourceLoc }>;
      stack?: { reg: string; loc: SourceLoc };
      loc: SourceLoc;
    }
  /** `host { state ...; temps ...; base R; exit R; link R; }`: register roles of a host. */
  | { k: 'host'; roles: Array<{ role: string; regs: string[]; loc: SourceLoc }>; loc: SourceLoc }
  /** `lower PATTERN [when GUARD] [prio N] => "insn"; ...;` or `=> var;` (the result is that operand). */
  | {
      k: 'lower';
      pattern: ALowerPat;
      guard: AExpr | null;
      prio: number | null;
      alias: string | null;
      insns: Array<{ label: string | null; text: AString }>;
      loc: SourceLoc;
    };

/** A lowering pattern: an op with a width and arguments, or a variable (register, #constant, @label). */
export type ALowerPat =
  | { k: 'op'; name: string; width: number | '*' | null; args: ALowerPat[]; bare: boolean; loc: SourceLoc }
  | { k: 'reg' | 'const' | 'label'; name: string; loc: SourceLoc };

export type APseudoCond =
  | { k: 'and'; a: APseudoCond; b: APseudoCond }
  | { k: 'atom'; name: string; args: Array<string | number>; loc: SourceLoc };
