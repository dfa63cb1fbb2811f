// `xlat explain`: what the translator makes of a program, block by block —
// the guest instructions, the IR as lifted, the IR after optimization and the
// host code — starting at the entry point (or --at) and following the direct
// successors, without running the program (src/cli/block-log.ts formats the
// blocks; `xlat run -d in_asm,op,op_opt,out_asm` logs the same for each block
// a run translates, as qemu's -d does).

import { HOST_LAYOUT, generateBlock } from '../codegen/index.js';
import { CODE_BASE, planBlock } from '../dbt/index.js';
import { buildDecoder, symbolMap } from '../decode/index.js';
import { liftBlock, type IrBlock } from '../ir/index.js';
import { createProcess } from '../os/index.js';
import { XlatError, loadHost } from '../spec/index.js';
import { ALL_SECTIONS, formatBlock } from './block-log.js';
import { loadProgram } from './program.js';
import { readTranslated } from '../aot/index.js';

export interface ExplainOptions {
  at?: string;
  host?: string;
  blocks?: number;
  isa?: string;
}

export async function explainCommand(file: string, opts: ExplainOptions): Promise<string> {
  const prog = await loadProgram(file, opts.isa);
  if (await readTranslated(prog.image, file)) {
    throw new XlatError(`${file}: made by xlat translate: explain the guest program it came from (xlat disasm lists this file's host code)`);
  }
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
    else if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(opts.at)) {
      if (Number(opts.at) > 0xffffffff) throw new XlatError(`--at ${opts.at}: not a 32-bit address`);
      start = Number(opts.at) >>> 0;
    }
    else throw new XlatError(`--at ${opts.at}: no such label in ${file} (give a label or an address)`);
  }
  const decoder = buildDecoder(guest);
  const cx = { guest, host, decoder, memory: M, names };
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
    const code = generateBlock(host, guest, plan.optimized, at, { smcChecks: false, markLazy: plan.lazy ? HOST_LAYOUT.LAZY_OFFSET : undefined, chargeOnly: !plan.checkBudget });
    at = (code.at + code.bytes.length + 7) & ~7;
    out.push(...formatBlock(cx, { pc, ir, plan, code }, ALL_SECTIONS));
    for (const s of succ) if (!seen.has(s)) queue.push(s);
  }
  return out.join('\n') + '\n';
}

export type { IrBlock };
