// The disassembler: one decoded instruction to text (formatInsn), and a
// whole executable to an objdump-style listing (disassemble). Everything is
// printed from the variant's own syntax template, so every ISA gets the
// same assembly language its assembler reads.

import type { ElfImage, ElfSegment, ElfSymbol } from '../elf/image.js';
import type { IsaModel } from '../spec/model.js';
import { isCanonical } from './canonical.js';
import { buildDecoder } from './decoder.js';
import { formatAsPseudo } from './pseudos.js';
import { formatResolved, resolveOperand, type SymbolAt } from './operands.js';
import { isDecoded, type DecodedLike, type Decoder } from './types.js';

/**
 * Text of one decoded instruction at `addr`; pc-relative targets print as a
 * symbol exactly there, if any. (The decoded values already include addr;
 * it is part of the signature so that callers need not know that.)
 */
export function formatInsn(isa: IsaModel, d: DecodedLike, _addr: number, symbolAt?: SymbolAt): string {
  const v = isa.variants[d.variant];
  const ops = v.operands.map((t) => resolveOperand(isa, v, d, t));
  // A pseudo-instruction stands for its expansion's exact bytes: not for a word with ignored bits set.
  const pseudo = isCanonical(isa, d) ? formatAsPseudo(isa, v, ops, symbolAt) : undefined;
  if (pseudo !== undefined) return pseudo;
  if (ops.length === 0) return v.mnemonic;
  return `${v.mnemonic} ${ops.map((r) => formatResolved(isa, r, symbolAt)).join(', ')}`;
}

export interface DisassembleOptions {
  /** Print `<symbol>` lines and symbolic branch targets (default true). */
  symbols?: boolean;
  /** A decoder already built for this ISA (else one is built). */
  decoder?: Decoder;
}

/** Which symbol to show where several share an address: globals, then functions, then by name. */
function better(a: ElfSymbol, b: ElfSymbol): boolean {
  if (a.global !== b.global) return a.global;
  if ((a.kind === 'func') !== (b.kind === 'func')) return a.kind === 'func';
  return a.name < b.name;
}

/** Address -> the symbol shown there. Absolute symbols (.equ constants) are no addresses. */
export function symbolMap(symbols: readonly ElfSymbol[]): Map<number, string> {
  const best = new Map<number, ElfSymbol>();
  for (const s of symbols) {
    if (s.section === undefined || s.name === '') continue;
    const at = s.value >>> 0;
    const old = best.get(at);
    if (old === undefined || better(s, old)) best.set(at, s);
  }
  return new Map([...best].map(([a, s]) => [a, s.name]));
}

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

function line(addr: number, bytes: Uint8Array, text: string): string {
  const hex = Array.from(bytes, hex2).join(' ');
  return `${(addr >>> 0).toString(16).padStart(8)}:\t${hex.padEnd(21)}\t${text}`;
}

function listSegment(isa: IsaModel, dec: Decoder, seg: ElfSegment, names: Map<number, string>, useSymbols: boolean): string[] {
  const out = [`Disassembly of section ${seg.name}:`];
  const data = seg.data;
  const at = (pos: number): number => (seg.vaddr + pos) >>> 0;
  const symbolAt: SymbolAt | undefined = useSymbols ? (a) => names.get(a >>> 0) : undefined;
  if (!useSymbols || !names.has(at(0))) out.push('', `${at(0).toString(16).padStart(8, '0')} <${seg.name}>:`);
  const unit = Math.max(1, isa.insnAlign);
  let pos = 0;
  while (pos < data.length) {
    const addr = at(pos);
    const name = useSymbols ? names.get(addr) : undefined;
    if (name !== undefined) out.push('', `${addr.toString(16).padStart(8, '0')} <${name}>:`);
    const r = dec.decode(data, pos, data.length - pos, addr);
    if (isDecoded(r)) {
      out.push(line(addr, data.subarray(pos, pos + r.length), formatInsn(isa, r, addr, symbolAt)));
      pos += r.length;
    } else if (r === null) {
      const n = Math.min(unit, data.length - pos);
      out.push(line(addr, data.subarray(pos, pos + n), '(bad)'));
      pos += n;
    } else {
      // The instruction runs off the end of the segment.
      out.push(line(addr, data.subarray(pos), '(bad)'));
      pos = data.length;
    }
  }
  return out;
}

/** An objdump -d style listing of every executable segment of an image. */
export function disassemble(isa: IsaModel, image: ElfImage, opts: DisassembleOptions = {}): string {
  const dec = opts.decoder ?? buildDecoder(isa);
  const useSymbols = opts.symbols ?? true;
  const names = symbolMap(image.symbols);
  const parts: string[] = [];
  for (const seg of image.segments) {
    if (!seg.flags.x) continue;
    parts.push(listSegment(isa, dec, seg, names, useSymbols).join('\n'));
  }
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}
