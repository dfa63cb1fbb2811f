// Builds the checked IsaModel from a parsed spec: state, tokens and fields,
// enums, derived operands, modes and macros, then every insn expanded into its
// variants (one per mode case and enum value) with encoding bits, syntax and
// lowered semantics. Problems are collected, not thrown one at a time, so
// that `xlat spec check` reports them all at once.

import { createHash } from 'node:crypto';
import type { AEnc, AEncAtom, AExpr, AItem, ALowerPat, AStmt, AString } from './ast.js';
import { XlatError, XlatErrors, formatLoc, type SourceLoc } from './diagnostic.js';
import { Lowerer, constValue, hasControl, newScope, type ExprMacro, type LowerContext, type StmtMacro } from './lower.js';
import type {
  AbiModel, EnumModel, Field, IsaModel, OperandTemplate, OperandValue, RegFile, Register, Stmt, TokenUse, Transform, Variant,
} from './model.js';
import { buildPseudos } from './pseudo.js';
import { parseSyntax, substituteText, type RawOperand } from './syntax.js';
import { checkOverlaps } from './checks.js';
import { buildHost } from './host.js';
import { faultAfterWrite } from './instance.js';

interface TokenDef {
  name: string;
  bits: number;
  fields: Field[];
}

interface EnumDef {
  name: string;
  bits: number;
  cases: Array<{ names: string[]; value: number; sem: AExpr }>;
}

type ModeCase = { enc: AEnc; syntax: AString | null; e: AExpr; loc: SourceLoc };

interface InsnDef {
  syntax: AString;
  enc: AEnc;
  body: AStmt[];
  loc: SourceLoc;
  index: number;
}

/** Collects errors; `attempt` runs a step and records what it throws. */
class Problems {
  list: string[] = [];
  add(loc: SourceLoc, msg: string) {
    this.list.push(`${formatLoc(loc)}: ${msg}`);
  }
  attempt(fn: () => void) {
    try {
      fn();
    } catch (e) {
      if (e instanceof XlatError) this.list.push(e.message);
      else throw e;
    }
  }
}

function fail(loc: SourceLoc, msg: string): never {
  throw new XlatError(`${formatLoc(loc)}: ${msg}`);
}

// ---- for-loop substitution --------------------------------------------------

type ForEnv = Map<string, string | number>;

function substExpr(a: AExpr, env: ForEnv): AExpr {
  switch (a.k) {
    case 'num':
      return a;
    case 'id': {
      const v = env.get(a.name);
      if (v === undefined) return a;
      return typeof v === 'number' ? { k: 'num', v, loc: a.loc } : { k: 'id', name: v, loc: a.loc };
    }
    case 'call': {
      const v = env.get(a.name);
      return { ...a, name: typeof v === 'string' ? v : a.name, args: a.args.map((x) => substExpr(x, env)) };
    }
    case 'bin':
      return { ...a, a: substExpr(a.a, env), b: substExpr(a.b, env) };
    case 'un':
      return { ...a, a: substExpr(a.a, env) };
    case 'cond':
      return { ...a, c: substExpr(a.c, env), t: substExpr(a.t, env), f: substExpr(a.f, env) };
    case 'index':
      return { ...a, a: substExpr(a.a, env), i: substExpr(a.i, env) };
    case 'slice':
      return { ...a, a: substExpr(a.a, env), hi: substExpr(a.hi, env), lo: substExpr(a.lo, env) };
    case 'width':
      return { ...a, a: substExpr(a.a, env) };
  }
}

function substStmt(s: AStmt, env: ForEnv): AStmt {
  switch (s.k) {
    case 'let':
      return { ...s, e: substExpr(s.e, env) };
    case 'if':
      return { ...s, c: substExpr(s.c, env), t: s.t.map((x) => substStmt(x, env)), f: s.f.map((x) => substStmt(x, env)) };
    case 'jump':
      return { ...s, e: substExpr(s.e, env) };
    case 'fault':
      return s;
    case 'syscall':
      return s.args ? { ...s, args: s.args.map((x) => substExpr(x, env)) } : s;
    case 'probe':
      return { ...s, target: substExpr(s.target, env) };
    case 'call': {
      const v = env.get(s.name);
      return { ...s, name: typeof v === 'string' ? v : s.name, args: s.args.map((x) => substExpr(x, env)) };
    }
    case 'assign':
      return { ...s, target: substExpr(s.target, env), e: substExpr(s.e, env) };
    case 'block':
      return { ...s, body: s.body.map((x) => substStmt(x, env)) };
  }
}

function substEnc(enc: AEnc, env: ForEnv): AEnc {
  return enc.map((g) =>
    g.map((a): AEncAtom => {
      if (a.k === 'constrain') return { ...a, value: substExpr(a.value, env) };
      if (a.k === 'byte') return { ...a, value: substExpr(a.value, env) };
      const v = env.get(a.name);
      return typeof v === 'string' ? { ...a, name: v } : a;
    }),
  );
}

function substItem(it: AItem, env: ForEnv): AItem {
  switch (it.k) {
    case 'insn':
      return {
        ...it,
        syntax: { ...it.syntax, text: substituteText(it.syntax.text, env) },
        enc: substEnc(it.enc, env),
        body: it.body.map((s) => substStmt(s, env)),
      };
    case 'defstmt':
      return { ...it, body: it.body.map((s) => substStmt(s, env)) };
    case 'defexpr':
      return { ...it, e: substExpr(it.e, env) };
    case 'for':
      return { ...it, items: it.items.map((x) => substItem(x, env)) };
    case 'lower':
      return {
        ...it,
        pattern: substLowerPat(it.pattern, env),
        guard: it.guard ? substExpr(it.guard, env) : null,
        insns: it.insns.map((i) => ({ ...i, text: { ...i.text, text: substituteText(i.text.text, env) } })),
      };
    default:
      return it;
  }
}

/** for-loop variables in a lowering pattern name ops (`lower op(a, b)`). */
function substLowerPat(p: ALowerPat, env: ForEnv): ALowerPat {
  if (p.k !== 'op') return p;
  const v = env.get(p.name);
  return { ...p, name: typeof v === 'string' ? v : p.name, args: p.args.map((a) => substLowerPat(a, env)) };
}

/** Flatten `for` items into plain items, one copy per row. */
function flatten(items: AItem[], probs: Problems, out: AItem[] = []): AItem[] {
  for (const it of items) {
    if (it.k !== 'for') {
      out.push(it);
      continue;
    }
    for (const inner of it.items) {
      if (inner.k !== 'insn' && inner.k !== 'for' && inner.k !== 'pseudo' && inner.k !== 'lower') {
        probs.add(inner.loc, `a ${inner.k === 'defstmt' || inner.k === 'defexpr' ? 'def' : inner.k} inside a for would be declared once per row; declare it before the for`);
      }
    }
    for (const row of it.rows) {
      if (row.values.length !== it.vars.length) {
        probs.add(row.loc, `row has ${row.values.length} values for ${it.vars.length} variables (${it.vars.join(', ')})`);
        continue;
      }
      const env: ForEnv = new Map(it.vars.map((v, i) => [v, row.values[i]]));
      flatten(
        it.items.filter((x) => x.k === 'insn' || x.k === 'for' || x.k === 'pseudo' || x.k === 'lower').map((x) => substItem(x, env)),
        probs,
        out,
      );
    }
  }
  return out;
}

// ---- transforms -------------------------------------------------------------

function transformOf(a: AExpr, fields: Map<string, Field>): Transform {
  const isNpc = (x: AExpr) => x.k === 'id' && x.name === 'npc';
  const isConst = (x: AExpr) => x.k === 'num' || (x.k === 'un' && x.op === '-' && x.a.k === 'num');
  switch (a.k) {
    case 'id':
      if (!fields.has(a.name)) return fail(a.loc, `unknown field '${a.name}'`);
      return { kind: 'field', field: a.name };
    case 'bin':
      if (a.op === '+' && isNpc(a.a)) return { kind: 'pcrel', arg: transformOf(a.b, fields) };
      if (a.op === '+' && isNpc(a.b)) return { kind: 'pcrel', arg: transformOf(a.a, fields) };
      if ((a.op === '+' || a.op === '-') && isConst(a.b)) {
        const k = constValue(a.b, 'an offset');
        return { kind: 'add', by: a.op === '+' ? k : -k, arg: transformOf(a.a, fields) };
      }
      if (a.op === '*' && isConst(a.b)) return { kind: 'scale', by: constValue(a.b, 'a scale'), arg: transformOf(a.a, fields) };
      if (a.op === '*' && isConst(a.a)) return { kind: 'scale', by: constValue(a.a, 'a scale'), arg: transformOf(a.b, fields) };
      if (a.op === '<<' && isConst(a.b)) return { kind: 'shl', by: constValue(a.b, 'a shift'), arg: transformOf(a.a, fields) };
      break;
  }
  return fail(a.loc, 'an operand is one field with +, * or << by constants, and optionally npc + (pc-relative)');
}

export function transformField(t: Transform): string {
  return t.kind === 'field' ? t.field : transformField(t.arg);
}

function transformPcrel(t: Transform): boolean {
  return t.kind === 'pcrel' || (t.kind !== 'field' && transformPcrel(t.arg));
}

// ---- the builder --------------------------------------------------------------

export function buildModel(items: AItem[], file: string, text: string): IsaModel {
  const probs = new Problems();
  const flat = flatten(items, probs);

  let name = '';
  let endian: 'little' | 'big' = 'little';
  let elfMachine = -1;
  let insnAlign = 1;
  const wordBits = 32;
  const registers: Register[] = [];
  const files = new Map<string, RegFile & { count: number }>();
  const regByName = new Map<string, { slot: number; bits: number }>();
  const tokens = new Map<string, TokenDef>();
  const fieldToken = new Map<string, string>();
  const enums = new Map<string, EnumDef>();
  const operands = new Map<string, { t: Transform; loc: SourceLoc }>();
  const modes = new Map<string, Array<ModeCase | { use: string; loc: SourceLoc }>>();
  const stmtMacros = new Map<string, StmtMacro>();
  const exprMacros = new Map<string, ExprMacro>();
  const insns: InsnDef[] = [];
  const pseudoItems: Array<Extract<AItem, { k: 'pseudo' }>> = [];
  let abiItem: Extract<AItem, { k: 'abi' }> | undefined;
  const hostItems: Array<Extract<AItem, { k: 'host' }>> = [];
  const lowerItems: Array<Extract<AItem, { k: 'lower' }>> = [];
  const declared = new Map<string, SourceLoc>();
  const fieldLocs = new Map<string, SourceLoc>();

  const declare = (n: string, loc: SourceLoc, what: string) => {
    const prev = declared.get(n);
    if (prev) probs.add(loc, `${what} '${n}' is already declared at ${formatLoc(prev)}`);
    else declared.set(n, loc);
  };
  const addReg = (n: string, bits: number, loc: SourceLoc, extra: Partial<Register> = {}) => {
    declare(n, loc, 'register');
    const slot = registers.length;
    registers.push({ slot, name: n, bits, ...extra });
    regByName.set(n, { slot, bits });
    return slot;
  };

  // The ports of `syscall(nr, args...)`: state slots with names no spec or
  // assembly source can write (a dot is not in an identifier), made on first use.
  let ports: { nr: number; args: number[]; result: number } | undefined;
  const plainSyscall = { used: false };
  const portReg = (n: string) => {
    const slot = registers.length;
    registers.push({ slot, name: n, bits: wordBits, port: true });
    return slot;
  };
  const syscallPorts = (args: number) => {
    ports ??= { nr: portReg('sys.nr'), args: [], result: portReg('sys.result') };
    while (ports.args.length < args) ports.args.push(portReg(`sys.arg${ports.args.length + 1}`));
    return ports;
  };

  // Pass 1: declarations, in any order of the file.
  for (const it of flat) {
    probs.attempt(() => {
      switch (it.k) {
        case 'isa': {
          name = it.name;
          const base = file.replace(/^.*[\\/]/, '').replace(/\.isa$/, '');
          if (file.endsWith('.isa') && base !== it.name) {
            probs.add(it.loc, `the ISA is named '${it.name}' but its file is '${base}.isa' (tools find an ISA by its file name)`);
          }
          for (const p of it.props) {
            if (p.key === 'endian') {
              if (p.value !== 'little' && p.value !== 'big') probs.add(p.loc, "endian is 'little' or 'big'");
              else endian = p.value;
            } else if (p.key === 'elf_machine' && typeof p.value === 'number') elfMachine = p.value;
            else if (p.key === 'insn_align' && typeof p.value === 'number') insnAlign = p.value;
            else probs.add(p.loc, `unknown isa property '${p.key}' (endian, elf_machine, insn_align)`);
          }
          break;
        }
        case 'regfile': {
          let names = it.names;
          if (it.range) {
            const [a, b] = it.range;
            const ma = /^(.*?)(\d+)$/.exec(a);
            const mb = /^(.*?)(\d+)$/.exec(b);
            if (!ma || !mb || ma[1] !== mb[1] || Number(ma[2]) > Number(mb[2])) {
              fail(it.loc, `register range ${a}..${b} must be like r0..r7`);
            }
            names = [];
            for (let i = Number(ma[2]); i <= Number(mb[2]); i++) names.push(`${ma[1]}${i}`);
          }
          if (it.bits < 1 || it.bits > 32) fail(it.loc, 'registers are 1 to 32 bits wide');
          declare(it.name, it.loc, 'register file');
          const slots = names.map((n, i) => addReg(n, it.bits, it.loc, { file: it.name, index: i }));
          files.set(it.name, { name: it.name, bits: it.bits, slots, count: slots.length });
          break;
        }
        case 'register':
          if (it.bits < 1 || it.bits > 32) fail(it.loc, 'registers are 1 to 32 bits wide');
          for (const n of it.names) addReg(n, it.bits, it.loc);
          break;
        case 'flag':
          for (const n of it.names) addReg(n, 1, it.loc, { flag: true });
          break;
        case 'token': {
          if (it.bits % 8 !== 0 || it.bits < 8 || it.bits > 32) fail(it.loc, 'a token is 8, 16, 24 or 32 bits');
          declare(it.name, it.loc, 'token');
          const fields: Field[] = [];
          for (const f of it.fields) {
            let bits = 0;
            for (const [hi, lo] of f.ranges) {
              if (hi < lo || hi >= it.bits) probs.add(f.loc, `bits ${hi}:${lo} are outside the ${it.bits}-bit token`);
              bits += hi - lo + 1;
            }
            // Fields live in their own namespace: risc32's field ra and register ra are both natural.
            if (fieldToken.has(f.name)) probs.add(f.loc, `field '${f.name}' is already declared in token '${fieldToken.get(f.name)}'`);
            fields.push({ name: f.name, ranges: f.ranges, bits, signed: f.signed, ...(f.type ? { typeName: f.type } : {}) } as Field);
            fieldLocs.set(f.name, f.loc);
            fieldToken.set(f.name, it.name);
          }
          tokens.set(it.name, { name: it.name, bits: it.bits, fields });
          break;
        }
        case 'enum': {
          declare(it.name, it.loc, 'enum');
          const cases = it.cases.map((c) => ({ names: c.names, value: constValue(c.value, 'an enum value'), sem: c.sem }));
          for (const c of cases) {
            if (c.value < 0 || c.value >= 2 ** it.bits) fail(it.loc, `enum value ${c.value} does not fit ${it.bits} bits`);
          }
          enums.set(it.name, { name: it.name, bits: it.bits, cases });
          break;
        }
        case 'mode':
          declare(it.name, it.loc, 'mode');
          modes.set(
            it.name,
            it.cases.map((c) => (c.k === 'use' ? { use: c.mode, loc: c.loc } : { enc: c.enc, syntax: c.syntax, e: c.e, loc: c.loc })),
          );
          break;
        case 'defstmt':
          declare(it.name, it.loc, 'macro');
          stmtMacros.set(it.name, { params: it.params, body: it.body, loc: it.loc });
          break;
        case 'defexpr':
          declare(it.name, it.loc, 'macro');
          exprMacros.set(it.name, { params: it.params, e: it.e, loc: it.loc });
          break;
        case 'insn':
          insns.push({ syntax: it.syntax, enc: it.enc, body: it.body, loc: it.loc, index: insns.length });
          break;
        case 'pseudo':
          pseudoItems.push(it);
          break;
        case 'abi':
          if (abiItem) probs.add(it.loc, 'a second abi block');
          abiItem = it;
          break;
        case 'host':
          hostItems.push(it);
          break;
        case 'lower':
          lowerItems.push(it);
          break;
        default:
          break;
      }
    });
  }

  // Pass 2: things that refer to declarations.
  for (const it of flat) {
    probs.attempt(() => {
      if (it.k === 'alias') {
        for (const p of it.pairs) {
          const t = regByName.get(p.target);
          if (!t) probs.add(p.loc, `alias of unknown register '${p.target}'`);
          else {
            declare(p.alias, p.loc, 'register alias');
            regByName.set(p.alias, t);
          }
        }
      } else if (it.k === 'zero') {
        const t = regByName.get(it.name);
        if (!t) probs.add(it.loc, `unknown register '${it.name}'`);
        else registers[t.slot].zero = true;
      }
    });
  }

  const allFields = new Map<string, Field>();
  for (const t of tokens.values()) {
    for (const f of t.fields) {
      const typeName = (f as Field & { typeName?: string }).typeName;
      delete (f as Field & { typeName?: string }).typeName;
      if (typeName) {
        if (files.has(typeName)) f.regFile = typeName;
        else if (enums.has(typeName)) {
          f.enumName = typeName;
          if (enums.get(typeName)!.bits !== f.bits) {
            probs.add(fieldLocs.get(f.name)!, `field '${f.name}' is ${f.bits} bits but enum '${typeName}' is ${enums.get(typeName)!.bits}`);
          }
        } else probs.add(fieldLocs.get(f.name)!, `field '${f.name}' has unknown type '${typeName}' (a register file or an enum)`);
      }
      allFields.set(f.name, f);
    }
  }
  for (const it of flat) {
    if (it.k === 'operand') {
      probs.attempt(() => {
        declare(it.name, it.loc, 'operand');
        operands.set(it.name, { t: transformOf(it.e, allFields), loc: it.loc });
      });
    }
  }

  if (!name) probs.list.push(`${file}:1:1: missing 'isa NAME { ... }' header`);
  if (elfMachine < 0) probs.list.push(`${file}:1:1: missing 'elf_machine' in the isa header`);

  // ---- variants ----
  const operandPrefixes = new Set<string>();
  const variants: Variant[] = [];
  const counter = { n: 0 };
  for (const ins of insns) {
    probs.attempt(() => {
      for (const v of expandInsn(ins)) variants.push(v);
    });
  }

  function modeCases(mname: string, loc: SourceLoc, seen: string[] = []): ModeCase[] {
    const m = modes.get(mname);
    if (!m) return fail(loc, `unknown mode '${mname}'`);
    if (seen.includes(mname)) return fail(loc, `mode '${mname}' uses itself`);
    const out: ModeCase[] = [];
    for (const c of m) {
      if ('use' in c) out.push(...modeCases(c.use, c.loc, [...seen, mname]));
      else out.push(c);
    }
    return out;
  }

  interface Expansion {
    groups: AEncAtom[][];
    modes: Map<string, ModeCase>;
    enumChoice: Map<string, { names: string[]; value: number; sem: AExpr }>;
  }

  function expandModes(x: Expansion, loc: SourceLoc, depth = 0): Expansion[] {
    if (depth > 16) fail(loc, 'modes nest too deeply');
    for (let gi = 0; gi < x.groups.length; gi++) {
      const g = x.groups[gi];
      const ai = g.findIndex((a) => a.k === 'name' && modes.has(a.name));
      if (ai < 0) continue;
      const atom = g[ai] as Extract<AEncAtom, { k: 'name' }>;
      if (x.modes.has(atom.name)) fail(atom.loc, `mode '${atom.name}' used twice in one encoding`);
      const out: Expansion[] = [];
      for (const c of modeCases(atom.name, atom.loc)) {
        const merged = [...g.slice(0, ai), ...g.slice(ai + 1), ...c.enc[0]];
        const groups = [...x.groups.slice(0, gi), merged, ...c.enc.slice(1), ...x.groups.slice(gi + 1)];
        const m2 = new Map(x.modes);
        m2.set(atom.name, c);
        out.push(...expandModes({ groups, modes: m2, enumChoice: x.enumChoice }, loc, depth + 1));
      }
      return out;
    }
    return [x];
  }

  function expandEnums(x: Expansion): Expansion[] {
    for (const g of x.groups) {
      for (const a of g) {
        if (a.k !== 'name') continue;
        const f = allFields.get(a.name);
        if (!f?.enumName || x.enumChoice.has(a.name)) continue;
        const en = enums.get(f.enumName)!;
        const out: Expansion[] = [];
        for (const c of en.cases) {
          const ec = new Map(x.enumChoice);
          ec.set(a.name, c);
          out.push(...expandEnums({ ...x, enumChoice: ec }));
        }
        return out;
      }
    }
    return [x];
  }

  function expandInsn(ins: InsnDef): Variant[] {
    const syn = parseSyntax(ins.syntax.text, ins.syntax.loc, (w) => regByName.has(w));
    const expansions = expandModes({ groups: ins.enc, modes: new Map(), enumChoice: new Map() }, ins.loc).flatMap(expandEnums);
    return expansions.map((x) => buildVariant(ins, syn, x));
  }

  function buildVariant(ins: InsnDef, syn: ReturnType<typeof parseSyntax>, x: Expansion): Variant {
    const tokenUses: TokenUse[] = [];
    const mask: number[] = [];
    const match: number[] = [];
    const vfields: Array<Field & { tokenIndex: number }> = [];
    const fixed: Record<string, number> = {};
    const present = new Map<string, Field>();
    const bound = new Set<string>();
    let offset = 0;
    const setBits = (tok: TokenUse, f: Field, value: number, loc: SourceLoc) => {
      // Place value bits into token-relative positions, then into bytes.
      let v = value >>> 0;
      const bitsList: Array<[number, number]> = [];
      for (let i = f.ranges.length - 1; i >= 0; i--) {
        const [hi, lo] = f.ranges[i];
        for (let b = lo; b <= hi; b++) {
          bitsList.push([b, v & 1]);
          v = Math.floor(v / 2);
        }
      }
      for (const [bit, val] of bitsList) {
        const byteInTok = endian === 'little' ? bit >> 3 : tok.bits / 8 - 1 - (bit >> 3);
        const bi = tok.offset + byteInTok;
        const m = 1 << (bit & 7);
        if (mask[bi] & m && ((match[bi] & m) !== 0) !== (val === 1)) fail(loc, `conflicting constraints on field '${f.name}'`);
        mask[bi] |= m;
        if (val) match[bi] |= m;
        else match[bi] &= ~m;
      }
    };
    for (const g of x.groups) {
      const isByte = g.some((a) => a.k === 'byte');
      let tokName: string | undefined;
      if (isByte) {
        if (g.length !== 1) fail(g[0].loc, 'a literal byte stands alone in its group (join with ";")');
      } else {
        for (const a of g) {
          const fname = a.k === 'constrain' ? a.field : (a as Extract<AEncAtom, { k: 'name' }>).name;
          const tn = fieldToken.get(fname);
          if (!tn) {
            if (modes.has(fname)) continue;
            fail(a.loc, `unknown field or mode '${fname}'`);
          }
          if (tokName && tn !== tokName) {
            fail(a.loc, `field '${fname}' belongs to token '${tn}', not '${tokName}' like the rest of its group (use ';' between tokens)`);
          }
          tokName = tn;
        }
      }
      const bits = isByte ? 8 : tokens.get(tokName!)!.bits;
      const tok: TokenUse = { token: isByte ? '' : tokName!, bits, offset };
      if (!isByte && tokenUses.some((t) => t.token === tokName)) fail(g[0].loc, `token '${tokName}' appears twice in one encoding`);
      const tokenIndex = tokenUses.length;
      tokenUses.push(tok);
      for (let i = 0; i < bits / 8; i++) {
        mask.push(0);
        match.push(0);
      }
      offset += bits / 8;
      if (isByte) {
        const a = g[0] as Extract<AEncAtom, { k: 'byte' }>;
        const v = constValue(a.value, 'a literal byte');
        if (v < 0 || v > 255) fail(a.loc, `literal byte ${v} is not 0..255`);
        mask[tok.offset] = 0xff;
        match[tok.offset] = v;
        continue;
      }
      for (const f of tokens.get(tokName!)!.fields) {
        vfields.push({ ...f, tokenIndex });
        present.set(f.name, f);
      }
      for (const a of g) {
        if (a.k === 'constrain') {
          const f = allFields.get(a.field)!;
          const v = constValue(a.value, 'a field value');
          const fits = f.signed ? v >= -(2 ** (f.bits - 1)) && v < 2 ** (f.bits - 1) : v >= 0 && v < 2 ** f.bits;
          if (!fits) fail(a.value.loc, `value ${v} does not fit the ${f.bits}-bit field '${f.name}'`);
          setBits(tok, f, v, a.loc);
          fixed[f.name] = v;
        } else if (a.k === 'name') bound.add(a.name);
      }
    }
    for (const [fname, c] of x.enumChoice) {
      const f = present.get(fname)!;
      const tok = tokenUses[vfields.find((vf) => vf.name === fname)!.tokenIndex];
      setBits(tok, f, c.value, ins.loc);
      fixed[fname] = c.value;
    }

    // Syntax.
    const prefixes = new Set<string>();
    const values: OperandValue[] = [];
    const addValue = (n: string, t: Transform) => {
      if (!values.some((v) => v.name === n)) values.push({ name: n, transform: t, pcrel: transformPcrel(t) });
    };
    const resolveOp = (r: RawOperand, loc: SourceLoc, depth = 0): OperandTemplate => {
      if (depth > 8) fail(loc, 'syntax templates nest too deeply');
      switch (r.kind) {
        case 'word': {
          const reg = regByName.get(r.text);
          if (!reg) return fail(loc, `'${r.text}' in the syntax is not a register or a {hole}`);
          return { kind: 'fixedreg', slot: reg.slot };
        }
        case 'prefixed':
          prefixes.add(r.prefix);
          return { kind: 'prefixed', prefix: r.prefix, inner: resolveOp(r.inner, loc, depth + 1) };
        case 'mem': {
          const base = resolveOp(r.base, loc, depth + 1);
          if (base.kind !== 'reg' && base.kind !== 'fixedreg') fail(loc, 'the base of a memory operand must be a register');
          const disp = r.disp ? resolveOp(r.disp, loc, depth + 1) : null;
          if (disp && disp.kind !== 'value') fail(loc, 'the displacement of a memory operand must be a value');
          return { kind: 'mem', style: r.style, base, disp };
        }
        case 'hole': {
          const mc = x.modes.get(r.name);
          if (mc) {
            if (!mc.syntax) return fail(mc.loc, `mode case used in syntax '{${r.name}}' has no syntax string`);
            const sub = parseSyntax(`x ${mc.syntax.text}`, mc.syntax.loc);
            if (sub.operands.length !== 1) fail(mc.syntax.loc, 'a mode case syntax is one operand');
            return resolveOp(sub.operands[0], mc.syntax.loc, depth + 1);
          }
          const op = operands.get(r.name);
          if (op) {
            if (!present.has(transformField(op.t))) fail(loc, `operand '${r.name}' needs field '${transformField(op.t)}' in the encoding`);
            addValue(r.name, op.t);
            return { kind: 'value', name: r.name, pcrel: transformPcrel(op.t) };
          }
          const f = present.get(r.name);
          if (!f) return fail(loc, `{${r.name}} names no field, operand or mode of this encoding`);
          if (r.name in fixed) return fail(loc, `{${r.name}} is shown in the syntax but fixed to ${fixed[r.name]} by the encoding`);
          if (f.enumName) return fail(loc, `enum field {${r.name}} belongs in the mnemonic`);
          if (f.regFile) return { kind: 'reg', field: f.name };
          addValue(r.name, { kind: 'field', field: f.name });
          return { kind: 'value', name: r.name, pcrel: false };
        }
      }
    };
    const ops = syn.operands.map((o) => resolveOp(o, ins.syntax.loc));
    let names = [''];
    for (const piece of syn.mnemonic) {
      if ('text' in piece) names = names.map((n) => n + piece.text);
      else {
        const c = x.enumChoice.get(piece.hole);
        if (!c) fail(ins.syntax.loc, `{${piece.hole}} in the mnemonic must be an enum field of the encoding`);
        names = names.flatMap((n) => c.names.map((cn) => n + cn.toLowerCase()));
      }
    }

    // Semantics.
    const modeExports = new Map<string, AExpr>();
    for (const [mn, c] of x.modes) modeExports.set(mn, c.e);
    const enumSem = new Map<string, AExpr>();
    for (const [fn, c] of x.enumChoice) enumSem.set(fn, c.sem);
    const ctx: LowerContext = {
      wordBits,
      fields: present,
      enumSem,
      modes: modeExports,
      operands: new Set([...operands.keys()].filter((o) => present.has(transformField(operands.get(o)!.t)))),
      regs: regByName,
      files: new Map([...files].map(([k, f]) => [k, { bits: f.bits, count: f.count }])),
      stmtMacros,
      exprMacros,
      counter,
      usedOperands: new Set(),
      depth: 0,
      syscallPorts,
      plainSyscall,
    };
    const sem: Stmt[] = [];
    new Lowerer(ctx).stmts(ins.body, newScope(null), sem);
    const order = faultAfterWrite(sem);
    if (order) {
      fail(ins.loc, `'${names[0]}' ${order}: a faulting instruction must have no effect, so do every access that can fault before the first write`);
    }
    for (const u of ctx.usedOperands) addValue(u, operands.get(u)!.t);

    for (const p of prefixes) operandPrefixes.add(p);
    return {
      id: 0,
      mnemonic: names[0],
      aliases: names.slice(1),
      operands: ops,
      length: offset,
      tokens: tokenUses,
      mask,
      match,
      fields: vfields,
      values,
      fixed,
      sem,
      control: hasControl(sem),
      loc: ins.loc,
      insn: ins.index,
    };
  }

  variants.forEach((v, i) => (v.id = i));

  for (const f of files.values()) {
    for (const s of f.slots) {
      if (registers[s].bits > wordBits) probs.list.push(`${file}: register wider than the word`);
    }
  }
  for (const v of variants) checkTemplateFields(v, probs);
  probs.attempt(() => checkOverlaps(variants, probs.list));

  // ---- ABI ----
  let abi: AbiModel = { syscallNumber: -1, syscallArgs: [], syscallResult: -1, calls: [], stackPointer: -1 };
  if (!abiItem) probs.list.push(`${file}:1:1: missing 'abi { ... }' block`);
  else {
    const a = abiItem;
    const reg = (n: string, loc: SourceLoc) => {
      const r = regByName.get(n);
      if (!r) {
        probs.add(loc, `unknown register '${n}'`);
        return -1;
      }
      return r.slot;
    };
    if (!a.syscall && !ports) {
      probs.add(a.loc, "abi needs 'syscall number REG args REG, ... result REG;' (or the semantics make calls as 'syscall(nr, args...)')");
    }
    if (a.syscall && ports) {
      probs.add(a.syscall.loc, "the semantics pass system-call values with 'syscall(nr, args...)': the abi names no syscall registers");
    }
    if (ports && plainSyscall.used) {
      probs.add(a.loc, "'syscall;' takes the abi's syscall registers; with 'syscall(nr, args...)' elsewhere there are none: use one form");
    }
    if (!a.stack) probs.add(a.loc, "abi needs 'stack REG;'");
    abi = {
      syscallNumber: ports ? ports.nr : a.syscall ? reg(a.syscall.number, a.syscall.loc) : -1,
      syscallArgs: ports ? ports.args : a.syscall ? a.syscall.args.map((n) => reg(n, a.syscall!.loc)) : [],
      syscallResult: ports ? ports.result : a.syscall ? reg(a.syscall.result, a.syscall.loc) : -1,
      calls: a.calls.map((c) => ({ number: c.number, name: c.name })),
      stackPointer: a.stack ? reg(a.stack.reg, a.stack.loc) : -1,
    };
    const known = ['exit', 'read', 'write', 'brk'];
    for (const c of a.calls) if (!known.includes(c.name)) probs.add(c.loc, `unknown system call '${c.name}' (${known.join(', ')})`);
  }

  const regNames: Record<string, number> = {};
  for (const [n, r] of regByName) regNames[n.toLowerCase()] = r.slot;

  const enumModels: EnumModel[] = [...enums.values()].map((e) => ({
    name: e.name,
    bits: e.bits,
    values: e.cases.map((c) => ({ value: c.value, names: c.names })),
  }));

  const partial: IsaModel = {
    name,
    file,
    hash: createHash('sha256').update(text).digest('hex'),
    endian,
    elfMachine,
    insnAlign,
    maxLength: variants.reduce((m, v) => Math.max(m, v.length), 0),
    registers,
    files: [...files.values()].map((f) => ({ name: f.name, bits: f.bits, slots: f.slots })),
    regNames,
    enums: enumModels,
    variants,
    pseudos: [],
    abi,
    operandPrefixes: [...operandPrefixes],
  };
  probs.attempt(() => {
    partial.pseudos = buildPseudos(pseudoItems, partial, probs.list);
  });
  probs.attempt(() => {
    const host = buildHost(hostItems, lowerItems, partial, exprMacros, probs.list);
    if (host) partial.host = host;
  });
  if (probs.list.length) throw new XlatErrors(probs.list);
  return partial;
}

/** Every hole must be a field present in the encoding (checked while resolving); here: registers exist. */
function checkTemplateFields(v: Variant, probs: Problems) {
  for (const o of v.operands) {
    if (o.kind === 'reg' && !v.fields.some((f) => f.name === o.field)) {
      probs.add(v.loc, `syntax names field '${o.field}' that is not in the encoding`);
    }
  }
}
