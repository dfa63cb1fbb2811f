// The guest's address space: flat, byte-addressed, 32-bit, with byte-exact
// permissions (a segment is mapped to exactly its size, so the byte after
// .data must fault even when it shares a page with it).
//
// Every guest load, store and fetch of every engine goes through here, so the
// common case has to be a few machine instructions: one typed-array lookup
// of how many bytes from the page's start may be read (or written), which
// the access must end within, then one typed-array or DataView access.
// Anything else — an access beyond that prefix or across a page, a store to
// a page holding decoded code — falls to a slow path that checks every byte
// against the page table (permissions per page, or per byte for a page that
// is only partly mapped).
//
// `u8` and `dv` are public for generated code. They are replaced only when a
// mapping reaches past the current backing, which happens while loading (the
// stack, the heap up to the stack and the segments are all mapped before the
// guest runs), so engines may cache them once the process has started.

import type { Endian } from '../spec/model.js';
import { XlatError } from '../spec/diagnostic.js';
import { MemFault } from './fault.js';

export const PERM_R = 1;
export const PERM_W = 2;
export const PERM_X = 4;
/** Page-table bit: the page holds decoded or translated code; stores to it are reported. */
export const WATCH = 8;
/**
 * Privileged page (the translator's runtime area): only privileged accesses
 * (privLoad, privStore) reach it; to every other access it is unmapped.
 */
export const PERM_P = 16;

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
/** Nothing is ever mapped at or above this address. */
export const ADDRESS_LIMIT = 0x40000000;
/** Default backing size: enough for the stack, which ends at 0x01000000. */
export const DEFAULT_MEMORY_SIZE = 0x01000000;

const PERMS = PERM_R | PERM_W | PERM_X | PERM_P;
const OFFSET_MASK = PAGE_SIZE - 1;
const TWO32 = 0x100000000;
const GROW_STEP = 1 << 20;

export type CodeWriteListener = (addr: number, len: number) => void;

export class Memory {
  /** Backing bytes; index = guest address. */
  u8: Uint8Array;
  /** The same bytes, for 16/32-bit accesses in the guest's byte order. */
  dv: DataView;
  readonly endian: Endian;
  readonly little: boolean;
  /**
   * One entry per 4 KiB page of the whole 32-bit space (so any `addr >>> 12`
   * indexes it): R|W|X when the page is uniformly mapped so, 0 when it is
   * unmapped or only partly mapped; plus WATCH.
   */
  readonly pages: Uint8Array = new Uint8Array(1 << (32 - PAGE_SHIFT));
  /**
   * The checked accesses' fast path, per page: how many bytes from the
   * page's start may be read (readLimit) or written without a check
   * (writeLimit: 0 on a watched page). A segment mapped to exactly its size
   * ends part-way into its last page; that page's mapped prefix is still
   * read and written here without the per-byte permissions — which small
   * programs would otherwise consult on every access to their data.
   */
  readonly readLimit: Uint16Array = new Uint16Array(1 << (32 - PAGE_SHIFT));
  readonly writeLimit: Uint16Array = new Uint16Array(1 << (32 - PAGE_SHIFT));
  /** Called after a store (or bulk write, or remapping) touches a watched page. */
  onCodeWrite: CodeWriteListener | null = null;
  /** Per-byte permissions of the pages that are only partly mapped. */
  private readonly partial = new Map<number, Uint8Array>();
  private readonly watched = new Set<number>();

  constructor(endian: Endian = 'little', size: number = DEFAULT_MEMORY_SIZE) {
    if (!Number.isInteger(size) || size < 0 || size > ADDRESS_LIMIT) throw tooHigh();
    this.endian = endian;
    this.little = endian === 'little';
    this.u8 = new Uint8Array(size);
    this.dv = new DataView(this.u8.buffer);
  }

  /**
   * The same memory — bytes, permissions, watches, listener — read and
   * written in the other byte order: what a host machine of one endianness
   * sees when it runs code for a guest of the other (the translator puts
   * the byte swaps in its code).
   */
  withOrder(little: boolean): Memory {
    if (little === this.little) return this;
    const view = Object.create(this) as Memory;
    Object.defineProperty(view, 'little', { value: little });
    // One write listener for both: whoever sets it through the view sets the memory's.
    Object.defineProperty(view, 'onCodeWrite', {
      get: () => this.onCodeWrite,
      set: (f: CodeWriteListener | null) => {
        this.onCodeWrite = f;
      },
    });
    return view;
  }

  // ---- checked accesses (the hot path) ----

  load8(addr: number): number {
    addr = addr >>> 0;
    if ((addr & OFFSET_MASK) < this.readLimit[addr >>> PAGE_SHIFT]) return this.u8[addr];
    return this.loadSlow(addr, 1);
  }

  load16(addr: number): number {
    addr = addr >>> 0;
    if ((addr & OFFSET_MASK) + 1 < this.readLimit[addr >>> PAGE_SHIFT]) return this.dv.getUint16(addr, this.little);
    return this.loadSlow(addr, 2);
  }

  /** Returns the word as int32. */
  load32(addr: number): number {
    addr = addr >>> 0;
    if ((addr & OFFSET_MASK) + 3 < this.readLimit[addr >>> PAGE_SHIFT]) return this.dv.getInt32(addr, this.little);
    return this.loadSlow(addr, 4);
  }

  store8(addr: number, v: number): void {
    addr = addr >>> 0;
    if ((addr & OFFSET_MASK) < this.writeLimit[addr >>> PAGE_SHIFT]) {
      this.u8[addr] = v;
      return;
    }
    this.storeSlow(addr, 1, v);
  }

  store16(addr: number, v: number): void {
    addr = addr >>> 0;
    if ((addr & OFFSET_MASK) + 1 < this.writeLimit[addr >>> PAGE_SHIFT]) {
      this.dv.setUint16(addr, v, this.little);
      return;
    }
    this.storeSlow(addr, 2, v);
  }

  store32(addr: number, v: number): void {
    addr = addr >>> 0;
    if ((addr & OFFSET_MASK) + 3 < this.writeLimit[addr >>> PAGE_SHIFT]) {
      this.dv.setInt32(addr, v, this.little);
      return;
    }
    this.storeSlow(addr, 4, v);
  }

  /**
   * How many bytes from addr, up to max, may be fetched as instructions. A
   * decoder that needs more than this faults at addr + the result.
   */
  fetchable(addr: number, max: number): number {
    addr = addr >>> 0;
    if ((this.pages[addr >>> PAGE_SHIFT] & PERM_X) !== 0 && (addr & OFFSET_MASK) + max <= PAGE_SIZE) return max;
    return this.span(addr, max, PERM_X);
  }

  /** Are all len bytes from addr mapped with (at least) perm? Always true for len 0. */
  isMapped(addr: number, len: number, perm: number): boolean {
    return this.span(addr >>> 0, len, perm) === len;
  }

  // ---- unchecked bulk access (loader, syscalls; the caller has checked) ----

  /** A copy of len bytes from addr. */
  readBytes(addr: number, len: number): Uint8Array {
    addr = addr >>> 0;
    return this.u8.slice(addr, addr + len);
  }

  /** A view of len bytes from addr, valid until the next mapping change. */
  view(addr: number, len: number): Uint8Array {
    addr = addr >>> 0;
    return this.u8.subarray(addr, addr + len);
  }

  writeBytes(addr: number, data: Uint8Array): void {
    addr = addr >>> 0;
    this.u8.set(data, addr);
    this.notify(addr, data.length);
  }

  // ---- mappings ----

  /** Maps [addr, addr+size) with perms, zero-filled. */
  map(addr: number, size: number, perms: number): void {
    checkRange(addr, size);
    if (size === 0) return;
    this.ensure(addr + size);
    this.u8.fill(0, addr, addr + size);
    this.setPerms(addr, size, perms & PERMS);
    this.notify(addr, size);
  }

  unmap(addr: number, size: number): void {
    checkRange(addr, size);
    if (size === 0) return;
    this.setPerms(addr, size, 0);
    this.notify(addr, size);
  }

  /** Changes the permissions of a range that must be wholly mapped. */
  protect(addr: number, size: number, perms: number): void {
    checkRange(addr, size);
    if (this.span(addr, size, 0) !== size) {
      throw new XlatError(`protect: [0x${hex8(addr)}, 0x${hex8(addr + size)}) is not wholly mapped`);
    }
    if (size === 0) return;
    this.setPerms(addr, size, perms & PERMS);
    this.notify(addr, size);
  }

  /** Permissions (R|W|X) of one byte; 0 when unmapped. */
  permAt(addr: number): number {
    addr = addr >>> 0;
    const e = this.pages[addr >>> PAGE_SHIFT] & PERMS;
    if (e !== 0) return e;
    const d = this.partial.get(addr >>> PAGE_SHIFT);
    return d === undefined ? 0 : d[addr & OFFSET_MASK];
  }

  /**
   * Does any byte of [start, end) have permissions that pass `test`? Every
   * byte counts, those of partly mapped pages too: a segment need not start
   * or end on a page boundary.
   */
  anyByte(start: number, end: number, test: (perm: number) => boolean): boolean {
    for (let p = start >>> PAGE_SHIFT; p * PAGE_SIZE < end; p++) {
      const e = this.pages[p] & PERMS;
      if (e !== 0) {
        if (test(e)) return true;
        continue;
      }
      const d = this.partial.get(p);
      if (d === undefined) continue;
      const lo = Math.max(start, p * PAGE_SIZE);
      const hi = Math.min(end, (p + 1) * PAGE_SIZE);
      for (let a = lo; a < hi; a++) if (d[a & OFFSET_MASK] !== 0 && test(d[a & OFFSET_MASK])) return true;
    }
    return false;
  }

  // ---- code watching ----

  /** Marks the page holding addr as holding decoded/translated code. */
  watch(addr: number): void {
    const p = (addr >>> 0) >>> PAGE_SHIFT;
    this.pages[p] |= WATCH;
    this.watched.add(p);
    this.setLimits(p);
  }

  unwatch(addr: number): void {
    const p = (addr >>> 0) >>> PAGE_SHIFT;
    this.pages[p] &= ~WATCH;
    this.watched.delete(p);
    this.setLimits(p);
  }

  unwatchAll(): void {
    for (const p of this.watched) {
      this.pages[p] &= ~WATCH;
      this.setLimits(p);
    }
    this.watched.clear();
  }

  isWatched(addr: number): boolean {
    return (this.pages[(addr >>> 0) >>> PAGE_SHIFT] & WATCH) !== 0;
  }

  // ---- privileged accesses: the translator's runtime area ----

  /** A load from privileged pages (all w/8 bytes); anything else is a memory fault, as if unmapped. */
  privLoad(addr: number, w: number): number {
    addr = addr >>> 0;
    const n = w >>> 3;
    if (!this.privileged(addr, n)) throw new MemFault(addr, 'read');
    if (n === 1) return this.u8[addr];
    if (n === 2) return this.dv.getUint16(addr, this.little);
    return this.dv.getInt32(addr, this.little);
  }

  privStore(addr: number, w: number, v: number): void {
    addr = addr >>> 0;
    const n = w >>> 3;
    if (!this.privileged(addr, n)) throw new MemFault(addr, 'write');
    if (n === 1) this.u8[addr] = v;
    else if (n === 2) this.dv.setUint16(addr, v, this.little);
    else this.dv.setInt32(addr, v, this.little);
  }

  private privileged(addr: number, n: number): boolean {
    return addr + n <= ADDRESS_LIMIT && (this.pages[addr >>> PAGE_SHIFT] & PERM_P) !== 0 && (this.pages[(addr + n - 1) >>> PAGE_SHIFT] & PERM_P) !== 0;
  }

  // ---- slow paths ----

  private loadSlow(addr: number, n: number): number {
    if (this.span(addr, n, PERM_R) !== n) throw new MemFault(addr, 'read');
    if (n === 1) return this.u8[addr];
    if (n === 2) return this.dv.getUint16(addr, this.little);
    return this.dv.getInt32(addr, this.little);
  }

  private storeSlow(addr: number, n: number, v: number): void {
    // Checked before any byte is written: a faulting store has no effect.
    if (this.span(addr, n, PERM_W) !== n) throw new MemFault(addr, 'write');
    if (n === 1) this.u8[addr] = v;
    else if (n === 2) this.dv.setUint16(addr, v, this.little);
    else this.dv.setInt32(addr, v, this.little);
    if (
      this.onCodeWrite !== null &&
      ((this.pages[addr >>> PAGE_SHIFT] | this.pages[(addr + n - 1) >>> PAGE_SHIFT]) & WATCH) !== 0
    ) {
      this.onCodeWrite(addr, n);
    }
  }

  /**
   * Length of the run of bytes from addr (at most len) that all have perm;
   * perm 0 means "mapped with any permission". Bytes past 2^32 never qualify.
   */
  private span(addr: number, len: number, perm: number): number {
    const end = Math.min(addr + len, TWO32);
    let a = addr;
    while (a < end) {
      const p = a >>> PAGE_SHIFT;
      const pageEnd = Math.min((p + 1) * PAGE_SIZE, end);
      const e = this.pages[p] & PERMS;
      if (perm === 0 ? e !== 0 : (e & perm) === perm) {
        a = pageEnd;
        continue;
      }
      const d = this.partial.get(p);
      if (d === undefined) break;
      while (a < pageEnd) {
        const b = d[a & OFFSET_MASK];
        if (perm === 0 ? b === 0 : (b & perm) !== perm) break;
        a++;
      }
      if (a < pageEnd) break;
    }
    return a - addr;
  }

  private setPerms(addr: number, size: number, perms: number): void {
    const end = addr + size;
    let a = addr;
    while (a < end) {
      const p = a >>> PAGE_SHIFT;
      const base = p * PAGE_SIZE;
      const s = a - base;
      const e = Math.min(end - base, PAGE_SIZE);
      const watch = this.pages[p] & WATCH;
      if (s === 0 && e === PAGE_SIZE) {
        this.pages[p] = watch | perms;
        this.partial.delete(p);
      } else {
        let d = this.partial.get(p);
        if (d === undefined) d = new Uint8Array(PAGE_SIZE).fill(this.pages[p] & PERMS);
        d.fill(perms, s, e);
        const first = d[0];
        let uniform = true;
        for (let i = 1; i < PAGE_SIZE; i++) {
          if (d[i] !== first) {
            uniform = false;
            break;
          }
        }
        if (uniform) {
          this.pages[p] = watch | first;
          this.partial.delete(p);
        } else {
          this.pages[p] = watch;
          this.partial.set(p, d);
        }
      }
      this.setLimits(p);
      a = base + e;
    }
  }

  /** readLimit and writeLimit of page p, from its permissions and watch. */
  private setLimits(p: number): void {
    const e = this.pages[p];
    const d = (e & PERMS) === 0 ? this.partial.get(p) : undefined;
    const prefix = (perm: number): number => {
      if (d === undefined) return (e & perm) !== 0 ? PAGE_SIZE : 0;
      let n = 0;
      while (n < PAGE_SIZE && (d[n] & perm) !== 0) n++;
      return n;
    };
    this.readLimit[p] = prefix(PERM_R);
    this.writeLimit[p] = (e & WATCH) !== 0 ? 0 : prefix(PERM_W);
  }

  private notify(addr: number, len: number): void {
    if (this.onCodeWrite === null || len === 0) return;
    const last = (addr + len - 1) >>> PAGE_SHIFT;
    for (let p = addr >>> PAGE_SHIFT; p <= last; p++) {
      if ((this.pages[p] & WATCH) !== 0) {
        this.onCodeWrite(addr, len);
        return;
      }
    }
  }

  /** Grows the backing to cover [0, end). */
  private ensure(end: number): void {
    if (end <= this.u8.length) return;
    const size = Math.min(ADDRESS_LIMIT, Math.max(Math.ceil(end / GROW_STEP) * GROW_STEP, this.u8.length * 2));
    const u8 = new Uint8Array(size);
    u8.set(this.u8);
    this.u8 = u8;
    this.dv = new DataView(u8.buffer);
  }
}

function checkRange(addr: number, size: number): void {
  if (!Number.isInteger(addr) || !Number.isInteger(size) || addr < 0 || size < 0 || addr + size > ADDRESS_LIMIT) {
    throw tooHigh();
  }
}

function tooHigh(): XlatError {
  return new XlatError('address space above 0x40000000 not supported');
}

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
