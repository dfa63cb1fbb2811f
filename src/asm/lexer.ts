// Splits one source line into tokens. Strings and character literals are
// read here, whole, so that a `;` or `#` inside them (`';'`, `"a;b"`) is
// text and not the start of a comment, and so that later stages can split
// at commas without looking inside literals.

import { errorAt, type SourceLoc } from '../spec/diagnostic.js';

export type Punct =
  | ':' | ',' | '[' | ']' | '(' | ')'
  | '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^' | '~';

export type Token =
  | { kind: 'ident'; text: string; col: number }
  | { kind: 'num'; text: string; value: number; col: number }
  | { kind: 'char'; text: string; value: number; col: number }
  | { kind: 'str'; text: string; bytes: number[]; col: number }
  | { kind: 'punct'; text: Punct; col: number };

export interface LexedLine {
  tokens: Token[];
  /** Column just after the last token: where "expected … at end of line" points. */
  endCol: number;
}

const SINGLE_PUNCT = new Set(':,[]()+-*/%&|^~');
const IDENT_START = /[A-Za-z_.]/;
const IDENT_PART = /[A-Za-z0-9_.$]/;
const WORD_PART = /[A-Za-z0-9_]/;
const WHITESPACE = /[ \t\r\f\v]/;
const UTF8 = new TextEncoder();

/** How a token reads in an error message. */
export function describeToken(t: Token): string {
  return t.kind === 'str' ? `string ${t.text}` : `'${t.text}'`;
}

/** Tokens of one line (without its comment). Throws an XlatError at the first bad character. */
export function lexLine(text: string, line: number, file: string): LexedLine {
  const tokens: Token[] = [];
  const at = (i: number): SourceLoc => ({ file, line, col: i + 1 });
  let i = 0;
  let endCol = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (WHITESPACE.test(c)) {
      i++;
      continue;
    }
    if (c === ';' || c === '#') break;
    const start = i;
    if (IDENT_START.test(c)) {
      while (i < text.length && IDENT_PART.test(text[i]!)) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), col: start + 1 });
    } else if (c >= '0' && c <= '9') {
      while (i < text.length && WORD_PART.test(text[i]!)) i++;
      const word = text.slice(start, i);
      tokens.push({ kind: 'num', text: word, value: parseNumber(word, at(start)), col: start + 1 });
    } else if (c === "'") {
      i++;
      if (i >= text.length) throw errorAt(at(start), 'unterminated character literal');
      if (text[i] === "'") throw errorAt(at(start), 'empty character literal');
      let value: number;
      if (text[i] === '\\') {
        const esc = readEscape(text, i, false, at);
        value = esc.value;
        i = esc.next;
      } else {
        const cp = text.codePointAt(i)!;
        if (cp > 0x7f) throw errorAt(at(i), 'a character literal must be an ASCII character');
        value = cp;
        i++;
      }
      if (i >= text.length) throw errorAt(at(start), 'unterminated character literal');
      if (text[i] !== "'") throw errorAt(at(start), "expected ' to close the character literal");
      i++;
      tokens.push({ kind: 'char', text: text.slice(start, i), value, col: start + 1 });
    } else if (c === '"') {
      i++;
      const bytes: number[] = [];
      for (;;) {
        if (i >= text.length) throw errorAt(at(start), 'unterminated string');
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\') {
          const esc = readEscape(text, i, true, at);
          bytes.push(esc.value);
          i = esc.next;
        } else {
          const cp = text.codePointAt(i)!;
          bytes.push(...UTF8.encode(String.fromCodePoint(cp)));
          i += cp > 0xffff ? 2 : 1;
        }
      }
      i++;
      tokens.push({ kind: 'str', text: text.slice(start, i), bytes, col: start + 1 });
    } else if ((c === '<' || c === '>') && text[i + 1] === c) {
      i += 2;
      tokens.push({ kind: 'punct', text: (c + c) as Punct, col: start + 1 });
    } else if (SINGLE_PUNCT.has(c)) {
      i++;
      tokens.push({ kind: 'punct', text: c as Punct, col: start + 1 });
    } else {
      throw errorAt(at(start), `unexpected character '${String.fromCodePoint(text.codePointAt(i)!)}'`);
    }
    endCol = i + 1;
  }
  return { tokens, endCol };
}

/** Decimal, 0x hex or 0b binary; limited to what a JS number holds exactly. */
function parseNumber(word: string, loc: SourceLoc): number {
  let digits: string;
  let prefix = '';
  if (/^0[xX]/.test(word)) {
    digits = word.slice(2);
    prefix = '0x';
    if (!/^[0-9A-Fa-f]+$/.test(digits)) throw errorAt(loc, `invalid hexadecimal number '${word}'`);
  } else if (/^0[bB]/.test(word)) {
    digits = word.slice(2);
    prefix = '0b';
    if (!/^[01]+$/.test(digits)) throw errorAt(loc, `invalid binary number '${word}'`);
  } else {
    digits = word;
    if (!/^[0-9]+$/.test(digits)) throw errorAt(loc, `invalid number '${word}'`);
  }
  const big = BigInt(prefix + digits);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw errorAt(loc, `number '${word}' is too large (the limit is 2^53 - 1)`);
  }
  return Number(big);
}

/**
 * One backslash escape starting at text[i] === '\\'. Character literals know
 * \n \t \0 \\ \'; strings also \" and \xNN (cisc32 manual §7).
 */
function readEscape(
  text: string,
  i: number,
  inString: boolean,
  at: (i: number) => SourceLoc,
): { value: number; next: number } {
  const e = text[i + 1];
  switch (e) {
    case 'n':
      return { value: 10, next: i + 2 };
    case 't':
      return { value: 9, next: i + 2 };
    case '0':
      return { value: 0, next: i + 2 };
    case '\\':
      return { value: 92, next: i + 2 };
    case "'":
      return { value: 39, next: i + 2 };
  }
  if (inString && e === '"') return { value: 34, next: i + 2 };
  if (inString && e === 'x') {
    const hex = text.slice(i + 2, i + 4);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw errorAt(at(i), 'expected two hex digits after \\x');
    return { value: parseInt(hex, 16), next: i + 4 };
  }
  if (e === undefined) throw errorAt(at(i), inString ? 'unterminated string' : 'unterminated character literal');
  const known = inString ? '\\n \\t \\0 \\\\ \\\' \\" \\xNN' : "\\n \\t \\0 \\\\ \\'";
  const where = inString ? 'a string' : 'a character literal';
  throw errorAt(at(i), `unknown escape '\\${e}' in ${where} (expected one of ${known})`);
}
