// Operands of a decoded instruction as the disassembler sees them: each
// syntax template resolved to registers (state slots) and values, and then
// printed in the assembly language every xlat ISA shares, so that what is
// printed assembles back to the same bytes.

import type { IsaModel, OperandTemplate, Variant } from '../spec/model.js';
import { fieldValue, operandValue } from './decoder.js';
import type { DecodedLike } from './types.js';

/** An operand with its numbers filled in. */
export type Resolved =
  | { kind: 'reg'; slot: number } // slot -1: a field value with no register in its file
  | { kind: 'value'; value: number; pcrel: boolean; enumName?: string }
  | { kind: 'mem'; style: 'bracket' | 'paren'; base: Resolved; disp: Resolved | null }
  | { kind: 'prefixed'; prefix: string; inner: Resolved };

/** Maps an address to the name of a symbol there, if any. */
export type SymbolAt = (addr: number) => string | undefined;

export function resolveOperand(isa: IsaModel, v: Variant, d: DecodedLike, t: OperandTemplate): Resolved {
  switch (t.kind) {
    case 'reg': {
      const f = v.fields.find((x) => x.name === t.field);
      const file = f?.regFile === undefined ? undefined : isa.files.find((x) => x.name === f.regFile);
      const slot = file?.slots[fieldValue(d, v, t.field)];
      return { kind: 'reg', slot: slot ?? -1 };
    }
    case 'fixedreg':
      return { kind: 'reg', slot: t.slot };
    case 'value': {
      const f = v.fields.find((x) => x.name === t.name);
      const isDerived = v.values.some((x) => x.name === t.name);
      const enumName = !isDerived && f?.enumName !== undefined ? f.enumName : undefined;
      const value = operandValue(d, v, t.name);
      return enumName === undefined ? { kind: 'value', value, pcrel: t.pcrel } : { kind: 'value', value, pcrel: t.pcrel, enumName };
    }
    case 'mem':
      return {
        kind: 'mem',
        style: t.style,
        base: resolveOperand(isa, v, d, t.base),
        disp: t.disp === null ? null : resolveOperand(isa, v, d, t.disp),
      };
    case 'prefixed':
      return { kind: 'prefixed', prefix: t.prefix, inner: resolveOperand(isa, v, d, t.inner) };
  }
}

/** An immediate: decimal from -9 to 9, else hex with its sign (0x1f, -0x10). */
export function formatImm(n: number): string {
  n |= 0;
  if (n >= -9 && n <= 9) return String(n);
  return n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

/** An address: unsigned hex. */
export function formatAddr(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

const IDENT = /^[A-Za-z_.][A-Za-z0-9_.$]*$/;

/**
 * A symbol name usable in place of an address: an identifier that is no
 * register name or operand prefix (which would read back as those).
 */
export function usableSymbol(isa: IsaModel, name: string | undefined): name is string {
  if (name === undefined || !IDENT.test(name)) return false;
  const low = name.toLowerCase();
  return isa.regNames[low] === undefined && !isa.operandPrefixes.includes(low);
}

export function formatResolved(isa: IsaModel, r: Resolved, symbolAt?: SymbolAt): string {
  switch (r.kind) {
    case 'reg':
      return r.slot >= 0 && r.slot < isa.registers.length ? isa.registers[r.slot].name : '?';
    case 'value': {
      if (r.pcrel) {
        const name = symbolAt?.(r.value >>> 0);
        return usableSymbol(isa, name) ? name : formatAddr(r.value);
      }
      if (r.enumName !== undefined) {
        const e = isa.enums.find((x) => x.name === r.enumName)?.values.find((x) => x.value === r.value);
        if (e !== undefined) return e.names[0];
      }
      return formatImm(r.value);
    }
    case 'mem': {
      const base = formatResolved(isa, r.base, symbolAt);
      if (r.style === 'paren') return r.disp === null ? `(${base})` : `${formatResolved(isa, r.disp, symbolAt)}(${base})`;
      if (r.disp === null) return `[${base}]`;
      const disp = formatResolved(isa, r.disp, symbolAt);
      // A negative displacement reads `[r3 - 4]`; the sign belongs to the expression.
      return disp.startsWith('-') ? `[${base} - ${disp.slice(1)}]` : `[${base} + ${disp}]`;
    }
    case 'prefixed':
      return `${r.prefix} ${formatResolved(isa, r.inner, symbolAt)}`;
  }
}
