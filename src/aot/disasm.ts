// `xlat disasm` of a translated file: the host code block by block, each
// headed by the guest address (and symbol) it came from, with the guest
// instruction each stretch of host code was made from; branches to other
// blocks are named by their guest address. Then the guest's own code, in
// the guest's assembly language.

import { buildDecoder, disassemble, formatInsn, isDecoded, symbolMap } from '../decode/index.js';
import type { Translated } from './translated.js';
import { CODE_SECTION } from './format.js';

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
const hex2 = (b: number) => b.toString(16).padStart(2, '0');

function line(addr: number, bytes: Uint8Array, text: string): string {
  return `${(addr >>> 0).toString(16).padStart(8)}:\t${Array.from(bytes, hex2).join(' ').padEnd(21)}\t${text}`;
}

export function disassembleTranslated(t: Translated): string {
  const { guest, host, guestImage, code, blocks, note } = t;
  const hostDec = buildDecoder(host);
  const guestDec = buildDecoder(guest);
  const names = symbolMap(guestImage.symbols);
  const blockName = new Map<number, string>();
  for (const b of blocks) blockName.set(b.hostAt, `block_${hex8(b.guestPc)}`);
  const guestText = (pc: number): string => {
    const seg = guestImage.segments.find((s) => pc >= s.vaddr && pc < s.vaddr + s.data.length);
    if (!seg) return '(not in the file)';
    const off = pc - seg.vaddr;
    const d = guestDec.decode(seg.data, off, Math.min(guest.maxLength, seg.data.length - off), pc);
    return isDecoded(d) ? formatInsn(guest, d, pc, (a) => names.get(a >>> 0)) : '(bad)';
  };
  const out: string[] = [
    `${CODE_SECTION}: ${guest.name} translated to ${host.name} by xlat translate: ${blocks.length} blocks, ${code.length} bytes of host code at 0x${hex8(note.codeAt)}`,
    '',
    `Disassembly of section ${CODE_SECTION} (${host.name}):`,
  ];
  const unit = Math.max(1, host.insnAlign);
  for (const b of [...blocks].sort((x, y) => x.hostAt - y.hostAt)) {
    const sym = names.get(b.guestPc);
    const insns = b.pcMap.length;
    const count = b.count ? `, entered ${b.count} times when profiled` : '';
    out.push('', `${hex8(b.hostAt)} <block_${hex8(b.guestPc)}>: guest 0x${hex8(b.guestPc)}${sym ? ` <${sym}>` : ''}, ${insns} guest instruction${insns === 1 ? '' : 's'}${count}`);
    const starts = new Map(b.pcMap.map((m) => [m.hostStart, m.guestPc]));
    let pos = b.hostAt - note.codeAt;
    const end = pos + b.size;
    while (pos < end) {
      const addr = note.codeAt + pos;
      const g = starts.get(addr);
      if (g !== undefined) out.push(`${''.padStart(9)}\t${''.padEnd(21)}\t; 0x${hex8(g)}: ${guestText(g)}`);
      const d = hostDec.decode(code, pos, end - pos, addr);
      if (isDecoded(d)) {
        out.push(line(addr, code.subarray(pos, pos + d.length), formatInsn(host, d, addr, (a) => blockName.get(a >>> 0))));
        pos += d.length;
      } else {
        const n = Math.min(unit, end - pos);
        out.push(line(addr, code.subarray(pos, pos + n), '(bad)'));
        pos += n;
      }
    }
  }
  const guestPart = disassemble(guest, guestImage);
  return `${out.join('\n')}\n${guestPart ? `\nGuest code (${guest.name}):\n\n${guestPart}` : ''}`;
}
