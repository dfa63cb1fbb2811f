// Addresses and sizes, then bytes. Every instruction size is chosen by the
// fixed-point rule of the cisc32 manual §7, which two assemblers must apply
// alike to give the same bytes: start every slot at its shortest form, lay the
// whole program out, grow each slot whose form does not fit (to its next form
// that fits, judged on that same layout), never shrink one, and repeat until
// a pass grows nothing.

import { errorAt, XlatError } from '../spec/diagnostic.js';
import type { Endian } from '../elf/image.js';
import type { Evaluator, Form } from './types.js';
import type { Item, Section } from './sections.js';
import type { SymbolTable } from './symbols.js';

/** Where .text starts, and the boundary every later section starts on (cisc32 manual §8). */
export const TEXT_BASE = 0x1000;
export const PAGE = 0x1000;

const WORD_MIN = -(2 ** 31);
const WORD_MAX = 2 ** 32 - 1;

function alignUp(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}

function itemSize(item: Item): number {
  switch (item.kind) {
    case 'label':
      return 0;
    case 'bytes':
      return item.bytes.length;
    case 'zeros':
      return item.size;
    case 'values':
      return item.width * item.exprs.length;
    case 'align':
      return alignUp(item.addr, item.align) - item.addr;
    case 'slot':
      return item.slot.forms[item.form]!.length;
  }
}

/**
 * One layout pass with the slots' current forms: sets every section's base
 * and size and every item's address; returns the label addresses.
 */
export function place(sections: Section[]): Map<string, number> {
  const labels = new Map<string, number>();
  let next = TEXT_BASE;
  for (const sec of sections) {
    sec.base = alignUp(next, PAGE);
    let addr = sec.base;
    for (const item of sec.items) {
      item.addr = addr;
      if (item.kind === 'label') labels.set(item.name, addr);
      addr += itemSize(item);
    }
    sec.size = addr - sec.base;
    next = addr;
  }
  return labels;
}

/**
 * A fit check; a check that throws is taken as fitting, so that the error
 * it stands for is reported once, by encode, and not by a grown form.
 */
function fits(form: Form, ev: Evaluator, addr: number): boolean {
  try {
    return form.fits(ev, addr) === null;
  } catch (err) {
    if (err instanceof XlatError) return true;
    throw err;
  }
}

export interface Relaxed {
  /** Label addresses of the final layout. */
  labels: Map<string, number>;
  /** Evaluator over the final layout. */
  ev: Evaluator;
  passes: number;
}

/** Grows slots to the fixed point; leaves `sections` placed by the final layout. */
export function relax(sections: Section[], symbols: SymbolTable): Relaxed {
  const slots = sections.flatMap((s) => s.items).filter((i) => i.kind === 'slot');
  for (let passes = 1; ; passes++) {
    const labels = place(sections);
    const ev = symbols.evaluator(labels);
    let grew = false;
    for (const item of slots) {
      const { forms } = item.slot;
      if (fits(forms[item.form]!, ev, item.addr)) continue;
      // The next form that fits; the longest if none does (encode then says why).
      let next = item.form + 1;
      while (next < forms.length - 1 && !fits(forms[next]!, ev, item.addr)) next++;
      if (next < forms.length) {
        item.form = next;
        grew = true;
      }
    }
    if (!grew) return { labels, ev, passes };
  }
}

/**
 * The file bytes of a placed section (none for NOBITS). Values that do not fit
 * are reported through `report` and leave zeros, so encoding goes on to find
 * every other error.
 */
export function encodeSection(
  sec: Section,
  ev: Evaluator,
  endian: Endian,
  report: (err: unknown) => void,
  /** Instructions must start at a multiple of this (risc32: 4): data before one must keep it aligned. */
  insnAlign = 1,
): Uint8Array {
  if (sec.nobits) return new Uint8Array(0);
  const out = new Uint8Array(sec.size);
  const view = new DataView(out.buffer);
  for (const item of sec.items) {
    const off = item.addr - sec.base;
    switch (item.kind) {
      case 'bytes':
        out.set(item.bytes, off);
        break;
      case 'values':
        item.exprs.forEach((e, k) => {
          try {
            const v = ev.evalFinal(e);
            const [lo, hi] = item.width === 1 ? [-128, 255] : [WORD_MIN, WORD_MAX];
            if (v < lo || v > hi) throw errorAt(e.loc, `${item.directive} value ${v} out of range ${lo}..${hi}`);
            if (item.width === 1) out[off + k] = v & 0xff;
            else view.setUint32(off + 4 * k, v >>> 0, endian === 'little');
          } catch (err) {
            report(err);
          }
        });
        break;
      case 'slot': {
        if (item.addr % insnAlign !== 0) {
          report(errorAt(item.slot.loc, `instruction at 0x${item.addr.toString(16).padStart(8, '0')} is not at a multiple of ${insnAlign} (data before it? add .align ${insnAlign})`));
          break;
        }
        const form = item.slot.forms[item.form]!;
        let bytes: Uint8Array;
        try {
          bytes = form.encode(ev, item.addr);
        } catch (err) {
          report(err);
          break;
        }
        if (bytes.length !== form.length) {
          throw new Error(`ISA back end bug: a ${form.length}-byte form encoded ${bytes.length} bytes`);
        }
        out.set(bytes, off);
        break;
      }
      case 'label':
      case 'zeros':
      case 'align':
        break; // zeros already
    }
  }
  return out;
}
