// One source line into its labels and its statement. Instructions get their
// operands parsed here (they only need the ISA's register names); directive
// arguments stay as token groups, since each directive reads its own.

import { errorAt, XlatError, type SourceLoc } from '../spec/diagnostic.js';
import type { IsaAssembler, Operand } from './types.js';
import { describeToken, lexLine, type Token } from './lexer.js';
import { parseOperand } from './operands.js';

/** What line parsing needs to know of the ISA. */
export type LineSyntax = Pick<IsaAssembler, 'isRegister' | 'operandPrefixes' | 'mnemonicPrefixes'>;

export interface LabelDef {
  name: string;
  loc: SourceLoc;
}

/** The tokens between two top-level commas. */
export interface ArgGroup {
  tokens: Token[];
  /** Where the argument starts; for an empty one, where it should have been. */
  col: number;
  /** Where it ends: at the next comma or at the end of the line. */
  endCol: number;
}

export type Statement =
  | { kind: 'instruction'; mnemonic: string; operands: Operand[]; loc: SourceLoc }
  /** `name` is lower-cased and keeps its dot: `.word`. */
  | { kind: 'directive'; name: string; args: ArgGroup[]; loc: SourceLoc; endCol: number };

export interface ParsedLine {
  labels: LabelDef[];
  statement: Statement | null;
  errors: XlatError[];
}

/** Labels and statement of one line; problems come back in `errors`, not thrown. */
export function parseLine(text: string, line: number, file: string, isa: LineSyntax): ParsedLine {
  const at = (col: number): SourceLoc => ({ file, line, col });
  const result: ParsedLine = { labels: [], statement: null, errors: [] };
  let lexed;
  try {
    lexed = lexLine(text, line, file);
  } catch (e) {
    if (!(e instanceof XlatError)) throw e;
    result.errors.push(e);
    return result;
  }
  const { tokens, endCol } = lexed;
  let i = 0;
  while (tokens[i]?.kind === 'ident' && isPunct(tokens[i + 1], ':')) {
    result.labels.push({ name: tokens[i]!.text, loc: at(tokens[i]!.col) });
    i += 2;
  }
  const head = tokens[i];
  if (!head) return result;
  if (head.kind !== 'ident') {
    result.errors.push(errorAt(at(head.col), `expected a label, instruction or directive, found ${describeToken(head)}`));
    return result;
  }
  const loc = at(head.col);
  if (head.text.startsWith('.')) {
    const args = splitArgs(tokens.slice(i + 1), endCol);
    result.statement = { kind: 'directive', name: head.text.toLowerCase(), args, loc, endCol };
    return result;
  }

  let mnemonic = head.text.toLowerCase();
  i++;
  const next = tokens[i];
  if (
    isa.mnemonicPrefixes?.includes(mnemonic) &&
    next?.kind === 'ident' &&
    !isa.isRegister(next.text.toLowerCase())
  ) {
    mnemonic = `${mnemonic} ${next.text.toLowerCase()}`;
    i++;
  }
  const operands: Operand[] = [];
  const groups = splitArgs(tokens.slice(i), endCol);
  groups.forEach((g, k) => {
    if (g.tokens.length === 0) {
      result.errors.push(errorAt(at(g.col), missing('an operand', k === groups.length - 1)));
      return;
    }
    try {
      operands.push(parseOperand(g.tokens, g.endCol, { file, line, isa }));
    } catch (e) {
      if (!(e instanceof XlatError)) throw e;
      result.errors.push(e);
    }
  });
  if (result.errors.length === 0) result.statement = { kind: 'instruction', mnemonic, operands, loc };
  return result;
}

/**
 * Message for an empty argument: the last one is empty only after a trailing
 * comma; any other stands before a comma.
 */
export function missing(what: string, last: boolean): string {
  return last ? `expected ${what} after ','` : `expected ${what}, found ','`;
}

/** Splits at commas outside brackets and parentheses (literals are single tokens already). */
export function splitArgs(tokens: Token[], endCol: number): ArgGroup[] {
  if (tokens.length === 0) return [];
  const groups: ArgGroup[] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      if (t.text === '[' || t.text === '(') depth++;
      else if ((t.text === ']' || t.text === ')') && depth > 0) depth--;
      else if (t.text === ',' && depth === 0) {
        groups.push({ tokens: current, col: current[0]?.col ?? t.col, endCol: t.col });
        current = [];
        continue;
      }
    }
    current.push(t);
  }
  groups.push({ tokens: current, col: current[0]?.col ?? endCol, endCol });
  return groups;
}

function isPunct(t: Token | undefined, text: string): boolean {
  return t?.kind === 'punct' && t.text === text;
}

/** Each line's tokens (null for a line that does not lex), for the quick looks below. */
function* lineTokens(source: string): Generator<{ line: number; tokens: Token[] | null }> {
  const lines = source.split('\n');
  for (let n = 0; n < lines.length; n++) {
    let tokens: Token[] | null;
    try {
      tokens = lexLine(lines[n]!, n + 1, '').tokens;
    } catch {
      tokens = null;
    }
    yield { line: n + 1, tokens };
  }
}

const isIsaDirective = (t: Token | undefined): boolean => t?.kind === 'ident' && t.text.toLowerCase() === '.isa';

/**
 * Where a `.isa` directive stands that detectIsa did not take, because some
 * other statement comes first (line and column, 1-based); null if none.
 */
export function misplacedIsa(source: string): { line: number; col: number } | null {
  for (const { line, tokens } of lineTokens(source)) {
    const t = tokens?.find(isIsaDirective);
    if (t) return { line, col: t.col };
  }
  return null;
}

/**
 * The ISA a file names in its `.isa` directive, lower-cased, if that
 * directive is its first statement; found without assembling, so that tools
 * can choose the ISA before they have one.
 */
export function detectIsa(source: string): string | null {
  for (const { tokens } of lineTokens(source)) {
    if (tokens === null) return null;
    if (tokens.length === 0) continue;
    const [dir, name] = tokens;
    return isIsaDirective(dir) && name?.kind === 'ident' && tokens.length === 2 ? name.text.toLowerCase() : null;
  }
  return null;
}
