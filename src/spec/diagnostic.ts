// Every stage reports bad input as an XlatError: one message that names the
// place (file:line:col, or pc and address). The CLI prints `xlat: <message>`
// and exits non-zero; anything else escaping is a bug in xlat.

export interface SourceLoc {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
}

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

export class XlatError extends Error {
  /** Exit status the CLI uses for this error (1 unless a stage says otherwise). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'XlatError';
    this.exitCode = exitCode;
  }
}

/** Several problems found at once (a spec check, an assembly pass). */
export class XlatErrors extends XlatError {
  readonly messages: string[];
  constructor(messages: string[]) {
    super(messages.join('\n'));
    this.messages = messages;
  }
}

export function errorAt(loc: SourceLoc, message: string): XlatError {
  return new XlatError(`${formatLoc(loc)}: ${message}`);
}
