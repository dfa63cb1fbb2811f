// The decoder's plain-data results. A decode happens once per address (the
// interpreter and the translator cache what it gives), so a result is a small
// plain object: the variant's id, its length, and its field and derived
// values in the orders the variant lists them.

/** One decoded instruction (no `kind`: tell it from a Short with `'kind' in r` or isShort). */
export interface Decoded {
  /** Variant id: index into isa.variants. */
  variant: number;
  /** Length in bytes. */
  length: number;
  /**
   * Field values in variant.fields order: signed fields sign-extended, the
   * others zero-extended (a 32-bit field is kept as its int32 bits).
   */
  fields: Int32Array;
  /** Derived values in variant.values order, each an int32 (pc-relative: addr + length + x). */
  values: number[];
}

/** What readers of a decoded instruction need (a Decoded, or a copy kept elsewhere). */
export interface DecodedLike {
  variant: number;
  length: number;
  fields: ArrayLike<number>;
  values: ArrayLike<number>;
}

/**
 * The bytes that could be fetched end before the instruction does: some
 * variant agrees with every available byte but is longer. The caller raises
 * a fetch fault at addr + avail.
 */
export interface Short {
  kind: 'short';
  /** A lower bound on the bytes needed (always > avail): the shortest variant still possible. */
  need: number;
}

/** null: an illegal instruction. */
export type DecodeResult = Decoded | Short | null;

export function isShort(r: DecodeResult): r is Short {
  return r !== null && 'kind' in r;
}

export function isDecoded(r: DecodeResult): r is Decoded {
  return r !== null && !('kind' in r);
}

export interface Decoder {
  /**
   * Decode the instruction at bytes[offset], which lies at address `addr`;
   * `avail` bytes from offset may be fetched (clamped to the array's end).
   * Never throws, whatever the bytes.
   */
  decode(bytes: Uint8Array, offset: number, avail: number, addr: number): DecodeResult;
  /** Longest instruction (bytes). */
  readonly maxLength: number;
}

/** What the tree builder needs of an encoding: per-byte fixed bits, and a length. */
export interface Encoding {
  length: number;
  mask: ArrayLike<number>;
  match: ArrayLike<number>;
}
