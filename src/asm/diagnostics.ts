// Collects every error of one assembly so that the user sees all of them at
// once, in source order, each once (the same undefined symbol may be met by
// a directive check and again at encoding).

import { XlatError, XlatErrors } from '../spec/diagnostic.js';

interface Entry {
  line: number;
  col: number;
  seq: number;
  message: string;
}

export class Diagnostics {
  private readonly entries: Entry[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly file: string) {}

  get count(): number {
    return this.entries.length;
  }

  /** Adds errors (an XlatErrors adds each of its messages). */
  add(...errors: XlatError[]): void {
    for (const err of errors) {
      for (const message of err instanceof XlatErrors ? err.messages : [err.message]) this.addMessage(message);
    }
  }

  /** Adds the error if `err` is an XlatError; anything else is a bug and goes on up. */
  catch(err: unknown): void {
    if (!(err instanceof XlatError)) throw err;
    this.add(err);
  }

  private addMessage(message: string): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    // Messages start with `file:line:col: `; sort by that place.
    const m = message.startsWith(`${this.file}:`)
      ? /^(\d+):(\d+): /.exec(message.slice(this.file.length + 1))
      : null;
    const line = m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
    const col = m ? Number(m[2]) : 0;
    this.entries.push({ line, col, seq: this.entries.length, message });
  }

  /** Throws one XlatErrors holding every message, in source order, if there are any. */
  throwIfAny(): void {
    if (this.entries.length === 0) return;
    const sorted = [...this.entries].sort((a, b) => a.line - b.line || a.col - b.col || a.seq - b.seq);
    throw new XlatErrors(sorted.map((e) => e.message));
  }
}
