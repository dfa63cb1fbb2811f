// The decision tree that finds an instruction's variant from its bytes.
//
// Each node switches, through a flat table, on some bits of one byte. Which
// bits: among the node's candidates (the variants still possible), the
// first byte position holding bits that every candidate fixes and that tell
// candidates apart; failing that, the bits fixed by the most candidates,
// where candidates that leave a bit free go down every branch that agrees
// with the bits they do fix. A leaf holds at most one candidate, verified
// against its whole mask (the spec loader rejects overlapping encodings, so
// at most one variant can match). Nodes, tables and masks live in typed
// arrays so that a lookup is a short loop of array reads.

import type { Encoding } from './types.js';

/** Table entry: no variant possible. */
export const ILLEGAL = -1;

/** Ints per node in DecodeTree.nodes. */
const STRIDE = 6;
const POS = 0; // byte position switched on
const SHIFT = 1; // right shift of that byte
const IMASK = 2; // mask of the shifted byte: the table index
const TABLE = 3; // start of the node's table in DecodeTree.table
const CANDS = 4; // start of the node's candidates in DecodeTree.cands
const NCANDS = 5; // how many

/**
 * A built tree. Entries (the root and table slots) are: >= 0 a node index,
 * ILLEGAL, or <= -2 a leaf holding variant -(entry + 2).
 */
export interface DecodeTree {
  root: number;
  nodes: Int32Array;
  table: Int32Array;
  /** Each node's candidates, kept to tell a fetch that ends too early from illegal bytes. */
  cands: Int32Array;
  /** Per variant: length, and where its mask/match bytes start in masks/matches. */
  lengths: Int32Array;
  byteStart: Int32Array;
  masks: Uint8Array;
  matches: Uint8Array;
}

const leaf = (id: number): number => -2 - id;

/** Growable int list, turned into an Int32Array at the end. */
class IntList {
  private a = new Int32Array(256);
  length = 0;
  push(v: number): number {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length] = v;
    return this.length++;
  }
  alloc(n: number, fill: number): number {
    const at = this.length;
    for (let i = 0; i < n; i++) this.push(fill);
    return at;
  }
  set(i: number, v: number): void {
    this.a[i] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.length);
  }
}

/** Build the tree for encodings[i] = variant i. */
export function buildTree(encodings: readonly Encoding[]): DecodeTree {
  const n = encodings.length;
  const lengths = new Int32Array(n);
  const byteStart = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    lengths[i] = encodings[i].length;
    byteStart[i] = total;
    total += encodings[i].length;
  }
  const masks = new Uint8Array(total);
  const matches = new Uint8Array(total);
  for (let i = 0; i < n; i++) {
    const e = encodings[i];
    for (let p = 0; p < e.length; p++) {
      const m = (e.mask[p] ?? 0) & 0xff;
      masks[byteStart[i] + p] = m;
      matches[byteStart[i] + p] = (e.match[p] ?? 0) & m;
    }
  }
  const mk = (c: number, p: number): number => masks[byteStart[c] + p];
  const mt = (c: number, p: number): number => matches[byteStart[c] + p];

  const nodes = new IntList();
  const table = new IntList();
  const cands = new IntList();
  // Candidate sets reached along different paths share one subtree.
  const memo = new Map<string, number>();

  /** Which byte and bits to switch on; only positions every candidate has. */
  function choose(cs: number[]): { pos: number; bits: number } {
    let minLen = Infinity;
    for (const c of cs) minLen = Math.min(minLen, lengths[c]);
    // Bits fixed by every candidate that split them.
    for (let p = 0; p < minLen; p++) {
      let common = 0xff;
      let ones = 0;
      let zeros = 0;
      for (const c of cs) {
        const m = mk(c, p);
        common &= m;
        ones |= m & mt(c, p);
        zeros |= m & ~mt(c, p);
      }
      const bits = common & ones & zeros;
      if (bits !== 0) return { pos: p, bits };
    }
    // Else the splitting bit fixed by the most candidates, with every other
    // splitting bit of that byte that all those candidates fix too.
    let best = { pos: -1, bit: 0, count: 0 };
    for (let p = 0; p < minLen; p++) {
      for (let b = 7; b >= 0; b--) {
        const bit = 1 << b;
        let count = 0;
        let ones = 0;
        let zeros = 0;
        for (const c of cs) {
          if ((mk(c, p) & bit) === 0) continue;
          count++;
          if ((mt(c, p) & bit) !== 0) ones++;
          else zeros++;
        }
        if (ones > 0 && zeros > 0 && count > best.count) best = { pos: p, bit, count };
      }
    }
    if (best.pos < 0) {
      // No bit tells them apart over their common length: the encodings overlap.
      throw new Error(`decoder: encodings ${cs.join(', ')} overlap (the spec loader should have rejected them)`);
    }
    const p = best.pos;
    let common = 0xff;
    let ones = 0;
    let zeros = 0;
    for (const c of cs) {
      const m = mk(c, p);
      if ((m & best.bit) === 0) continue;
      common &= m;
      ones |= m & mt(c, p);
      zeros |= m & ~mt(c, p);
    }
    return { pos: p, bits: common & ones & zeros };
  }

  function make(cs: number[]): number {
    if (cs.length === 0) return ILLEGAL;
    if (cs.length === 1) return leaf(cs[0]);
    const key = cs.join(',');
    const seen = memo.get(key);
    if (seen !== undefined) return seen;

    const { pos, bits } = choose(cs);
    let shift = 0;
    while (((bits >> shift) & 1) === 0) shift++;
    const imask = bits >> shift;
    const size = imask + 1; // <= 256: one byte's bits
    const node = nodes.length / STRIDE;
    const tableAt = table.alloc(size, ILLEGAL);
    const candAt = cands.length;
    for (const c of cs) cands.push(c);
    for (const v of [pos, shift, imask, tableAt, candAt, cs.length]) nodes.push(v);
    memo.set(key, node);

    for (let idx = 0; idx < size; idx++) {
      // Indexes with bits outside the mask are never produced; they stay ILLEGAL.
      if ((idx & ~imask) !== 0) continue;
      const val = idx << shift;
      const sub = cs.filter((c) => ((val ^ mt(c, pos)) & mk(c, pos) & bits) === 0);
      if (sub.length === cs.length) throw new Error('decoder: internal error, a node that does not split');
      table.set(tableAt + idx, make(sub));
    }
    return node;
  }

  const all: number[] = [];
  for (let i = 0; i < n; i++) if (lengths[i] > 0) all.push(i);
  const root = make(all);
  return {
    root,
    nodes: nodes.done(),
    table: table.done(),
    cands: cands.done(),
    lengths,
    byteStart,
    masks,
    matches,
  };
}

/**
 * Walk the tree. Returns a variant id (>= 0) whose whole encoding matches
 * within `avail` bytes, ILLEGAL, or -1 - need when the available bytes end
 * before the instruction does (need > avail). `avail` must already be
 * clamped to the array.
 */
export function lookup(t: DecodeTree, bytes: Uint8Array, offset: number, avail: number): number {
  const nodes = t.nodes;
  const table = t.table;
  let e = t.root;
  while (e >= 0) {
    const o = e * STRIDE;
    const p = nodes[o + POS];
    if (p >= avail) return shortAt(t, nodes[o + CANDS], nodes[o + NCANDS], bytes, offset, avail);
    e = table[nodes[o + TABLE] + ((bytes[offset + p] >>> nodes[o + SHIFT]) & nodes[o + IMASK])];
  }
  if (e === ILLEGAL) return ILLEGAL;
  const id = -2 - e;
  const len = t.lengths[id];
  const n = len < avail ? len : avail;
  const s = t.byteStart[id];
  const masks = t.masks;
  const matches = t.matches;
  for (let i = 0; i < n; i++) {
    if ((bytes[offset + i] & masks[s + i]) !== matches[s + i]) return ILLEGAL;
  }
  return len > avail ? -1 - len : id;
}

/**
 * A node needs a byte past the available ones: short if some candidate agrees
 * with every available byte (all are longer than avail, since a node only
 * reads positions every candidate has), else illegal.
 */
function shortAt(t: DecodeTree, at: number, count: number, bytes: Uint8Array, offset: number, avail: number): number {
  let need = Infinity;
  for (let k = 0; k < count; k++) {
    const c = t.cands[at + k];
    const s = t.byteStart[c];
    let ok = true;
    for (let i = 0; i < avail && ok; i++) ok = (bytes[offset + i] & t.masks[s + i]) === t.matches[s + i];
    if (ok && t.lengths[c] < need) need = t.lengths[c];
  }
  return need === Infinity ? ILLEGAL : -1 - need;
}

/** Size figures, for tests and `xlat spec` reports. */
export function treeStats(t: DecodeTree): { nodes: number; tableEntries: number; maxDepth: number } {
  const depth = (e: number, seen: Map<number, number>): number => {
    if (e < 0) return 0;
    const known = seen.get(e);
    if (known !== undefined) return known;
    const o = e * STRIDE;
    let d = 0;
    for (let i = 0; i <= t.nodes[o + IMASK]; i++) d = Math.max(d, depth(t.table[t.nodes[o + TABLE] + i], seen));
    seen.set(e, d + 1);
    return d + 1;
  };
  return { nodes: t.nodes.length / STRIDE, tableEntries: t.table.length, maxDepth: depth(t.root, new Map()) };
}
