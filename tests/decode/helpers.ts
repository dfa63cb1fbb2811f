// Shared helpers for the decoder and disassembler tests: the two ISAs with
// their decoders, byte strings from hex, risc32 words from fields, and the
// brute-force reference decoder the tree is checked against.

import { buildDecoder } from '../../src/decode/decoder.js';
import { formatInsn } from '../../src/decode/disasm.js';
import { isDecoded, type Decoded, type DecodeResult, type Decoder, type Encoding } from '../../src/decode/types.js';
import { loadIsa } from '../../src/spec/load.js';
import type { IsaModel } from '../../src/spec/model.js';

export interface Loaded {
  isa: IsaModel;
  dec: Decoder;
}

const loaded = new Map<string, Promise<Loaded>>();

export function load(name: 'cisc32' | 'risc32' | 'stack32'): Promise<Loaded> {
  let p = loaded.get(name);
  if (!p) {
    p = loadIsa(name).then((isa) => ({ isa, dec: buildDecoder(isa) }));
    loaded.set(name, p);
  }
  return p;
}

/** "01 C8" -> bytes. */
export function bytes(hex: string): Uint8Array {
  const t = hex.trim();
  return Uint8Array.from(t === '' ? [] : t.split(/\s+/).map((x) => parseInt(x, 16)));
}

export function hexOf(b: ArrayLike<number>): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/** A little-endian 32-bit word as bytes. */
export function le32(w: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, w >>> 0, true);
  return b;
}

// risc32 formats (manual §2), written out here independently of the spec.
export const rMem = (op: number, ra: number, rb: number, disp: number): number =>
  ((op << 26) | (ra << 21) | (rb << 16) | (disp & 0xffff)) >>> 0;
export const rOp = (op: number, ra: number, rb: number, func: number, rc: number): number =>
  ((op << 26) | (ra << 21) | (rb << 16) | (func << 5) | rc) >>> 0;
export const rLit = (op: number, ra: number, lit: number, func: number, rc: number): number =>
  ((op << 26) | (ra << 21) | (lit << 13) | (1 << 12) | (func << 5) | rc) >>> 0;
export const rBr = (op: number, ra: number, disp: number): number => ((op << 26) | (ra << 21) | (disp & 0x1fffff)) >>> 0;
export const rSys = (func: number): number => func >>> 0;

/** Decode a whole byte string at addr, expecting an instruction. */
export function decodeAll(l: Loaded, b: Uint8Array, addr = 0x1000): Decoded {
  const r = l.dec.decode(b, 0, b.length, addr);
  if (!isDecoded(r)) throw new Error(`${hexOf(b)} did not decode: ${JSON.stringify(r)}`);
  return r;
}

/** Mnemonic-and-operands text of a byte string, or '(illegal)' / '(short N)'. */
export function textOf(l: Loaded, b: Uint8Array, addr = 0x1000, symbolAt?: (a: number) => string | undefined): string {
  const r = l.dec.decode(b, 0, b.length, addr);
  if (r === null) return '(illegal)';
  if (!isDecoded(r)) return `(short ${r.need})`;
  if (r.length !== b.length) return `(length ${r.length} of ${b.length})`;
  return formatInsn(l.isa, r, addr, symbolAt);
}

/**
 * The reference: every variant checked in turn. With `avail` bytes: the
 * variant whose whole encoding matches within them; else short (need = the
 * shortest longer variant agreeing with every available byte); else illegal.
 */
export function bruteForce(encs: readonly Encoding[], b: ArrayLike<number>, avail: number): { id: number } | { need: number } | null {
  const agrees = (e: Encoding, n: number): boolean => {
    for (let i = 0; i < n; i++) if ((b[i] & e.mask[i]) !== (e.match[i] & e.mask[i])) return false;
    return true;
  };
  const full = encs.flatMap((e, id) => (e.length <= avail && agrees(e, e.length) ? [id] : []));
  if (full.length > 1) throw new Error(`encodings ${full.join(', ')} overlap`);
  if (full.length === 1) return { id: full[0] };
  let need = Infinity;
  for (const e of encs) if (e.length > avail && agrees(e, avail)) need = Math.min(need, e.length);
  return need === Infinity ? null : { need };
}

/** A decode result in the reference's shape. */
export function shapeOf(r: DecodeResult): { id: number } | { need: number } | null {
  if (r === null) return null;
  return isDecoded(r) ? { id: r.variant } : { need: r.need };
}
