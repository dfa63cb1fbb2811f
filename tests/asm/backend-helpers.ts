// Test support for the ISA back end: a small stand-in for the front end (one
// line into mnemonic and Operands, an Evaluator over a map of labels) so that
// the tests can be written as assembly text and compared as hex bytes.

import { XlatError, type SourceLoc } from '../../src/spec/diagnostic.js';
import type { IsaModel } from '../../src/spec/model.js';
import { compileSpec, loadIsa } from '../../src/spec/load.js';
import type { Evaluator, Expr, Operand, Slot } from '../../src/asm/types.js';
import { isaAssembler, type IsaBackend } from '../../src/asm/backend.js';

export const FILE = 'prog.s';

/** A made-up big-endian ISA with shifted, offset and scaled values, and a two-token encoding. */
export const TOY = `
isa toy {
  endian big;
  elf_machine 0x7777;
  insn_align 2;
}
regfile q : 32 = q0 .. q7;
alias sp = q7;
flag cf;
token w : 16 {
  op = 15:12;
  ra = 11:9 : q;
  imm = 8:0 signed;
  uimm = 8:0;
}
token ext : 16 { hi = 15:0; }
operand far = npc + imm * 2;
operand page = uimm << 4;
operand off = uimm - 100;
insn "ldi {ra}, {imm}" : op = 1 & ra & imm { ra = imm; }
insn "ldp {ra}, {page}" : op = 2 & ra & uimm { ra = page; }
insn "ldo {ra}, {off}" : op = 3 & ra & uimm { ra = off; }
insn "b {far}" : op = 4 & ra = 0 & imm { jump far; }
insn "lx {ra}, {hi}" : op = 5 & ra & uimm = 0 ; hi { ra = hi; }
pseudo "zero {r:reg}" = "ldi {r}, 0";
pseudo "ld2 {r:reg}, {e}" = "ldi {r}, {e >>s 9}"; "ldo {r}, {(e & 0xFF) - 100}";
abi {
  syscall number q0 args q1, q2, q3 result q0;
  call exit = 1;
  stack sp;
}
`;


let cache: Map<string, { model: IsaModel; be: IsaBackend }> | undefined;

/** The back end of a bundled ISA, or of TOY for 'toy'. */
export async function backend(name: string): Promise<{ model: IsaModel; be: IsaBackend }> {
  cache ??= new Map();
  let got = cache.get(name);
  if (!got) {
    const model = name === 'toy' ? await compileSpec(TOY, 'toy.isa') : await loadIsa(name);
    got = { model, be: isaAssembler(model) };
    cache.set(name, got);
  }
  return got;
}

// ---- evaluator ----

export interface Symbols {
  labels?: Record<string, number>;
  equs?: Record<string, number>;
}

/** An Evaluator over fixed symbols; with `labelsKnown` false, as at planning time. */
export function evaluator(syms: Symbols = {}, labelsKnown = true): Evaluator {
  const labels = new Map(Object.entries(syms.labels ?? {}));
  const equs = new Map(Object.entries(syms.equs ?? {}));
  const lookup = (name: string): bigint | undefined => {
    if (equs.has(name)) return BigInt(equs.get(name)!);
    if (labels.has(name) && labelsKnown) return BigInt(labels.get(name)!);
    return undefined;
  };
  const ev = (e: Expr): bigint | undefined => {
    switch (e.kind) {
      case 'num':
        return BigInt(e.value);
      case 'sym':
        return lookup(e.name);
      case 'unary': {
        const a = ev(e.arg);
        if (a === undefined) return undefined;
        return e.op === '-' ? -a : e.op === '~' ? ~a : a;
      }
      case 'binary': {
        const a = ev(e.left);
        const b = ev(e.right);
        if (a === undefined || b === undefined) return undefined;
        switch (e.op) {
          case '+': return a + b;
          case '-': return a - b;
          case '*': return a * b;
          case '/': return a / b;
          case '%': return a % b;
          case '<<': return a << b;
          case '>>': return a >> b;
          case '&': return a & b;
          case '|': return a | b;
          case '^': return a ^ b;
        }
      }
    }
  };
  const symbols = (e: Expr): string[] =>
    e.kind === 'sym' ? [e.name] : e.kind === 'unary' ? symbols(e.arg) : e.kind === 'binary' ? [...symbols(e.left), ...symbols(e.right)] : [];
  return {
    eval: (e) => {
      const v = ev(e);
      return v === undefined ? undefined : Number(v);
    },
    evalFinal: (e) => {
      const v = ev(e);
      if (v === undefined) throw new XlatError(`${FILE}:${e.loc.line}:${e.loc.col}: undefined symbol`);
      return Number(v);
    },
    isConstant: (e) => symbols(e).every((s) => equs.has(s)),
  };
}

// ---- a one-line parser ----

type Tok = { t: 'id' | 'num' | 'p'; s: string; v?: number; col: number };

function lex(text: string): Tok[] {
  const out: Tok[] = [];
  const re = /(0x[0-9a-fA-F]+|0b[01]+|[0-9]+)|([A-Za-z_.][A-Za-z0-9_.$]*)|(<<|>>|[-+*/%&|^~()[\],])/y;
  let pos = 0;
  while (pos < text.length) {
    if (/\s/.test(text[pos])) {
      pos++;
      continue;
    }
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new Error(`cannot lex '${text.slice(pos)}'`);
    const col = pos + 1;
    if (m[1]) out.push({ t: 'num', s: m[1], v: m[1].startsWith('0b') ? parseInt(m[1].slice(2), 2) : Number(m[1]), col });
    else if (m[2]) out.push({ t: 'id', s: m[2], col });
    else out.push({ t: 'p', s: m[3], col });
    pos = re.lastIndex;
  }
  return out;
}

const PREC: Record<string, number> = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

function parseExpr(toks: Tok[], line: number): Expr {
  let i = 0;
  const loc = (t: Tok): SourceLoc => ({ file: FILE, line, col: t.col });
  const primary = (): Expr => {
    const t = toks[i++];
    if (!t) throw new Error('expression ends early');
    if (t.t === 'num') return { kind: 'num', value: t.v!, loc: loc(t) };
    if (t.t === 'id') return { kind: 'sym', name: t.s, loc: loc(t) };
    if (t.s === '(') {
      const e = binary(0);
      if (toks[i++]?.s !== ')') throw new Error("expected ')'");
      return e;
    }
    if (t.s === '-' || t.s === '~' || t.s === '+') return { kind: 'unary', op: t.s, arg: primary(), loc: loc(t) };
    throw new Error(`unexpected '${t.s}'`);
  };
  const binary = (min: number): Expr => {
    let left = primary();
    for (;;) {
      const t = toks[i];
      const p = t && t.t === 'p' ? PREC[t.s] : undefined;
      if (p === undefined || p <= min) return left;
      i++;
      const right = binary(p);
      left = { kind: 'binary', op: t.s as '+', left, right, loc: left.loc };
    }
  };
  const e = binary(0);
  if (i !== toks.length) throw new Error(`trailing '${toks[i].s}'`);
  return e;
}

function parseOperand(toks: Tok[], line: number, be: IsaBackend): Operand {
  const first = toks[0];
  const loc: SourceLoc = { file: FILE, line, col: first.col };
  const isReg = (t: Tok | undefined): boolean => t?.t === 'id' && be.isRegister(t.s.toLowerCase());
  if (first.t === 'id' && toks.length > 1 && be.operandPrefixes.includes(first.s.toLowerCase())) {
    return { kind: 'prefixed', prefix: first.s.toLowerCase(), inner: parseOperand(toks.slice(1), line, be), loc };
  }
  if (toks.length === 1 && isReg(first)) return { kind: 'reg', name: first.s.toLowerCase(), loc };
  if (first.s === '[') {
    const base = toks[1].s.toLowerCase();
    const rest = toks.slice(2, -1);
    return { kind: 'mem', style: 'bracket', base, disp: rest.length ? parseExpr(rest, line) : null, loc };
  }
  const n = toks.length;
  if (toks[n - 1].s === ')' && n >= 3 && toks[n - 3].s === '(' && isReg(toks[n - 2])) {
    const before = toks.slice(0, n - 3);
    return { kind: 'mem', style: 'paren', base: toks[n - 2].s.toLowerCase(), disp: before.length ? parseExpr(before, line) : null, loc };
  }
  return { kind: 'imm', expr: parseExpr(toks, line), loc };
}

export interface Parsed {
  mnemonic: string;
  operands: Operand[];
  loc: SourceLoc;
}

/** `text` as the front end would hand it over (`line` sets the line number in locations). */
export function parse(be: IsaBackend, text: string, line = 1, joinPrefixes = true): Parsed {
  const toks = lex(text);
  let k = 1;
  let mnemonic = toks[0].s.toLowerCase();
  if (joinPrefixes && be.mnemonicPrefixes?.includes(mnemonic) && toks[1]?.t === 'id' && !be.isRegister(toks[1].s.toLowerCase())) {
    mnemonic = `${mnemonic} ${toks[1].s.toLowerCase()}`;
    k = 2;
  }
  const operands: Operand[] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (const t of toks.slice(k)) {
    if (t.s === '[' || t.s === '(') depth++;
    if (t.s === ']' || t.s === ')') depth--;
    if (t.s === ',' && depth === 0) {
      operands.push(parseOperand(cur, line, be));
      cur = [];
    } else cur.push(t);
  }
  if (cur.length) operands.push(parseOperand(cur, line, be));
  return { mnemonic, operands, loc: { file: FILE, line, col: toks[0].col } };
}

// ---- planning and encoding like the layout does ----

export function planLine(be: IsaBackend, text: string, syms: Symbols = {}, line = 1): Slot[] {
  const p = parse(be, text, line);
  return be.plan(p.mnemonic, p.operands, p.loc, evaluator(syms, false));
}

/** Bytes of one statement at `addr`, each slot in its shortest form that fits; hex, space-separated. */
export function encodeSlots(slots: Slot[], syms: Symbols = {}, addr = 0x1000): string {
  const ev = evaluator(syms, true);
  const out: number[] = [];
  let a = addr;
  for (const slot of slots) {
    const form = slot.forms.find((f) => f.fits(ev, a) === null) ?? slot.forms[slot.forms.length - 1];
    const bytes = form.encode(ev, a);
    if (bytes.length !== form.length) throw new Error('form length differs from its bytes');
    out.push(...bytes);
    a += form.length;
  }
  return hex(out);
}

export function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A 32-bit word as little-endian hex bytes. */
export function wordHex(w: number): string {
  const v = w >>> 0;
  return hex([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
}
