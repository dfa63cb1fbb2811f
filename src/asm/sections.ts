// The program as the layout sees it: sections holding items in source order.
// Items keep what they need to be sized and encoded later, since most values
// (labels) are known only after layout.

import { errorAt, type SourceLoc, XlatError } from '../spec/diagnostic.js';
import type { SegmentFlags } from '../elf/image.js';
import type { Expr, Slot } from './types.js';

export type Item = (
  | { kind: 'label'; name: string }
  /** `.ascii`, `.asciz`: bytes known at once. */
  | { kind: 'bytes'; bytes: Uint8Array }
  /** `.space`: zero bytes (and the only data a NOBITS section may hold). */
  | { kind: 'zeros'; size: number }
  /** `.byte` / `.word`: values evaluated and range-checked at encoding. */
  | { kind: 'values'; directive: '.byte' | '.word'; width: 1 | 4; exprs: Expr[] }
  | { kind: 'align'; align: number }
  /** An instruction; `form` indexes slot.forms and only grows during layout. */
  | { kind: 'slot'; slot: Slot; form: number }
) & {
  /** Address, set by each layout pass. */
  addr: number;
};

export interface Section {
  name: string;
  flags: SegmentFlags;
  /** Occupies memory but no file bytes (.bss): data other than zeros is an error. */
  nobits: boolean;
  items: Item[];
  /** Set by each layout pass. */
  base: number;
  size: number;
}

/** The sections with fixed names and flags (cisc32 manual §7-8). */
const STANDARD: Record<string, { flags: SegmentFlags; nobits: boolean }> = {
  '.text': { flags: { r: true, w: false, x: true }, nobits: false },
  '.data': { flags: { r: true, w: true, x: false }, nobits: false },
  '.bss': { flags: { r: true, w: true, x: false }, nobits: true },
};

export const TEXT = '.text';
export const BSS = '.bss';

export function flagString(f: SegmentFlags): string {
  return `${f.r ? 'r' : ''}${f.w ? 'w' : ''}${f.x ? 'x' : ''}`;
}

/** Sections in order of first appearance; .text exists from the start. */
export class SectionSet {
  private readonly byName = new Map<string, Section>();
  current: Section;

  constructor() {
    this.current = this.create(TEXT, STANDARD[TEXT]!.flags, false);
  }

  private create(name: string, flags: SegmentFlags, nobits: boolean): Section {
    const s: Section = { name, flags, nobits, items: [], base: 0, size: 0 };
    this.byName.set(name, s);
    return s;
  }

  /**
   * Makes `name` current, creating it on first use. `flags` is what
   * `.section name, "flags"` gave (null: none given, or a plain `.data`).
   */
  enter(name: string, flags: SegmentFlags | null, loc: SourceLoc): XlatError | null {
    const existing = this.byName.get(name);
    const std = STANDARD[name];
    const expected = existing?.flags ?? std?.flags;
    if (expected) {
      if (flags && flagString(flags) !== flagString(expected)) {
        return errorAt(loc, `section ${name} has flags "${flagString(expected)}", not "${flagString(flags)}"`);
      }
      this.current = existing ?? this.create(name, expected, std?.nobits ?? false);
      return null;
    }
    if (!flags) return errorAt(loc, `expected a flags string (from r, w, x) for the new section ${name}`);
    this.current = this.create(name, flags, false);
    return null;
  }

  /** Placement order: .text first, then by first appearance, .bss last (cisc32 manual §8). */
  ordered(): Section[] {
    const all = [...this.byName.values()];
    const rank = (s: Section): number => (s.name === TEXT ? 0 : s.name === BSS ? 2 : 1);
    return all.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
  }
}
