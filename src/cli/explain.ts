// `xlat explain`: what the translator makes of a program, block by block —
// the guest instructions, the IR as lifted, the IR after optimization and the
// host code — starting at the entry point (or --at) and following the direct
// successors, without running the program. Like qemu's `-d in_asm,op,out_asm`.

import { HOST_LAYOUT, generateBlock } from '../codegen/index.js';
import { CODE_BASE, planBlock } from '../dbt/index.js';
import { buildDecoder, formatInsn, isDecoded, symbolMap } from '../decode/index.js';
import { liftBlock, printBlock, type IrBlock } from '../ir/index.js';
import { createProcess } from '../os/index.js';
import { XlatError, loadHost } from '../spec/index.js';
import { loadProgram } from './program.js';

export interface ExplainOptions {
  at?: string;
  host?: string;
  blocks?: number;
  isa?: string;
}

const hex = (n: number, w = 8) => (n >>> 0).toString(16).padStart(w, '0');

export async function explainCommand(file: string, opts: ExplainOptions): Promise<string> {
  const prog = await loadProgram(file, opts.isa);
  const host = await loadHost(opts.host);
  if (!host.host) throw new XlatError(`${host.name} cannot be a host: its spec has no lowering rules`);
  const guest = prog.isa;
  const proc = createProcess(prog.image, guest, [file]);
  const M = proc.memory;
  const names = symbolMap(prog.image.symbols);
  let start = proc.pc;
  if (opts.at !== undefined) {
    const sym = prog.image.symbols.find((s) => s.name === opts.at);
    if (sym) start = sym.value >>> 0;
    else if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(opts.at)) start = Number(opts.at) >>> 0;
    else throw new XlatError(`--at ${opts.at}: no such label in ${file} (give a label or an address)`);
  }
  const decoder = buildDecoder(guest);
  const fetch = { bytes: M.u8, avail: (a: number) => M.fetchable(a, guest.maxLength) };
  const lift = (pc: number) => liftBlock(guest, decoder, fetch, pc);
  const limit = opts.blocks ?? 8;
  const queue = [start];
  const seen = new Set<number>();
  const out: string[] = [];
  let at = CODE_BASE;
  while (queue.length && seen.size < limit) {
    const pc = queue.shift()!;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const ir = lift(pc);
    const succ = ir.exit.kind === 'direct' ? [ir.exit.pc] : ir.exit.kind === 'branch' ? [ir.exit.taken, ir.exit.fallthrough] : ir.exit.kind === 'syscall' ? [ir.exit.pc] : [];
    // As the runtime translates it (a run without a step limit, no writable code).
    const plan = planBlock(ir, lift, { acrossBlocks: true, lazy: host.host.rules.some((r) => r.name === 'mark_lazy') });
    const opt = plan.optimized;
    const dead = plan.deadAtExit;
    const code = generateBlock(host, guest, opt, at, { smcChecks: false, markLazy: plan.lazy ? HOST_LAYOUT.LAZY_OFFSET : undefined });
    at = (code.at + code.bytes.length + 7) & ~7;
    const label = names.get(pc);
    out.push(`==== block 0x${hex(pc)}${label ? ` <${label}>` : ''}: ${ir.insns} guest instruction${ir.insns === 1 ? '' : 's'}, ${code.hostInsns} host instructions ====`);
    out.push(`---- guest (${guest.name})`);
    for (let a = pc; a < ir.end; ) {
      const n = M.fetchable(a, guest.maxLength);
      const d = decoder.decode(M.u8, a, n, a);
      if (!isDecoded(d)) break;
      const bytes = Array.from(M.u8.subarray(a, a + d.length), (b) => hex(b, 2)).join(' ');
      out.push(`  ${hex(a)}:  ${bytes.padEnd(30)} ${formatInsn(guest, d, a, (t) => names.get(t))}`);
      a += d.length;
    }
    out.push('---- IR as lifted');
    out.push(indent(printBlock(ir, guest)));
    const names_ = (slots: Iterable<number>) => [...slots].map((s) => guest.registers[s].name).join(' ');
    out.push(`---- IR after optimization (${ir.ops.length} ops -> ${opt.ops.length})${dead && dead.size ? `; dead at exit: ${names_(dead)}` : ''}`);
    out.push(indent(printBlock(opt, guest)));
    if (plan.lazy) out.push(`---- left for the successors, computed by the runtime if one faults first: ${names_(plan.lazy.slots)}`);
    for (const [fpc, r] of plan.atFault ?? []) {
      out.push(`---- left unwritten, computed by the runtime if the instruction at 0x${hex(fpc)} faults: ${names_(r.slots)}`);
    }
    out.push(`---- host code (${host.name}), at 0x${hex(code.at)} in the code cache`);
    out.push(code.listing.trimEnd());
    out.push('');
    for (const s of succ) if (!seen.has(s)) queue.push(s);
  }
  return out.join('\n') + '\n';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export type { IrBlock };
