// Pseudo-instructions: a syntax with typed parameters ({rb:reg} is a
// register, {e} a value) and alternatives that expand into real
// instructions, whose operands may compute values from the parameters with
// spec expressions ({(e - sext(e[15:0], 32)) >>u 16}).

import type { AExpr, AItem, APseudoCond, AString } from './ast.js';
import { XlatError, formatLoc, type SourceLoc } from './diagnostic.js';
import type { BinOp, IsaModel, Pseudo, PseudoCond, PseudoExpr, PseudoInsn, PseudoOperand } from './model.js';
import { parseSpecExpr } from './parse.js';
import { constValue } from './lower.js';
import { splitTop } from './syntax.js';

type PseudoItem = Extract<AItem, { k: 'pseudo' }>;

function fail(loc: SourceLoc, msg: string): never {
  throw new XlatError(`${formatLoc(loc)}: ${msg}`);
}

const BIN: Record<string, BinOp> = {
  '+': 'add', '-': 'sub', '*': 'mul', '&': 'and', '|': 'or', '^': 'xor', '<<': 'shl', '>>u': 'shr', '>>s': 'sar',
};

function widthOf(e: PseudoExpr): number {
  return e.k === 'slice' ? e.hi - e.lo + 1 : 32;
}

function toPseudoExpr(a: AExpr, params: Map<string, 'reg' | 'value'>): PseudoExpr {
  switch (a.k) {
    case 'num':
      return { k: 'const', v: a.v };
    case 'id':
      if (params.get(a.name) !== 'value') fail(a.loc, `'${a.name}' is not a value parameter of this pseudo-instruction`);
      return { k: 'param', name: a.name };
    case 'bin': {
      const op = BIN[a.op];
      if (!op) fail(a.loc, `operator '${a.op}' is not available in pseudo-instruction values`);
      return { k: 'bin', op, a: toPseudoExpr(a.a, params), b: toPseudoExpr(a.b, params) };
    }
    case 'un':
      if (a.op === '!') fail(a.loc, "'!' is not available in pseudo-instruction values");
      return { k: 'un', op: a.op === '-' ? 'neg' : 'not', a: toPseudoExpr(a.a, params) };
    case 'slice':
      return { k: 'slice', hi: constValue(a.hi, 'a bit position'), lo: constValue(a.lo, 'a bit position'), a: toPseudoExpr(a.a, params) };
    case 'index': {
      const i = constValue(a.i, 'a bit index');
      return { k: 'slice', hi: i, lo: i, a: toPseudoExpr(a.a, params) };
    }
    case 'call':
      if ((a.name === 'sext' || a.name === 'zext') && a.args.length === 2) {
        const inner = toPseudoExpr(a.args[0], params);
        return a.name === 'sext' ? { k: 'sext', bits: widthOf(inner), a: inner } : inner;
      }
      break;
  }
  return fail(a.loc, 'unsupported expression in a pseudo-instruction value');
}

/** Parse the pseudo's own syntax: mnemonic and typed parameters. */
function parseHead(s: AString): { mnemonic: string; params: Pseudo['params'] } {
  const t = s.text.trim();
  const m = /^(\S+)\s*(.*)$/.exec(t);
  if (!m) return fail(s.loc, 'empty pseudo-instruction syntax');
  const params: Pseudo['params'] = [];
  for (const op of m[2].trim() === '' ? [] : splitTop(m[2])) {
    const h = /^\{([A-Za-z_][A-Za-z0-9_]*)(?::(reg))?\}$/.exec(op);
    if (!h) fail(s.loc, `pseudo-instruction operands are {name} or {name:reg}, found '${op}'`);
    params.push({ name: h[1], kind: h[2] ? 'reg' : 'value' });
  }
  return { mnemonic: m[1].toLowerCase(), params };
}

function parseExpansionOperand(
  text: string,
  loc: SourceLoc,
  params: Map<string, 'reg' | 'value'>,
  isa: IsaModel,
): PseudoOperand {
  const t = text.trim();
  const value = (x: string): PseudoOperand => {
    const y = x.trim();
    const hole = /^\{(.*)\}$/.exec(y);
    if (hole) {
      const inner = hole[1].trim();
      if (params.get(inner) === 'reg') return { kind: 'reg', param: inner };
      return { kind: 'value', e: toPseudoExpr(parseSpecExpr(inner, loc), params) };
    }
    const slot = isa.regNames[y.toLowerCase()];
    if (slot !== undefined && isa.regNames[y] !== undefined) return { kind: 'reg', slot };
    if (slot !== undefined) return { kind: 'reg', slot };
    return { kind: 'value', e: toPseudoExpr(parseSpecExpr(y, loc), params) };
  };
  if (t.startsWith('[') && t.endsWith(']')) {
    const inner = t.slice(1, -1);
    const plus = inner.indexOf('+');
    if (plus < 0) return { kind: 'mem', style: 'bracket', base: value(inner), disp: null };
    return { kind: 'mem', style: 'bracket', base: value(inner.slice(0, plus)), disp: value(inner.slice(plus + 1)) };
  }
  if (t.endsWith(')') && !t.endsWith('})')) {
    const open = t.lastIndexOf('(');
    const before = t.slice(0, open).trim();
    return { kind: 'mem', style: 'paren', base: value(t.slice(open + 1, -1)), disp: before ? value(before) : null };
  }
  if (t.endsWith(')')) {
    // "{expr}(reg)" where the expression itself ends in ')': split at the last '(' outside braces.
    let depth = 0;
    for (let i = t.length - 1; i >= 0; i--) {
      const ch = t[i];
      if (ch === '}') depth++;
      if (ch === '{') depth--;
      if (ch === '(' && depth === 0) {
        const before = t.slice(0, i).trim();
        return { kind: 'mem', style: 'paren', base: value(t.slice(i + 1, -1)), disp: before ? value(before) : null };
      }
    }
  }
  return value(t);
}

function parseExpansion(s: AString, params: Map<string, 'reg' | 'value'>, isa: IsaModel): PseudoInsn {
  const t = s.text.trim();
  const m = /^(\S+)\s*(.*)$/.exec(t);
  if (!m) return fail(s.loc, 'empty expansion');
  const mnemonic = m[1].toLowerCase();
  if (!isa.variants.some((v) => v.mnemonic === mnemonic || v.aliases.includes(mnemonic))) {
    fail(s.loc, `expansion uses unknown instruction '${mnemonic}'`);
  }
  const ops = m[2].trim() === '' ? [] : splitTop(m[2]).map((o) => parseExpansionOperand(o, s.loc, params, isa));
  return { mnemonic, operands: ops };
}

function toCond(c: APseudoCond | null, params: Map<string, 'reg' | 'value'>): PseudoCond {
  if (!c) return { k: 'true' };
  if (c.k === 'and') return { k: 'and', a: toCond(c.a, params), b: toCond(c.b, params) };
  const p = c.args[0];
  if (typeof p !== 'string' || params.get(p) !== 'value') fail(c.loc, `${c.name}() takes a value parameter first`);
  if (c.name === 'const' && c.args.length === 1) return { k: 'const', param: p };
  if ((c.name === 'sfits' || c.name === 'ufits') && c.args.length === 2 && typeof c.args[1] === 'number') {
    return { k: 'fits', param: p, bits: c.args[1], signed: c.name === 'sfits' };
  }
  return fail(c.loc, `unknown condition ${c.name}() (const(e), sfits(e, N), ufits(e, N))`);
}

export function buildPseudos(items: PseudoItem[], isa: IsaModel, errors: string[]): Pseudo[] {
  const out: Pseudo[] = [];
  for (const it of items) {
    try {
      const head = parseHead(it.syntax);
      const params = new Map(head.params.map((p) => [p.name, p.kind] as [string, 'reg' | 'value']));
      const cases = it.cases.map((c) => ({
        when: toCond(c.when, params),
        insns: c.insns.map((s) => parseExpansion(s, params, isa)),
      }));
      if (cases.length === 0 || cases[cases.length - 1].when.k !== 'true') {
        fail(it.loc, "the last alternative of a pseudo-instruction must be 'else' (or the pseudo has one expansion)");
      }
      out.push({ mnemonic: head.mnemonic, params: head.params, cases, print: !it.noprint, loc: it.loc });
    } catch (e) {
      if (e instanceof XlatError) errors.push(e.message);
      else throw e;
    }
  }
  return out;
}
