// From the value an operand stands for to the bits of its field: the spec's
// transform run backwards (pc-relative, scaled, shifted, offset), then the
// fit rule of the manuals, so that every assembler picks the same form.

import { fieldFits } from '../spec/bits.js';
import type { Field, Transform } from '../spec/model.js';
import { inValueRange, outOfRange } from './isa-operand.js';

export type Solved = { ok: true; raw: number } | { ok: false; why: string };

/** What a message about a value names: the instruction and the spec's name of the value. */
export interface ValueRole {
  mnemonic: string;
  name: string;
}

/**
 * The field value that makes `transform` give `v` at an instruction whose
 * next instruction is at `npc`.
 *
 * A signed (or full-width) field works modulo 2^32, so 0xFFFFFFFF fits a
 * signed byte as -1 — the manual's "equals the sign extension of its low
 * byte". A narrower unsigned field takes the value as written, so a shift
 * count of 256 or -1 is an error and not wrapped.
 */
export function solveField(v: number, field: Field, transform: Transform, npc: number, role: ValueRole): Solved {
  if (!inValueRange(v)) return { ok: false, why: outOfRange(v) };
  const modular = field.signed || field.bits >= 32;
  let x = modular ? v | 0 : v;
  let pcrel = false;
  const steps: Transform[] = [];
  for (let t = transform; t.kind !== 'field'; t = t.arg) steps.push(t);
  for (const t of steps) {
    switch (t.kind) {
      case 'pcrel':
        // A target is reached by wrapping around the 32-bit address space too.
        x = (x - npc) | 0;
        pcrel = true;
        break;
      case 'add':
        x = modular ? (x - t.by) | 0 : x - t.by;
        break;
      case 'scale':
      case 'shl': {
        const by = t.kind === 'scale' ? t.by : 2 ** t.by;
        if (x % by !== 0) return { ok: false, why: notMultiple(v, x, by, pcrel, role) };
        x = x / by;
        break;
      }
    }
  }
  if (!fieldFits(field, x)) {
    const [lo, hi] = valueRange(field, steps);
    if (pcrel) return { ok: false, why: `${role.mnemonic} target out of reach (${(v - npc) | 0} bytes, ${lo}..${hi})` };
    return { ok: false, why: `value ${v} does not fit '${role.mnemonic}' ${role.name} (${lo}..${hi})` };
  }
  return { ok: true, raw: field.bits >= 32 ? x >>> 0 : x };
}

function notMultiple(v: number, x: number, by: number, pcrel: boolean, role: ValueRole): string {
  if (pcrel) return `${role.mnemonic} target is ${x} bytes from the next instruction, not a multiple of ${by}`;
  return `value ${v} of '${role.mnemonic}' ${role.name} is not a multiple of ${by}`;
}

/** The values the field can stand for, through the transform (pc-relative ones as byte offsets). */
function valueRange(field: Field, steps: Transform[]): [number, number] {
  let lo: number;
  let hi: number;
  if (field.bits >= 32) [lo, hi] = field.signed ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
  else if (field.signed) [lo, hi] = [-(2 ** (field.bits - 1)), 2 ** (field.bits - 1) - 1];
  else [lo, hi] = [0, 2 ** field.bits - 1];
  for (let i = steps.length - 1; i >= 0; i--) {
    const t = steps[i];
    if (t.kind === 'scale') [lo, hi] = [lo * t.by, hi * t.by];
    else if (t.kind === 'shl') [lo, hi] = [lo * 2 ** t.by, hi * 2 ** t.by];
    else if (t.kind === 'add') [lo, hi] = [lo + t.by, hi + t.by];
  }
  return lo <= hi ? [lo, hi] : [hi, lo];
}
