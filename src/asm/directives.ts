// The directives of cisc32 manual §7: each reads its own arguments (token
// groups) and turns them into a section switch, items, or program facts
// (.entry, .global). Sizes of .space and .align must be known before layout,
// so their arguments must be constants; .byte and .word values wait for it.

import { errorAt, formatLoc, type SourceLoc, type XlatError } from '../spec/diagnostic.js';
import type { SegmentFlags } from '../elf/image.js';
import type { Evaluator, Expr } from './types.js';
import { describeToken } from './lexer.js';
import { exprSymbols, parseExpr } from './expr.js';
import { missing, type ArgGroup, type Statement } from './parser.js';
import type { Item, SectionSet } from './sections.js';
import type { SymbolTable } from './symbols.js';

export type Directive = Extract<Statement, { kind: 'directive' }>;

export interface NameRef {
  name: string;
  loc: SourceLoc;
}

/** What directives read and change while the program is built. */
export interface DirectiveState {
  isaName: string;
  isRegister: (lowerName: string) => boolean;
  symbols: SymbolTable;
  sections: SectionSet;
  /** Evaluator before layout: constants only. */
  planEv: Evaluator;
  /** No statement seen yet, so `.isa` is still allowed. */
  isaAllowed: boolean;
  /** Set when `.isa` names another ISA: then every other error would be noise. */
  wrongIsa: XlatError | null;
  entry: NameRef | null;
  globals: NameRef[];
  /** Reports an error and lets the directive go on with its other arguments. */
  report: (err: unknown) => void;
}

/** Largest .space size and .align boundary: the whole address space below the stack top. */
const MAX_SIZE = 0x1000000;

type Handler = (st: DirectiveState, d: Directive) => void;

const HANDLERS: Record<string, Handler> = {
  '.isa': (st, d) => {
    if (!st.isaAllowed) throw errorAt(d.loc, '.isa must come before any other statement');
    const name = nameArg(d, one(d, 'an ISA name'), 'an ISA name');
    if (name.name.toLowerCase() !== st.isaName.toLowerCase()) {
      st.wrongIsa = errorAt(name.loc, `the file is written for ISA '${name.name}', but the ISA in use is '${st.isaName}'`);
      throw st.wrongIsa;
    }
  },
  '.text': (st, d) => enterStandard(st, d),
  '.data': (st, d) => enterStandard(st, d),
  '.bss': (st, d) => enterStandard(st, d),
  '.section': (st, d) => {
    if (d.args.length === 0) throw errorAt(at(d, d.endCol), 'expected a section name after .section');
    if (d.args.length > 2) throw errorAt(at(d, d.args[1]!.endCol), "unexpected ',' after the section flags");
    const name = nameArg(d, d.args[0]!, 'a section name');
    const flags = d.args[1] ? flagsArg(d, d.args[1]) : null;
    const err = st.sections.enter(name.name, flags, name.loc);
    if (err) throw err;
  },
  '.byte': (st, d) => values(st, d, 1),
  '.word': (st, d) => values(st, d, 4),
  '.ascii': (st, d) => strings(st, d, false),
  '.asciz': (st, d) => strings(st, d, true),
  '.space': (st, d) => {
    const size = constantArg(st, d, one(d, 'a size'), 'size');
    if (size < 0 || size > MAX_SIZE) throw errorAt(at(d, d.args[0]!.col), `.space size ${size} out of range 0..${MAX_SIZE}`);
    push(st, { kind: 'zeros', size, addr: 0 });
  },
  '.align': (st, d) => {
    const align = constantArg(st, d, one(d, 'an alignment'), 'alignment');
    if (align < 1 || align > MAX_SIZE || (align & (align - 1)) !== 0) {
      throw errorAt(at(d, d.args[0]!.col), `.align ${align}: expected a power of two from 1 to ${MAX_SIZE}`);
    }
    push(st, { kind: 'align', align, addr: 0 });
  },
  // Defined before the walk over the program (see parseEqu), so that forward references work.
  '.equ': () => {},
  '.global': (st, d) => {
    if (d.args.length === 0) throw errorAt(at(d, d.endCol), 'expected a label name after .global');
    d.args.forEach((g, k) => {
      try {
        if (g.tokens.length === 0) throw errorAt(at(d, g.col), missing('a label name', k === d.args.length - 1));
        st.globals.push(nameArg(d, g, 'a label name'));
      } catch (err) {
        st.report(err);
      }
    });
  },
  '.entry': (st, d) => {
    const name = nameArg(d, one(d, 'a label name'), 'a label name');
    if (st.entry) throw errorAt(d.loc, `duplicate .entry (first given at ${formatLoc(st.entry.loc)})`);
    st.entry = name;
  },
};

/** Carries out one directive; throws an XlatError for its first problem. */
export function applyDirective(st: DirectiveState, d: Directive): void {
  const handler = HANDLERS[d.name];
  if (!handler) throw errorAt(d.loc, `unknown directive ${d.name}`);
  handler(st, d);
}

/** The name and value of an `.equ name, e` (read before the program is built). */
export function parseEqu(d: Directive, isRegister: (lowerName: string) => boolean): NameRef & { expr: Expr } {
  if (d.args.length === 0) throw errorAt(at(d, d.endCol), 'expected a name after .equ');
  const name = nameArg(d, d.args[0]!, 'a name');
  if (d.args.length === 1) throw errorAt(at(d, d.endCol), `expected ',' and a value after .equ ${name.name}`);
  if (d.args.length > 2) throw errorAt(at(d, d.args[1]!.endCol), "unexpected ',' after the value of .equ");
  const value = d.args[1]!;
  if (value.tokens.length === 0) throw errorAt(at(d, value.col), `expected a value after .equ ${name.name},`);
  return { ...name, expr: expr(d, value, isRegister) };
}

function at(d: Directive, col: number): SourceLoc {
  return { ...d.loc, col };
}

function expr(d: Directive, g: ArgGroup, isRegister: (n: string) => boolean): Expr {
  return parseExpr(g.tokens, g.endCol, { file: d.loc.file, line: d.loc.line, isRegister });
}

/** The only argument of a one-argument directive. */
function one(d: Directive, what: string): ArgGroup {
  const g = d.args[0];
  if (!g || g.tokens.length === 0) {
    throw errorAt(at(d, g?.col ?? d.endCol), `expected ${what} after ${d.name}${g && d.args.length > 1 ? ", found ','" : ''}`);
  }
  if (d.args.length > 1) throw errorAt(at(d, g.endCol), `unexpected ',' after ${what}`);
  return g;
}

function nameArg(d: Directive, g: ArgGroup, what: string): NameRef {
  const [t, extra] = g.tokens;
  if (t?.kind !== 'ident') {
    throw errorAt(at(d, t?.col ?? g.col), `expected ${what}${t ? `, found ${describeToken(t)}` : ''}`);
  }
  if (extra) throw errorAt(at(d, extra.col), `unexpected ${describeToken(extra)} after ${what}`);
  return { name: t.text, loc: at(d, t.col) };
}

function flagsArg(d: Directive, g: ArgGroup): SegmentFlags {
  const [t, extra] = g.tokens;
  if (t?.kind !== 'str') {
    throw errorAt(at(d, t?.col ?? g.col), `expected a flags string such as "rw"${t ? `, found ${describeToken(t)}` : ''}`);
  }
  if (extra) throw errorAt(at(d, extra.col), `unexpected ${describeToken(extra)} after the section flags`);
  const flags: SegmentFlags = { r: false, w: false, x: false };
  for (const b of t.bytes) {
    const c = String.fromCharCode(b);
    if (c !== 'r' && c !== 'w' && c !== 'x') throw errorAt(at(d, t.col), `unknown section flag '${c}' (expected r, w or x)`);
    if (flags[c]) throw errorAt(at(d, t.col), `section flag '${c}' given twice`);
    flags[c] = true;
  }
  return flags;
}

function enterStandard(st: DirectiveState, d: Directive): void {
  const extra = d.args[0];
  if (extra) {
    const found = extra.tokens[0] ? describeToken(extra.tokens[0]) : "','";
    throw errorAt(at(d, extra.col), `unexpected ${found} after ${d.name}`);
  }
  const err = st.sections.enter(d.name, null, d.loc);
  if (err) throw err;
}

function push(st: DirectiveState, item: Item): void {
  st.sections.current.items.push(item);
}

/** Data other than zeros has no place in a NOBITS section. */
function checkHasBits(st: DirectiveState, d: Directive): void {
  const sec = st.sections.current;
  if (sec.nobits) throw errorAt(d.loc, `${d.name} is not allowed in ${sec.name} (only .space, .align and labels)`);
}

/** Each argument of a list directive, reporting a bad one and going on with the next. */
function eachArg(st: DirectiveState, d: Directive, what: string, f: (g: ArgGroup) => void): void {
  if (d.args.length === 0) throw errorAt(at(d, d.endCol), `expected ${what} after ${d.name}`);
  d.args.forEach((g, k) => {
    try {
      if (g.tokens.length === 0) throw errorAt(at(d, g.col), missing(what, k === d.args.length - 1));
      f(g);
    } catch (err) {
      st.report(err);
    }
  });
}

function values(st: DirectiveState, d: Directive, width: 1 | 4): void {
  checkHasBits(st, d);
  const exprs: Expr[] = [];
  eachArg(st, d, 'an expression', (g) => exprs.push(expr(d, g, st.isRegister)));
  // Keep the size the source gives, even when an argument was bad.
  while (exprs.length < d.args.length) exprs.push({ kind: 'num', value: 0, loc: d.loc });
  push(st, { kind: 'values', directive: d.name === '.byte' ? '.byte' : '.word', width, exprs, addr: 0 });
}

function strings(st: DirectiveState, d: Directive, terminate: boolean): void {
  checkHasBits(st, d);
  const bytes: number[] = [];
  eachArg(st, d, 'a string', (g) => {
    const [t, extra] = g.tokens;
    if (t?.kind !== 'str') throw errorAt(at(d, g.col), `expected a string, found ${describeToken(t!)}`);
    if (extra) throw errorAt(at(d, extra.col), `unexpected ${describeToken(extra)} after the string`);
    bytes.push(...t.bytes);
    if (terminate) bytes.push(0);
  });
  push(st, { kind: 'bytes', bytes: Uint8Array.from(bytes), addr: 0 });
}

/** A value needed before layout: it may not depend on a label. */
function constantArg(st: DirectiveState, d: Directive, g: ArgGroup, what: string): number {
  const e = expr(d, g, st.isRegister);
  const undef = exprSymbols(e).find((s) => !st.symbols.labels.has(s.name) && !st.symbols.equs.has(s.name));
  if (undef) throw errorAt(undef.loc, `undefined symbol '${undef.name}'`);
  if (!st.planEv.isConstant(e)) {
    throw errorAt(e.loc, `${d.name} needs a constant ${what}: it is needed before labels have addresses`);
  }
  return st.planEv.evalFinal(e);
}
