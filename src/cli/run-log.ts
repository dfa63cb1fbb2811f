// `xlat run -d ITEMS [-D FILE]`: what the translator does during a run, in
// the items of qemu's -d (in_asm, op, op_opt, out_asm, exec, cpu, nochain), and
// where the run's logs go (-d, --strace and --trace lines: stderr, or the
// file -D names). A file's lines are buffered and written in large pieces,
// since a -d exec,nochain log has a line per block executed; stderr's are
// written at once, so that they interleave with the guest's own output as
// they happened.

import { closeSync, openSync, writeSync } from 'node:fs';
import { XlatError } from '../spec/index.js';
import type { BlockSections } from './block-log.js';

export const DEBUG_ITEMS = [
  { name: 'in_asm', help: 'the guest instructions of each block as it is translated' },
  { name: 'op', help: 'its IR as lifted' },
  { name: 'op_opt', help: 'its IR after optimization, and the state left for successors and faults' },
  { name: 'out_asm', help: 'the host code generated for it' },
  { name: 'exec', help: 'each entry from the dispatcher into translated code (all blocks with nochain)' },
  { name: 'cpu', help: 'the guest registers at each entry from the dispatcher' },
  { name: 'nochain', help: 'do not chain blocks or fill the indirect-branch table: every block returns to the dispatcher' },
] as const;

export type DebugItem = (typeof DEBUG_ITEMS)[number]['name'];

export interface DebugLog {
  sections: BlockSections;
  exec: boolean;
  cpu: boolean;
  nochain: boolean;
}

/** The text of `-d help`. */
export function debugHelp(): string {
  const w = Math.max(...DEBUG_ITEMS.map((i) => i.name.length));
  return [
    'Log items (xlat run -d ITEM,ITEM,...; the log goes to stderr, or to the file -D names):',
    ...DEBUG_ITEMS.map((i) => `  ${i.name.padEnd(w)}  ${i.help}`),
    '',
  ].join('\n');
}

/** Parses -d's comma-separated items. */
export function parseDebugItems(text: string): DebugLog {
  const items = new Set<string>();
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    if (!DEBUG_ITEMS.some((i) => i.name === item)) {
      throw new XlatError(`-d: unknown item '${item}' (known: ${DEBUG_ITEMS.map((i) => i.name).join(', ')}; -d help explains them)`);
    }
    items.add(item);
  }
  if (items.size === 0) throw new XlatError('-d: no items given (-d help lists them)');
  return {
    sections: { in_asm: items.has('in_asm'), op: items.has('op'), op_opt: items.has('op_opt'), out_asm: items.has('out_asm') },
    exec: items.has('exec'),
    cpu: items.has('cpu'),
    nochain: items.has('nochain'),
  };
}

/** Does the log print anything of a translated block? */
export function logsBlocks(d: DebugLog): boolean {
  const s = d.sections;
  return s.in_asm || s.op || s.op_opt || s.out_asm;
}

const FLUSH_AT = 1 << 16;

/** Where log lines go: a file descriptor (a file's lines written in pieces of 64 KiB). */
export class LogSink {
  private parts: string[] = [];
  private size = 0;
  private constructor(
    private readonly fd: number,
    private readonly owned: boolean,
    private readonly flushAt: number,
  ) {}

  static stderr(): LogSink {
    return new LogSink(2, false, 0);
  }

  /** A new file (truncated if it exists). */
  static file(path: string): LogSink {
    try {
      return new LogSink(openSync(path, 'w'), true, FLUSH_AT);
    } catch (e) {
      throw new XlatError(`${path}: cannot write the log (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    writeSync(this.fd, text);
  }

  close(): void {
    this.flush();
    if (this.owned) closeSync(this.fd);
  }
}
