// One translated block as text, in the sections of qemu's -d log: the guest
// instructions (in_asm), the IR as lifted (op), the IR after optimization
// with what the optimizer left for successors and faults (op_opt), and the
// host code (out_asm). `xlat explain` prints every section of the blocks it
// follows; `xlat run -d` prints the chosen ones of each block as the runtime
// translates it.

import type { HostCode } from '../codegen/index.js';
import type { BlockPlan } from '../dbt/index.js';
import { formatInsn, isDecoded, type Decoder } from '../decode/index.js';
import type { Memory } from '../interp/memory.js';
import { printBlock, type IrBlock } from '../ir/index.js';
import type { IsaModel } from '../spec/index.js';

/** The sections of a block's log. */
export interface BlockSections {
  in_asm: boolean;
  op: boolean;
  op_opt: boolean;
  out_asm: boolean;
}

export const ALL_SECTIONS: BlockSections = { in_asm: true, op: true, op_opt: true, out_asm: true };

/** What the text is made from besides the block: the ISAs, the guest's memory and its symbols. */
export interface BlockContext {
  guest: IsaModel;
  host: IsaModel;
  decoder: Decoder;
  memory: Memory;
  names: Map<number, string>;
}

export interface LoggedBlock {
  pc: number;
  ir: IrBlock;
  plan: BlockPlan;
  code: HostCode;
}

const hex = (n: number, w = 8) => (n >>> 0).toString(16).padStart(w, '0');

/** The block's header line and chosen sections, as lines. */
export function formatBlock(cx: BlockContext, b: LoggedBlock, sections: BlockSections): string[] {
  const { guest, host, memory: M, names } = cx;
  const { pc, ir, plan, code } = b;
  const opt = plan.optimized;
  const out: string[] = [];
  const label = names.get(pc);
  out.push(`==== block 0x${hex(pc)}${label ? ` <${label}>` : ''}: ${ir.insns} guest instruction${ir.insns === 1 ? '' : 's'}, ${code.hostInsns} host instructions ====`);
  if (sections.in_asm) {
    out.push(`---- guest (${guest.name})`);
    for (let a = pc; a < ir.end; ) {
      const n = M.fetchable(a, guest.maxLength);
      const d = cx.decoder.decode(M.u8, a, n, a);
      if (!isDecoded(d)) break;
      const bytes = Array.from(M.u8.subarray(a, a + d.length), (x) => hex(x, 2)).join(' ');
      out.push(`  ${hex(a)}:  ${bytes.padEnd(30)} ${formatInsn(guest, d, a, (t) => names.get(t))}`);
      a += d.length;
    }
  }
  if (sections.op) {
    out.push('---- IR as lifted');
    out.push(indent(printBlock(ir, guest)));
  }
  if (sections.op_opt) {
    const slotNames = (slots: Iterable<number>) => [...slots].map((s) => guest.registers[s].name).join(' ');
    const dead = plan.deadAtExit;
    out.push(`---- IR after optimization (${ir.ops.length} ops -> ${opt.ops.length})${dead && dead.size ? `; dead at exit: ${slotNames(dead)}` : ''}`);
    out.push(indent(printBlock(opt, guest)));
    if (plan.lazy) out.push(`---- left for the successors, computed by the runtime if one faults first: ${slotNames(plan.lazy.slots)}`);
    for (const [fpc, r] of plan.atFault ?? []) {
      out.push(`---- left unwritten, computed by the runtime if the instruction at 0x${hex(fpc)} faults: ${slotNames(r.slots)}`);
    }
  }
  if (sections.out_asm) {
    out.push(`---- host code (${host.name}), at 0x${hex(code.at)} in the code cache`);
    out.push(code.listing.trimEnd());
  }
  out.push('');
  return out;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
