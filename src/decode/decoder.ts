// The decoder: the decision tree finds the variant; a per-variant plan,
// made once when the decoder is built, reads its tokens (through
// spec/bits.ts, the code the encoder uses too), extracts its fields (as
// bits.ts fieldFromToken does, compiled: see fields.ts) and computes its
// derived values.

import { tokenValue } from '../spec/bits.js';
import type { Endian, IsaModel, Transform, Variant } from '../spec/model.js';
import { compileFields, runFields, type FieldProgram } from './fields.js';
import { buildTree, ILLEGAL, lookup, type DecodeTree } from './tree.js';
import type { Decoded, DecodedLike, DecodeResult, Decoder, Short } from './types.js';

/** A derived value from the fields, the instruction's address and its length. */
type ValueFn = (fields: Int32Array, addr: number, length: number) => number;

interface Plan {
  variant: Variant;
  fields: FieldProgram;
  values: ValueFn[];
}

function compileTransform(t: Transform, v: Variant): ValueFn {
  switch (t.kind) {
    case 'field': {
      const i = v.fields.findIndex((f) => f.name === t.field);
      if (i < 0) throw new Error(`decoder: value of '${v.mnemonic}' uses unknown field '${t.field}'`);
      return (f) => f[i];
    }
    case 'scale': {
      const a = compileTransform(t.arg, v);
      const by = t.by;
      return (f, addr, len) => Math.imul(a(f, addr, len), by);
    }
    case 'shl': {
      const a = compileTransform(t.arg, v);
      const by = t.by;
      return (f, addr, len) => a(f, addr, len) << by;
    }
    case 'add': {
      const a = compileTransform(t.arg, v);
      const by = t.by;
      return (f, addr, len) => (a(f, addr, len) + by) | 0;
    }
    case 'pcrel': {
      const a = compileTransform(t.arg, v);
      return (f, addr, len) => (addr + len + a(f, addr, len)) | 0;
    }
  }
}

/**
 * The tree and the compiled field extractors of a model, built once and
 * shared by all its decoders (they are immutable; each decoder keeps its own
 * scratch state): a run builds several decoders of the same model.
 */
const parts = new WeakMap<IsaModel, { tree: DecodeTree; plans: Plan[] }>();

function sharedParts(isa: IsaModel): { tree: DecodeTree; plans: Plan[] } {
  let p = parts.get(isa);
  if (!p) {
    p = {
      tree: buildTree(isa.variants),
      plans: isa.variants.map((v) => ({
        variant: v,
        fields: compileFields(v.fields),
        values: v.values.map((x) => compileTransform(x.transform, v)),
      })),
    };
    parts.set(isa, p);
  }
  return p;
}

class TreeDecoder implements Decoder {
  readonly maxLength: number;
  private readonly tree: DecodeTree;
  private readonly plans: Plan[];
  private readonly endian: Endian;
  /** One frozen Short per `need`, so a short fetch allocates nothing. */
  private readonly shorts: Short[] = [];
  /** Token values of the instruction being decoded. */
  private toks: Float64Array;

  constructor(isa: IsaModel) {
    this.endian = isa.endian;
    ({ tree: this.tree, plans: this.plans } = sharedParts(isa));
    this.maxLength = isa.variants.reduce((m, v) => Math.max(m, v.length), 0);
    this.toks = new Float64Array(Math.max(1, ...isa.variants.map((v) => v.tokens.length)));
    for (let i = 0; i <= this.maxLength + 1; i++) this.shorts.push(Object.freeze({ kind: 'short', need: i }) as Short);
  }

  decode(bytes: Uint8Array, offset: number, avail: number, addr: number): DecodeResult {
    offset = Math.trunc(offset) || 0;
    const room = offset >= 0 ? bytes.length - offset : 0;
    avail = Math.trunc(avail) || 0;
    if (avail > room) avail = room;
    if (avail < 0) avail = 0;
    const r = lookup(this.tree, bytes, offset, avail);
    if (r >= 0) return this.extract(r, bytes, offset, addr | 0);
    if (r === ILLEGAL) return null;
    const need = -1 - r;
    return this.shorts[need] ?? { kind: 'short', need };
  }

  private extract(id: number, bytes: Uint8Array, offset: number, addr: number): Decoded {
    const plan = this.plans[id];
    const v = plan.variant;
    const toks = this.toks;
    for (let i = 0; i < v.tokens.length; i++) toks[i] = tokenValue(bytes, offset, v.tokens[i], this.endian);
    const fields = new Int32Array(v.fields.length);
    runFields(plan.fields, toks, fields);
    const values: number[] = [];
    for (let i = 0; i < plan.values.length; i++) values.push(plan.values[i](fields, addr, v.length));
    return { variant: id, length: v.length, fields, values };
  }
}

/** Build the decoder for an ISA: the decision tree over all its variants. */
export function buildDecoder(isa: IsaModel): Decoder {
  return new TreeDecoder(isa);
}

/** The value of field `name` of a decoded instruction of `variant`. */
export function fieldValue(d: DecodedLike, variant: Variant, name: string): number {
  const i = variant.fields.findIndex((f) => f.name === name);
  if (i < 0) throw new Error(`'${variant.mnemonic}' has no field '${name}'`);
  return d.fields[i];
}

/** The derived value (variant.values) `name` of a decoded instruction. */
export function derivedValue(d: DecodedLike, variant: Variant, name: string): number {
  const i = variant.values.findIndex((x) => x.name === name);
  if (i < 0) throw new Error(`'${variant.mnemonic}' has no value '${name}'`);
  return d.values[i];
}

/** A template's value operand: a derived value, else a plain field. */
export function operandValue(d: DecodedLike, variant: Variant, name: string): number {
  const i = variant.values.findIndex((x) => x.name === name);
  return i >= 0 ? d.values[i] : fieldValue(d, variant, name);
}
