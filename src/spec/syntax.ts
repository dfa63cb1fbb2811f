// Syntax templates ("add {ea}, {reg}", "[{rm} + {d8}]", "{disp}({rb})"):
// one template per instruction, read here into a small tree that the
// assembler matches against and the disassembler prints from.

import { XlatError, type SourceLoc } from './diagnostic.js';

/** A template operand before names are resolved. */
export type RawOperand =
  | { kind: 'hole'; name: string } // {name}
  | { kind: 'word'; text: string } // a literal word such as a register name
  | { kind: 'mem'; style: 'bracket' | 'paren'; base: RawOperand; disp: RawOperand | null }
  | { kind: 'prefixed'; prefix: string; inner: RawOperand };

export interface RawSyntax {
  /** Mnemonic pieces: literal text and {enum} holes. */
  mnemonic: Array<{ text: string } | { hole: string }>;
  operands: RawOperand[];
}

function fail(loc: SourceLoc, msg: string): never {
  throw new XlatError(`${loc.file}:${loc.line}:${loc.col}: ${msg}`);
}

/** Split at commas that are not inside brackets, parentheses or braces. */
export function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(' || ch === '{') depth++;
    if (ch === ']' || ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

function parseHoleOrWord(text: string, loc: SourceLoc): RawOperand {
  const t = text.trim();
  const m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(t);
  if (m) return { kind: 'hole', name: m[1] };
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) return { kind: 'word', text: t };
  return fail(loc, `bad operand '${t}' in syntax template`);
}

export function parseOperandTemplate(text: string, loc: SourceLoc): RawOperand {
  const t = text.trim();
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) fail(loc, `unclosed '[' in syntax template '${t}'`);
    const inner = t.slice(1, -1).trim();
    const plus = inner.indexOf('+');
    if (plus < 0) return { kind: 'mem', style: 'bracket', base: parseHoleOrWord(inner, loc), disp: null };
    return {
      kind: 'mem',
      style: 'bracket',
      base: parseHoleOrWord(inner.slice(0, plus), loc),
      disp: parseHoleOrWord(inner.slice(plus + 1), loc),
    };
  }
  if (t.endsWith(')')) {
    const open = t.lastIndexOf('(');
    if (open < 0) fail(loc, `unbalanced ')' in syntax template '${t}'`);
    const base = parseHoleOrWord(t.slice(open + 1, -1), loc);
    const before = t.slice(0, open).trim();
    return { kind: 'mem', style: 'paren', base, disp: before === '' ? null : parseHoleOrWord(before, loc) };
  }
  const sp = /^([A-Za-z]+)\s+(.+)$/.exec(t);
  if (sp) return { kind: 'prefixed', prefix: sp[1].toLowerCase(), inner: parseOperandTemplate(sp[2], loc) };
  return parseHoleOrWord(t, loc);
}

/**
 * Read a syntax template. The mnemonic may be several words ("rep movsb"):
 * leading plain words that are not registers belong to it.
 */
export function parseSyntax(text: string, loc: SourceLoc, isRegister: (w: string) => boolean = () => false): RawSyntax {
  const t = text.trim();
  const m = /^(\S+)\s*(.*)$/.exec(t);
  if (!m) return fail(loc, 'empty syntax template');
  let mn = m[1];
  let rest = m[2];
  // A lone trailing word that is no register is part of the mnemonic.
  const lone = /^[A-Za-z]+$/.exec(rest.trim());
  if (lone && !isRegister(lone[0])) {
    mn = `${mn} ${lone[0].toLowerCase()}`;
    rest = '';
  }
  m[2] = rest;
  const mnemonic: RawSyntax['mnemonic'] = [];
  const re = /\{([A-Za-z_][A-Za-z0-9_]*)\}|([^{}]+)/g;
  let mm: RegExpExecArray | null;
  let consumed = 0;
  while ((mm = re.exec(mn))) {
    consumed += mm[0].length;
    if (mm[1]) mnemonic.push({ hole: mm[1] });
    else mnemonic.push({ text: mm[2].toLowerCase() });
  }
  if (consumed !== mn.length) fail(loc, `bad mnemonic '${mn}' in syntax template`);
  const operands = m[2].trim() === '' ? [] : splitTop(m[2]).map((o) => parseOperandTemplate(o, loc));
  return { mnemonic, operands };
}

/** Substitute for-loop variables into template text ({op} -> add). */
export function substituteText(text: string, env: Map<string, string | number>): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) =>
    env.has(name) ? String(env.get(name)) : whole,
  );
}
