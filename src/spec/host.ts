// The host side of a spec: register roles (`host { ... }`) and lowering
// rules (`lower PATTERN [when GUARD] [prio N] => "insn"; ...;`), checked and
// built into the HostModel of model.ts that the code generator (src/codegen)
// reads. The reference is isa-specs/LOWERING.md.
//
// What is checked here: pattern op names and arities, variables, the names a
// template or guard uses, that every template instruction is an instruction
// (or pseudo-instruction) of this ISA taking operands of those shapes, and
// that a host has every block-level construct the code generator needs.
// Whether a rule computes what its pattern means is checked by running it
// (codegen's checkRules).

import type { AExpr, AItem, ALowerPat } from './ast.js';
import { XlatError, formatLoc, type SourceLoc } from './diagnostic.js';
import { constValue, type ExprMacro } from './lower.js';
import {
  HOST_LAYOUT_NAMES,
  type HostExpr,
  type HostModel,
  type IsaModel,
  type LowerInsn,
  type LowerOperand,
  type LowerPattern,
  type LowerRule,
  type OperandTemplate,
} from './model.js';
import { parseSpecExpr } from './parse.js';
import { LOWER_SIGNATURES } from './lower-signatures.js';

export { LOWER_SIGNATURES };

type HostItem = Extract<AItem, { k: 'host' }>;
type LowerItem = Extract<AItem, { k: 'lower' }>;



/** Block-level constructs every host must lower. */
export const REQUIRED_RULES = [
  'const', 'move', 'spill_load', 'spill_store', 'br_true', 'br_false', 'jump',
  'exit_direct', 'exit_indirect', 'exit_fault', 'dispatch', 'chain', 'syscall', 'smc_check', 'count', 'exit_budget',
];

const ROLE_HOLES = ['exit', 'link', 'base', 'count'];

function fail(loc: SourceLoc, msg: string): never {
  throw new XlatError(`${formatLoc(loc)}: ${msg}`);
}

function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if ('[({'.includes(ch)) depth++;
    if ('])}'.includes(ch)) depth--;
    if (ch === sep && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

interface RuleScope {
  regVars: Set<string>;
  constVars: Set<string>;
  labelVars: Set<string>;
  localLabels: Set<string>;
  value: boolean;
  loc: SourceLoc;
}

/** The names a constant expression may use in this rule. */
function valueName(name: string, sc: RuleScope): boolean {
  return (
    sc.constVars.has(name) ||
    sc.labelVars.has(name) ||
    sc.localLabels.has(name) ||
    name === 'self' ||
    (HOST_LAYOUT_NAMES as readonly string[]).includes(name)
  );
}

function isRegHole(name: string, sc: RuleScope): boolean {
  return (name === 'd' && sc.value) || /^t[0-9]+$/.test(name) || sc.regVars.has(name) || ROLE_HOLES.includes(name);
}

/** Substitute macro parameters in an expression (for expression macros used in templates). */
function substMacro(a: AExpr, env: Map<string, AExpr>): AExpr {
  switch (a.k) {
    case 'num':
      return a;
    case 'id':
      return env.get(a.name) ?? a;
    case 'call':
      return { ...a, args: a.args.map((x) => substMacro(x, env)) };
    case 'bin':
      return { ...a, a: substMacro(a.a, env), b: substMacro(a.b, env) };
    case 'un':
      return { ...a, a: substMacro(a.a, env) };
    case 'cond':
      return { ...a, c: substMacro(a.c, env), t: substMacro(a.t, env), f: substMacro(a.f, env) };
    case 'index':
      return { ...a, a: substMacro(a.a, env), i: substMacro(a.i, env) };
    case 'slice':
      return { ...a, a: substMacro(a.a, env), hi: substMacro(a.hi, env), lo: substMacro(a.lo, env) };
    case 'width':
      return { ...a, a: substMacro(a.a, env) };
  }
}

function exprWidth(e: HostExpr): number {
  return e.k === 'slice' ? e.hi - e.lo + 1 : 32;
}

const BIN_EXPR_OPS = new Set([
  '+', '-', '*', '&', '|', '^', '<<', '>>u', '>>s', '==', '!=', '<u', '<s', '<=u', '<=s', '>u', '>s', '>=u', '>=s', '&&', '||',
]);

function toHostExpr(a: AExpr, sc: RuleScope, macros: Map<string, ExprMacro>, depth = 0): HostExpr {
  if (depth > 32) fail(a.loc, 'expression macros nest too deeply');
  const rec = (x: AExpr) => toHostExpr(x, sc, macros, depth + 1);
  switch (a.k) {
    case 'num':
      return { k: 'num', v: a.v };
    case 'id':
      if (!valueName(a.name, sc)) {
        if (sc.regVars.has(a.name)) fail(a.loc, `'${a.name}' is a register, not a constant (write $${a.name} in the pattern for a constant)`);
        fail(a.loc, `unknown name '${a.name}' in a lowering expression (a #constant or @label of the pattern, a local label, self, or ${HOST_LAYOUT_NAMES.join(', ')})`);
      }
      return { k: 'name', name: a.name };
    case 'bin':
      if (!BIN_EXPR_OPS.has(a.op)) fail(a.loc, `operator '${a.op}' is not available in lowering expressions`);
      return { k: 'bin', op: a.op, a: rec(a.a), b: rec(a.b) };
    case 'un':
      return { k: 'un', op: a.op as '-' | '~' | '!', a: rec(a.a) };
    case 'cond':
      return { k: 'cond', c: rec(a.c), t: rec(a.t), f: rec(a.f) };
    case 'slice': {
      const hi = constValue(a.hi, 'a bit position');
      const lo = constValue(a.lo, 'a bit position');
      if (hi < lo || hi > 31 || lo < 0) fail(a.loc, `bad bit range [${hi}:${lo}]`);
      return { k: 'slice', hi, lo, a: rec(a.a) };
    }
    case 'index': {
      const i = constValue(a.i, 'a bit index');
      if (i < 0 || i > 31) fail(a.loc, `bad bit index [${i}]`);
      return { k: 'slice', hi: i, lo: i, a: rec(a.a) };
    }
    case 'call': {
      if ((a.name === 'sext' || a.name === 'zext') && a.args.length === 2) {
        const inner = rec(a.args[0]);
        return a.name === 'sext' ? { k: 'sext', bits: exprWidth(inner), a: inner } : inner;
      }
      if ((a.name === 'sfits' || a.name === 'ufits') && a.args.length === 2) {
        const bits = constValue(a.args[1], 'a bit count');
        if (bits < 1 || bits > 32) fail(a.loc, `${a.name}() takes 1 to 32 bits`);
        return { k: 'fits', signed: a.name === 'sfits', bits, a: rec(a.args[0]) };
      }
      const m = macros.get(a.name);
      if (m && m.params.length === a.args.length) {
        const env = new Map(m.params.map((p, i) => [p, a.args[i]] as [string, AExpr]));
        return toHostExpr(substMacro(m.e, env), sc, macros, depth + 1);
      }
      return fail(a.loc, `unknown function ${a.name}() in a lowering expression (sext, zext, sfits, ufits, or an expression def)`);
    }
    case 'width':
      return fail(a.loc, "'@' widths are not available in lowering expressions");
  }
}

interface BuildCtx {
  isa: IsaModel;
  macros: Map<string, ExprMacro>;
}

function parseOperand(text: string, loc: SourceLoc, sc: RuleScope, ctx: BuildCtx): LowerOperand {
  const t = text.trim();
  if (t === '') fail(loc, 'empty operand in a template');
  const regSlot = (w: string): number | undefined => {
    const slot = ctx.isa.regNames[w.toLowerCase()];
    return slot !== undefined && !ctx.isa.registers[slot].flag ? slot : undefined;
  };
  const simple = (x: string): LowerOperand => {
    const y = x.trim();
    const hole = /^\{(.*)\}$/s.exec(y);
    if (hole && !y.slice(1, -1).includes('}')) {
      const inner = hole[1].trim();
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) {
        if (isRegHole(inner, sc)) return { kind: 'reg', hole: inner };
        if (inner === 'd') fail(loc, `'${sc.value ? '' : 'this rule defines no value: '}{d}' is not available here`);
        if (valueName(inner, sc)) return { kind: 'value', e: { k: 'name', name: inner } };
        fail(loc, `unknown name {${inner}} in a template`);
      }
      return { kind: 'value', e: toHostExpr(parseSpecExpr(inner, loc), sc, ctx.macros) };
    }
    const slot = regSlot(y);
    if (slot !== undefined) return { kind: 'fixedreg', slot };
    return { kind: 'value', e: toHostExpr(parseSpecExpr(y, loc), sc, ctx.macros) };
  };
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) fail(loc, `unclosed '[' in '${t}'`);
    const parts = splitTop(t.slice(1, -1), '+');
    if (parts.length > 2) fail(loc, `a memory operand is [base] or [base + disp], found '${t}'`);
    return { kind: 'mem', style: 'bracket', base: simple(parts[0]), disp: parts.length === 2 ? simple(parts[1]) : null };
  }
  if (t.endsWith(')')) {
    // The base is in the last parentheses outside braces: "{k + 4}({a})", "({t0})".
    let depth = 0;
    for (let i = t.length - 1; i >= 0; i--) {
      const ch = t[i];
      if (ch === ')' || ch === '}' || ch === ']') depth++;
      if (ch === '(' || ch === '{' || ch === '[') depth--;
      if (ch === '(' && depth === 0) {
        const before = t.slice(0, i).trim();
        return { kind: 'mem', style: 'paren', base: simple(t.slice(i + 1, -1)), disp: before === '' ? null : simple(before) };
      }
    }
    fail(loc, `unbalanced ')' in '${t}'`);
  }
  const sp = /^([A-Za-z]+)\s+(.+)$/s.exec(t);
  if (sp && ctx.isa.operandPrefixes.includes(sp[1].toLowerCase())) {
    return { kind: 'prefixed', prefix: sp[1].toLowerCase(), inner: parseOperand(sp[2], loc, sc, ctx) };
  }
  return simple(t);
}

/** Could this operand fill that operand template of a variant? (shapes only) */
function shapeFits(op: LowerOperand, t: OperandTemplate): boolean {
  switch (t.kind) {
    case 'reg':
      return op.kind === 'reg' || op.kind === 'fixedreg';
    case 'fixedreg':
      return op.kind === 'fixedreg' && op.slot === t.slot;
    case 'value':
      return op.kind === 'value';
    case 'mem': {
      if (op.kind !== 'mem' || op.style !== t.style || !shapeFits(op.base, t.base)) return false;
      if (op.disp === null) return true;
      return t.disp === null ? op.disp.kind === 'value' : shapeFits(op.disp, t.disp);
    }
    case 'prefixed':
      return op.kind === 'prefixed' && op.prefix === t.prefix && shapeFits(op.inner, t.inner);
  }
}

function describe(op: LowerOperand): string {
  switch (op.kind) {
    case 'reg':
    case 'fixedreg':
      return 'register';
    case 'value':
      return 'immediate';
    case 'mem':
      return 'memory';
    case 'prefixed':
      return `${op.prefix} ${describe(op.inner)}`;
  }
}

function parseInsn(text: string, label: string | null, loc: SourceLoc, sc: RuleScope, ctx: BuildCtx): LowerInsn {
  const t = text.trim();
  const m = /^(\S+)\s*(.*)$/s.exec(t);
  if (!m) return fail(loc, 'empty template instruction');
  const mnemonic = m[1].toLowerCase();
  const operands = m[2].trim() === '' ? [] : splitTop(m[2], ',').map((o) => parseOperand(o, loc, sc, ctx));
  const variants = ctx.isa.variants.filter((v) => v.mnemonic === mnemonic || v.aliases.includes(mnemonic));
  const pseudos = ctx.isa.pseudos.filter((p) => p.mnemonic === mnemonic);
  if (variants.length === 0 && pseudos.length === 0) fail(loc, `'${mnemonic}' is no instruction of ${ctx.isa.name}`);
  const real = variants.some((v) => v.operands.length === operands.length && v.operands.every((ot, i) => shapeFits(operands[i], ot)));
  const pseudo = pseudos.some(
    (p) =>
      p.params.length === operands.length &&
      p.params.every((pp, i) =>
        pp.kind === 'reg' ? operands[i].kind === 'reg' || operands[i].kind === 'fixedreg' : operands[i].kind === 'value',
      ),
  );
  if (!real && !pseudo) {
    const shapes = operands.length === 0 ? 'no operands' : `operands (${operands.map(describe).join(', ')})`;
    fail(loc, `no form of '${mnemonic}' takes ${shapes}: "${t}"`);
  }
  return { ...(label !== null ? { label } : {}), mnemonic, operands, text: t };
}

function collectVars(p: ALowerPat, sc: RuleScope, seen: Set<string>) {
  if (p.k === 'op') {
    for (const a of p.args) collectVars(a, sc, seen);
    return;
  }
  // A register variable may appear again: the rule then takes only the same value there.
  if (seen.has(p.name)) {
    if (p.k === 'reg' && sc.regVars.has(p.name)) return;
    fail(p.loc, `pattern variable '${p.name}' appears twice (only a register variable may: the same value in both places)`);
  }
  if (p.name === 'd' || /^t[0-9]+$/.test(p.name) || ROLE_HOLES.includes(p.name) || p.name === 'self' || (HOST_LAYOUT_NAMES as readonly string[]).includes(p.name)) {
    fail(p.loc, `'${p.name}' is reserved in templates and cannot name a pattern variable`);
  }
  seen.add(p.name);
  if (p.k === 'reg') sc.regVars.add(p.name);
  else if (p.k === 'const') sc.constVars.add(p.name);
  else sc.labelVars.add(p.name);
}

function checkPattern(p: ALowerPat, root: boolean): LowerPattern {
  if (p.k !== 'op') return { k: p.k, name: p.name };
  const sig = LOWER_SIGNATURES[p.name];
  if (!sig) fail(p.loc, `unknown op '${p.name}' in a lowering pattern`);
  if (!root && !sig.ir) fail(p.loc, `'${p.name}' is a block-level construct and can only be a pattern's root`);
  if (!root && (p.name.startsWith('load') || p.name.startsWith('store'))) fail(p.loc, `'${p.name}' cannot be nested: memory accesses are not folded into other ops`);
  if (!root && !sig.value) fail(p.loc, `'${p.name}' defines no value`);
  if (p.width !== null && !sig.width) fail(p.loc, `'${p.name}' takes no width`);
  if (typeof p.width === 'number' && ![1, 8, 16, 32].includes(p.width)) fail(p.loc, `width @${p.width}: widths are 1, 8, 16, 32 or *`);
  if (p.bare && sig.args.length > 0) fail(p.loc, `'${p.name}' takes ${sig.args.length} argument(s)`);
  if (p.args.length !== sig.args.length) fail(p.loc, `'${p.name}' takes ${sig.args.length} argument(s), not ${p.args.length}`);
  const args = p.args.map((a, i) => {
    const kind = sig.args[i];
    if (kind === 'c' && a.k !== 'const') fail(a.loc, `argument ${i + 1} of '${p.name}' is a constant: write $name`);
    if (kind === 'l' && a.k !== 'label') fail(a.loc, `argument ${i + 1} of '${p.name}' is a code address: write @name`);
    if (kind === 'v' && a.k === 'label') fail(a.loc, `argument ${i + 1} of '${p.name}' is a value, not a label`);
    if (kind === 'v' && sig.plain && a.k !== 'reg') fail(a.loc, `argument ${i + 1} of '${p.name}' is a register variable`);
    return checkPattern(a, false);
  });
  return { k: 'op', op: p.name, width: p.width, args };
}

function buildRule(it: LowerItem, index: number, ctx: BuildCtx): LowerRule {
  if (it.pattern.k !== 'op') fail(it.loc, 'a lowering pattern starts with an op');
  const pattern = checkPattern(it.pattern, true) as Extract<LowerPattern, { k: 'op' }>;
  const sig = LOWER_SIGNATURES[pattern.op];
  const sc: RuleScope = {
    regVars: new Set(),
    constVars: new Set(),
    labelVars: new Set(),
    localLabels: new Set(),
    value: sig.value,
    loc: it.loc,
  };
  collectVars(it.pattern, sc, new Set());
  for (const i of it.insns) {
    if (i.label === null) continue;
    if (sc.localLabels.has(i.label)) fail(i.text.loc, `label '${i.label}' appears twice in this rule`);
    if (sc.regVars.has(i.label) || sc.constVars.has(i.label) || sc.labelVars.has(i.label)) {
      fail(i.text.loc, `label '${i.label}' has the name of a pattern variable`);
    }
    sc.localLabels.add(i.label);
  }
  const guard = it.guard ? toHostExpr(it.guard, sc, ctx.macros) : null;
  if (it.alias !== null) {
    if (!sig.value) fail(it.loc, `'${pattern.op}' defines no value, so it cannot be an alias`);
    if (!sc.regVars.has(it.alias)) fail(it.loc, `'=> ${it.alias};' must name a register variable of the pattern`);
  }
  const insns = it.insns.map((i) => parseInsn(i.text.text, i.label, i.text.loc, sc, ctx));
  let temps = 0;
  let writesD = false;
  const visit = (o: LowerOperand) => {
    if (o.kind === 'reg') {
      const m = /^t([0-9]+)$/.exec(o.hole);
      if (m) temps = Math.max(temps, Number(m[1]) + 1);
      if (o.hole === 'd') writesD = true;
    } else if (o.kind === 'mem') {
      visit(o.base);
      if (o.disp) visit(o.disp);
    } else if (o.kind === 'prefixed') visit(o.inner);
  };
  for (const i of insns) i.operands.forEach(visit);
  if (sig.value && it.alias === null && !writesD) fail(it.loc, `the template of '${pattern.op}' never names its result {d}`);
  if (!sig.value && it.alias === null && insns.length === 0) fail(it.loc, 'empty template');
  return {
    index,
    name: pattern.op,
    pattern,
    guard,
    prio: it.prio ?? 0,
    ...(it.alias !== null ? { alias: it.alias } : {}),
    insns,
    temps,
    where: formatLoc(it.loc),
  };
}

/**
 * The HostModel of a spec, or undefined when it has neither a host section
 * nor lowering rules. Problems go to `errors` (file:line:col: message).
 */
export function buildHost(
  hostItems: HostItem[],
  lowerItems: LowerItem[],
  isa: IsaModel,
  macros: Map<string, ExprMacro>,
  errors: string[],
): HostModel | undefined {
  if (hostItems.length === 0 && lowerItems.length === 0) return undefined;
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof XlatError) errors.push(e.message);
      else throw e;
    }
  };
  if (hostItems.length === 0) {
    errors.push(`${formatLoc(lowerItems[0].loc)}: lowering rules need a 'host { state ...; temps ...; base R; exit R; link R; }' section`);
    return undefined;
  }
  if (hostItems.length > 1) errors.push(`${formatLoc(hostItems[1].loc)}: a second host section`);
  const h = hostItems[0];
  const roles = new Map<string, number[]>();
  const used = new Map<number, string>();
  for (const r of h.roles) {
    attempt(() => {
      if (roles.has(r.role)) fail(r.loc, `'${r.role}' is given twice`);
      const slots = r.regs.map((n) => {
        const slot = isa.regNames[n.toLowerCase()];
        if (slot === undefined || isa.registers[slot].flag) fail(r.loc, `unknown register '${n}'`);
        const reg = isa.registers[slot];
        if (reg.zero) fail(r.loc, `'${n}' is the zero register`);
        if (reg.file === undefined) fail(r.loc, `'${n}' is not in a register file`);
        const prev = used.get(slot);
        if (prev) fail(r.loc, `'${n}' already has the role '${prev}'`);
        used.set(slot, r.role);
        return slot;
      });
      if (r.role !== 'state' && r.role !== 'temps' && slots.length !== 1) fail(r.loc, `'${r.role}' is one register`);
      roles.set(r.role, slots);
    });
  }
  for (const role of ['state', 'temps', 'base', 'exit', 'link', 'count']) {
    if (!roles.has(role)) errors.push(`${formatLoc(h.loc)}: the host section needs '${role}'`);
  }
  const ctx: BuildCtx = { isa, macros };
  const rules: LowerRule[] = [];
  for (const it of lowerItems) attempt(() => rules.push(buildRule(it, rules.length, ctx)));
  const missing = REQUIRED_RULES.filter((n) => !rules.some((r) => r.name === n));
  if (missing.length && lowerItems.length) errors.push(`${formatLoc(h.loc)}: a host must lower ${missing.join(', ')}`);
  if (lowerItems.length === 0) errors.push(`${formatLoc(h.loc)}: a host section without lowering rules`);
  const one = (role: string) => roles.get(role)?.[0] ?? -1;
  return {
    state: roles.get('state') ?? [],
    temps: roles.get('temps') ?? [],
    base: one('base'),
    exit: one('exit'),
    link: one('link'),
    count: one('count'),
    rules,
  };
}
