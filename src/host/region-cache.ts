// Compiled regions by entry pc, and by the pages their instructions occupy
// so that flushing a patched range finds them without a scan. Every case
// label of a region is an entry of it, so a jump to any block leader that
// some region holds reuses that region instead of compiling another.

import { PAGE_SHIFT } from '../interp/memory.js';
import type { RegionFn } from './codegen.js';

export interface Region {
  fn: RegionFn;
  /** The pc it was formed from, and the further entries it was formed with. */
  entry: number;
  extra: number[];
  /** Its case labels (entry points). */
  labels: number[];
  /** [start, end) of every instruction it holds. */
  spans: Array<[number, number]>;
}

export class RegionCache {
  private readonly byPc = new Map<number, Region>();
  /** A region holding an instruction that starts at each address. */
  private readonly byInsn = new Map<number, Region>();
  private readonly byPage = new Map<number, Set<Region>>();

  constructor(
    /** Longest instruction: one starting this many bytes before a range may still overlap it. */
    private readonly maxLength: number,
  ) {}

  get(pc: number): Region | undefined {
    return this.byPc.get(pc);
  }

  /** A region that holds an instruction starting at pc (as a case label or not). */
  holding(pc: number): Region | undefined {
    return this.byInsn.get(pc);
  }

  add(region: Region): void {
    // An older region already entered at a label keeps it: it was good enough.
    for (const l of region.labels) if (!this.byPc.has(l)) this.byPc.set(l, region);
    for (const [s, e] of region.spans) {
      this.byInsn.set(s, region);
      for (let p = s >>> PAGE_SHIFT; p <= (e - 1) >>> PAGE_SHIFT; p++) {
        let set = this.byPage.get(p);
        if (!set) this.byPage.set(p, (set = new Set()));
        set.add(region);
      }
    }
  }

  /** Drops every region with an instruction overlapping [addr, addr+len); returns how many. */
  flush(addr: number, len: number): number {
    if (len <= 0) return 0;
    const end = addr + len;
    const first = Math.max(0, addr - this.maxLength + 1) >>> PAGE_SHIFT;
    const last = (end - 1) >>> PAGE_SHIFT;
    const doomed = new Set<Region>();
    for (let p = first; p <= last; p++) {
      const set = this.byPage.get(p);
      if (!set) continue;
      for (const r of set) if (!doomed.has(r) && r.spans.some(([s, e]) => s < end && addr < e)) doomed.add(r);
    }
    for (const r of doomed) this.remove(r);
    return doomed.size;
  }

  /** Puts `region` in the place of `old`, which it supersedes. */
  replace(old: Region, region: Region): void {
    this.remove(old);
    this.add(region);
  }

  clear(): void {
    this.byPc.clear();
    this.byInsn.clear();
    this.byPage.clear();
  }

  private remove(region: Region): void {
    for (const l of region.labels) if (this.byPc.get(l) === region) this.byPc.delete(l);
    for (const [s, e] of region.spans) {
      if (this.byInsn.get(s) === region) this.byInsn.delete(s);
      for (let p = s >>> PAGE_SHIFT; p <= (e - 1) >>> PAGE_SHIFT; p++) {
        const set = this.byPage.get(p);
        if (!set) continue;
        set.delete(region);
        if (set.size === 0) this.byPage.delete(p);
      }
    }
  }
}
