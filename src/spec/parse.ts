// Parses spec text with the ohm grammar in spec.ohm into the AST of ast.ts.
// Syntax errors come out as one XlatError naming file:line:col and what the
// grammar expected there.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ohm from 'ohm-js';
import type { AEnc, AEncAtom, AExpr, AItem, ALowerPat, APseudoCond, AStmt, AString } from './ast.js';
import { XlatError, type SourceLoc } from './diagnostic.js';

let grammar: ohm.Grammar | undefined;
let semantics: ohm.Semantics | undefined;
let currentFile = '<spec>';

function getGrammar(): ohm.Grammar {
  if (!grammar) {
    const path = fileURLToPath(new URL('./spec.ohm', import.meta.url));
    grammar = ohm.grammar(readFileSync(path, 'utf8'));
  }
  return grammar;
}

function locOf(node: ohm.Node): SourceLoc {
  const src = node.source;
  const lc = src.getLineAndColumn();
  return { file: currentFile, line: lc.lineNum, col: lc.colNum };
}

function parseNumber(text: string): number {
  if (text.startsWith('0x')) return parseInt(text.slice(2), 16);
  if (text.startsWith('0b')) return parseInt(text.slice(2), 2);
  return parseInt(text, 10);
}

function bin(op: string) {
  return function (this: ohm.Node, a: ohm.Node, _op: ohm.Node, b: ohm.Node): AExpr {
    return { k: 'bin', op: _op.sourceString, a: a.ast(), b: b.ast(), loc: locOf(this) };
  };
}

function getSemantics(): ohm.Semantics {
  if (semantics) return semantics;
  const g = getGrammar();
  const s = g.createSemantics();
  s.addOperation('ast', {
    File(items) {
      return items.children.map((c) => c.ast());
    },
    IsaDecl(_isa, name, _o, props, _c) {
      return { k: 'isa', name: name.sourceString, props: props.children.map((p) => p.ast()), loc: locOf(this) };
    },
    IsaProp(key, value, _semi) {
      return { key: key.sourceString, value: value.ast(), loc: locOf(this) };
    },
    IsaValue_num(n) {
      return n.ast();
    },
    IsaValue_ident(i) {
      return i.sourceString;
    },
    RegFileDecl(_kw, name, _colon, bits, _eq, names, _semi) {
      const n = names.ast() as { names: string[]; range?: [string, string] };
      return { k: 'regfile', name: name.sourceString, bits: bits.ast(), names: n.names, range: n.range, loc: locOf(this) };
    },
    RegNames_range(a, _dots, b) {
      return { names: [], range: [a.sourceString, b.sourceString] };
    },
    RegNames_list(list) {
      return { names: list.asIteration().children.map((c) => c.sourceString) };
    },
    RegisterDecl(_kw, names, _colon, bits, _semi) {
      return { k: 'register', names: names.asIteration().children.map((c) => c.sourceString), bits: bits.ast(), loc: locOf(this) };
    },
    FlagDecl(_kw, names, _semi) {
      return { k: 'flag', names: names.asIteration().children.map((c) => c.sourceString), loc: locOf(this) };
    },
    AliasDecl(_kw, pairs, _semi) {
      return { k: 'alias', pairs: pairs.asIteration().children.map((c) => c.ast()), loc: locOf(this) };
    },
    AliasPair(a, _eq, t) {
      return { alias: a.sourceString, target: t.sourceString, loc: locOf(this) };
    },
    ZeroDecl(_kw, name, _semi) {
      return { k: 'zero', name: name.sourceString, loc: locOf(this) };
    },
    TokenDecl(_kw, name, _colon, bits, _o, fields, _c) {
      return { k: 'token', name: name.sourceString, bits: bits.ast(), fields: fields.children.map((f) => f.ast()), loc: locOf(this) };
    },
    FieldDecl(name, _eq, ranges, attrs, _semi) {
      let signed = false;
      let type: string | undefined;
      for (const a of attrs.children) {
        const v = a.ast() as { signed?: boolean; type?: string };
        if (v.signed) signed = true;
        if (v.type) type = v.type;
      }
      return { name: name.sourceString, ranges: ranges.asIteration().children.map((r) => r.ast()), signed, type, loc: locOf(this) };
    },
    BitRange_range(hi, _c, lo) {
      return [hi.ast(), lo.ast()];
    },
    BitRange_bit(b) {
      const v = b.ast();
      return [v, v];
    },
    FieldAttr_signed(_s) {
      return { signed: true };
    },
    FieldAttr_typed(_c, t) {
      return { type: t.sourceString };
    },
    OperandDecl(_kw, name, _eq, e, _semi) {
      return { k: 'operand', name: name.sourceString, e: e.ast(), loc: locOf(this) };
    },
    EnumDecl(_kw, name, _colon, bits, _o, cases, _c) {
      return { k: 'enum', name: name.sourceString, bits: bits.ast(), cases: cases.children.map((c) => c.ast()), loc: locOf(this) };
    },
    EnumCase(names, _eq, value, _colon, sem, _semi) {
      return {
        names: names.asIteration().children.map((c) => c.sourceString),
        value: value.ast(),
        sem: sem.ast(),
        loc: locOf(this),
      };
    },
    ModeDecl(_kw, name, _o, cases, _c) {
      return { k: 'mode', name: name.sourceString, cases: cases.children.map((c) => c.ast()), loc: locOf(this) };
    },
    ModeCase_case(_kw, enc, syntax, _arrow, e, _semi) {
      const syn = syntax.children.length ? syntax.children[0].ast() : null;
      return { k: 'case', enc: enc.ast(), syntax: syn, e: e.ast(), loc: locOf(this) };
    },
    ModeCase_use(_kw, name, _semi) {
      return { k: 'use', mode: name.sourceString, loc: locOf(this) };
    },
    Enc(groups): AEnc {
      return groups.asIteration().children.map((g) => g.ast());
    },
    EncGroup(atoms): AEncAtom[] {
      return atoms.asIteration().children.map((a) => a.ast());
    },
    EncAtom_constrain(f, _eq, v) {
      return { k: 'constrain', field: f.sourceString, value: v.ast(), loc: locOf(this) };
    },
    EncAtom_name(n) {
      return { k: 'name', name: n.sourceString, loc: locOf(this) };
    },
    EncAtom_byteexpr(_o, e, _c) {
      return { k: 'byte', value: e.ast(), loc: locOf(this) };
    },
    EncAtom_byte(n) {
      return { k: 'byte', value: { k: 'num', v: n.ast(), loc: locOf(this) }, loc: locOf(this) };
    },
    DefDecl_stmt(_kw, name, _o, params, _c, body) {
      return {
        k: 'defstmt',
        name: name.sourceString,
        params: params.asIteration().children.map((p) => p.sourceString),
        body: body.ast(),
        loc: locOf(this),
      };
    },
    DefDecl_expr(_kw, name, _o, params, _c, _eq, e, _semi) {
      return {
        k: 'defexpr',
        name: name.sourceString,
        params: params.asIteration().children.map((p) => p.sourceString),
        e: e.ast(),
        loc: locOf(this),
      };
    },
    InsnDecl(_kw, syntax, _colon, enc, body) {
      return { k: 'insn', syntax: syntax.ast(), enc: enc.ast(), body: body.ast(), loc: locOf(this) };
    },
    ForDecl(_kw, vars, _in, _o1, rows, _c1, _o2, items, _c2) {
      return {
        k: 'for',
        vars: vars.asIteration().children.map((v) => v.sourceString),
        rows: rows.asIteration().children.map((r) => r.ast()),
        items: items.children.map((i) => i.ast()),
        loc: locOf(this),
      };
    },
    ForRow(vals) {
      return { values: vals.children.map((v) => v.ast()), loc: locOf(this) };
    },
    ForVal_ident(i) {
      return i.sourceString;
    },
    ForVal_num(n) {
      return n.ast();
    },
    ForVal_neg(_m, n) {
      return -n.ast();
    },
    Block(_o, stmts, _c): AStmt[] {
      return stmts.children.map((s) => s.ast());
    },
    Stmt_let(_kw, name, _eq, e, _semi) {
      return { k: 'let', name: name.sourceString, e: e.ast(), loc: locOf(this) };
    },
    Stmt_if(_kw, _o, c, _c, t, els) {
      const f = els.children.length ? els.children[0].ast() : [];
      return { k: 'if', c: c.ast(), t: t.ast(), f, loc: locOf(this) };
    },
    ElseClause_block(_kw, b) {
      return b.ast();
    },
    ElseClause_if(_kw, s) {
      return [s.ast()];
    },
    Stmt_jump(_kw, e, _semi) {
      return { k: 'jump', e: e.ast(), loc: locOf(this) };
    },
    Stmt_fault(_kw, name, _semi) {
      return { k: 'fault', name: name.sourceString, loc: locOf(this) };
    },
    Stmt_syscall(_kw, _semi) {
      return { k: 'syscall', loc: locOf(this) };
    },
    Stmt_letsyscall(_kw, name, _eq, _s, _o, args, _c, _semi) {
      return { k: 'syscall', args: args.asIteration().children.map((a) => a.ast()), result: name.sourceString, loc: locOf(this) };
    },
    Stmt_syscallv(_s, _o, args, _c, _semi) {
      return { k: 'syscall', args: args.asIteration().children.map((a) => a.ast()), loc: locOf(this) };
    },
    Stmt_probe(_kw, target, _semi) {
      return { k: 'probe', target: target.ast(), loc: locOf(this) };
    },
    Stmt_call(name, _o, args, _c, _semi) {
      return { k: 'call', name: name.sourceString, args: args.asIteration().children.map((a) => a.ast()), loc: locOf(this) };
    },
    Stmt_assign(target, _eq, e, _semi) {
      return { k: 'assign', target: target.ast(), e: e.ast(), loc: locOf(this) };
    },
    Stmt_block(b) {
      return { k: 'block', body: b.ast(), loc: locOf(this) };
    },
    Expr_cond(c, _q, t, _colon, f) {
      return { k: 'cond', c: c.ast(), t: t.ast(), f: f.ast(), loc: locOf(this) };
    },
    OrExpr_or: bin('||'),
    AndExpr_and: bin('&&'),
    CmpExpr_cmp: bin('cmp'),
    BorExpr_bor: bin('|'),
    BxorExpr_bxor: bin('^'),
    BandExpr_band: bin('&'),
    ShiftExpr_shift: bin('shift'),
    AddExpr_add: bin('add'),
    MulExpr_mul: bin('*'),
    Unary_un(op, a) {
      return { k: 'un', op: op.sourceString, a: a.ast(), loc: locOf(this) };
    },
    Postfix_slice(a, _o, hi, _colon, lo, _c) {
      return { k: 'slice', a: a.ast(), hi: hi.ast(), lo: lo.ast(), loc: locOf(this) };
    },
    Postfix_index(a, _o, i, _c) {
      return { k: 'index', a: a.ast(), i: i.ast(), loc: locOf(this) };
    },
    Postfix_width(a, _at, n) {
      return { k: 'width', a: a.ast(), bits: n.ast(), loc: locOf(this) };
    },
    Primary_call(name, _o, args, _c) {
      return { k: 'call', name: name.sourceString, args: args.asIteration().children.map((a) => a.ast()), loc: locOf(this) };
    },
    Primary_paren(_o, e, _c) {
      return e.ast();
    },
    Primary_num(n) {
      return { k: 'num', v: n.ast(), loc: locOf(this) };
    },
    Primary_ident(i) {
      return { k: 'id', name: i.sourceString, loc: locOf(this) };
    },
    PseudoDecl(_kw, syntax, attrs, body) {
      const b = body.ast() as Array<{ when: APseudoCond | null; insns: AString[]; loc: SourceLoc }>;
      return { k: 'pseudo', syntax: syntax.ast(), noprint: attrs.children.length > 0, cases: b, loc: locOf(this) };
    },
    PseudoBody_simple(_eq, list, _semi) {
      return [{ when: null, insns: list.asIteration().children.map((s) => s.ast()), loc: locOf(this) }];
    },
    PseudoBody_cases(_o, cases, _c) {
      return cases.children.map((c) => c.ast());
    },
    PseudoCase_when(_kw, cond, _eq, list, _semi) {
      return { when: cond.ast(), insns: list.asIteration().children.map((s) => s.ast()), loc: locOf(this) };
    },
    PseudoCase_else(_kw, _eq, list, _semi) {
      return { when: null, insns: list.asIteration().children.map((s) => s.ast()), loc: locOf(this) };
    },
    PseudoCond_and(a, _and, b) {
      return { k: 'and', a: a.ast(), b: b.ast() };
    },
    PseudoCondAtom(name, _o, args, _c) {
      return {
        k: 'atom',
        name: name.sourceString,
        args: args.asIteration().children.map((a) => (/^[0-9]/.test(a.sourceString) ? parseNumber(a.sourceString) : a.sourceString)),
        loc: locOf(this),
      };
    },
    PseudoArg(a) {
      return a.sourceString;
    },
    AbiDecl(_kw, _o, items, _c) {
      const out: Extract<AItem, { k: 'abi' }> = { k: 'abi', calls: [], loc: locOf(this) };
      for (const it of items.children) {
        const v = it.ast();
        if (v.k === 'syscall') out.syscall = v.v;
        else if (v.k === 'call') out.calls.push(v.v);
        else out.stack = v.v;
      }
      return out;
    },
    AbiItem_syscall(_s, _n, num, _a, args, _r, res, _semi) {
      return {
        k: 'syscall',
        v: {
          number: num.sourceString,
          args: args.asIteration().children.map((a) => a.sourceString),
          result: res.sourceString,
          loc: locOf(this),
        },
      };
    },
    AbiItem_call(_kw, name, _eq, n, _semi) {
      return { k: 'call', v: { name: name.sourceString, number: n.ast(), loc: locOf(this) } };
    },
    AbiItem_stack(_kw, reg, _semi) {
      return { k: 'stack', v: { reg: reg.sourceString, loc: locOf(this) } };
    },
    HostDecl(_kw, _o, items, _c) {
      return { k: 'host', roles: items.children.map((i) => i.ast()), loc: locOf(this) };
    },
    HostItem(role, regs, _semi) {
      return { role: role.sourceString, regs: regs.asIteration().children.map((r) => r.sourceString), loc: locOf(this) };
    },
    LowerDecl(_kw, pat, attrs, _arrow, body) {
      let guard: AExpr | null = null;
      let prio: number | null = null;
      for (const a of attrs.children) {
        const v = a.ast() as { guard?: AExpr; prio?: number };
        if (v.guard) guard = v.guard;
        if (v.prio !== undefined) prio = v.prio;
      }
      const b = body.ast() as { alias: string | null; insns: Array<{ label: string | null; text: AString }> };
      return { k: 'lower', pattern: pat.ast(), guard, prio, alias: b.alias, insns: b.insns, loc: locOf(this) };
    },
    LowerPat_call(name, width, _o, args, _c): ALowerPat {
      const w = width.children.length ? (width.children[0].ast() as number | '*') : null;
      return { k: 'op', name: name.sourceString, width: w, args: args.asIteration().children.map((a) => a.ast()), bare: false, loc: locOf(this) };
    },
    LowerPat_bare(name): ALowerPat {
      return { k: 'op', name: name.sourceString, width: null, args: [], bare: true, loc: locOf(this) };
    },
    LowerArg_call(name, width, _o, args, _c): ALowerPat {
      const w = width.children.length ? (width.children[0].ast() as number | '*') : null;
      return { k: 'op', name: name.sourceString, width: w, args: args.asIteration().children.map((a) => a.ast()), bare: false, loc: locOf(this) };
    },
    LowerArg_const(_h, name): ALowerPat {
      return { k: 'const', name: name.sourceString, loc: locOf(this) };
    },
    LowerArg_label(_at, name): ALowerPat {
      return { k: 'label', name: name.sourceString, loc: locOf(this) };
    },
    LowerArg_reg(name): ALowerPat {
      return { k: 'reg', name: name.sourceString, loc: locOf(this) };
    },
    LowerWidth_n(_at, n) {
      return n.ast();
    },
    LowerWidth_any(_at, _star) {
      return '*';
    },
    LowerAttr_when(_kw, e) {
      return { guard: e.ast() };
    },
    LowerAttr_prio(_kw, minus, n) {
      const v = n.ast() as number;
      return { prio: minus.children.length ? -v : v };
    },
    LowerBody_alias(name, _semi) {
      return { alias: name.sourceString, insns: [] };
    },
    LowerBody_insns(list, _semi) {
      return { alias: null, insns: list.asIteration().children.map((i) => i.ast()) };
    },
    LowerInsn_labeled(label, _colon, text) {
      return { label: label.sourceString, text: text.ast() };
    },
    LowerInsn_plain(text) {
      return { label: null, text: text.ast() };
    },
    SyntaxStr(s) {
      return s.ast();
    },
    string(_o, chars, _c): AString {
      return { text: chars.sourceString, loc: locOf(this) };
    },
    number(_n) {
      return parseNumber(this.sourceString);
    },
    _iter(...children) {
      return children.map((c) => c.ast());
    },
  });
  semantics = s;
  return s;
}

/** Parse a whole spec file. */
export function parseSpec(text: string, file: string): AItem[] {
  const g = getGrammar();
  const m = g.match(text);
  if (m.failed()) {
    const pos = m.getRightmostFailurePosition();
    const before = text.slice(0, pos).split('\n');
    const line = before.length;
    const col = before[before.length - 1].length + 1;
    const expected = m.getExpectedText();
    throw new XlatError(`${file}:${line}:${col}: syntax error, expected ${expected}`);
  }
  currentFile = file;
  return getSemantics()(m).ast();
}

/** Parse one semantic expression (used inside pseudo-instruction templates). */
export function parseSpecExpr(text: string, loc: SourceLoc): AExpr {
  const g = getGrammar();
  const m = g.match(text, 'Expr');
  if (m.failed()) {
    throw new XlatError(`${loc.file}:${loc.line}:${loc.col}: bad expression '${text}': expected ${m.getExpectedText()}`);
  }
  const saved = currentFile;
  currentFile = loc.file;
  try {
    return getSemantics()(m).ast();
  } finally {
    currentFile = saved;
  }
}
