// The interpreter: one guest instruction at a time. Each address is decoded
// once into a handler specialized to that instance (see handlers.ts) and
// cached in a two-level page table; a store to a page holding cached code
// drops that page's handlers, so every fetch sees every earlier store.

import type { IsaModel, Variant } from '../spec/model.js';
import { GuestFault, MemFault } from './fault.js';
import { EXIT, HandlerCache, makeRuntime, regSlots, type Handler } from './handlers.js';
import type { Memory } from './memory.js';

/** The decoder, as the interpreter needs it (see src/decode). */
export interface DecodedInsn {
  variant: number;
  length: number;
  fields: ArrayLike<number>;
  values: ArrayLike<number>;
}
export type DecodeResult = DecodedInsn | null | { kind: 'short'; need: number };
export interface InsnDecoder {
  decode(bytes: Uint8Array, offset: number, avail: number, addr: number): DecodeResult;
}

export interface MachineState {
  memory: Memory;
  /** One slot per register of the spec. Updated in place when a run ends. */
  regs: Int32Array;
  pc: number;
  /** Performs the ABI's system call on a register array; true when the guest exited. */
  syscall: (regs: Int32Array) => boolean;
  /** Registers whose based accesses are privileged (the host machine running translated code; see Kit.priv). */
  priv?: readonly number[];
}

export type StopReason =
  | { kind: 'exit' }
  | { kind: 'fault'; fault: GuestFault }
  | { kind: 'max-steps' };

export interface RunResult {
  stop: StopReason;
  /** Guest instructions completed. */
  steps: number;
}

export interface TraceEvent {
  pc: number;
  variant: Variant;
  decoded: DecodedInsn;
  /** [slot, old, new] for each register that changed */
  changes: Array<[number, number, number]>;
}

const PAGE_BITS = 12;
const PAGE_MASK = (1 << PAGE_BITS) - 1;

function isShort(d: DecodeResult): d is { kind: 'short'; need: number } {
  return d !== null && (d as { kind?: string }).kind === 'short';
}

export class Interpreter {
  private readonly pages: Array<Array<Handler | undefined> | undefined> = new Array(1 << (32 - PAGE_BITS));
  private readonly decodedAt = new Map<number, DecodedInsn>();
  private readonly cache: HandlerCache;
  private readonly R: Int32Array;
  private readonly zeroSlot: number;
  private readonly dumpSlot: number;
  /** Instructions decoded (cache misses), for --stats. */
  decodes = 0;
  /** Keep decoded records by address (only while tracing: the trace prints them). */
  private tracing = false;

  constructor(
    private readonly isa: IsaModel,
    private readonly decoder: InsnDecoder,
    private readonly state: MachineState,
  ) {
    const n = state.regs.length;
    this.zeroSlot = n;
    this.dumpSlot = n + 1;
    this.R = new Int32Array(n + 2);
    this.R.set(state.regs);
    const rt = makeRuntime({ M: state.memory, syscall: (R) => this.syscall(R), priv: privFlags(state.priv, state.regs.length) }, isa, this.zeroSlot, this.dumpSlot);
    this.cache = new HandlerCache(isa, rt);
    state.memory.onCodeWrite = (addr, len) => this.invalidate(addr, len);
  }

  private syscall(R: Int32Array): boolean {
    // The OS sees exactly the spec's registers.
    const regs = this.state.regs;
    regs.set(R.subarray(0, regs.length));
    const exited = this.state.syscall(regs);
    R.set(regs);
    return exited;
  }

  /** Drop cached handlers that may include bytes in [addr, addr+len). */
  private invalidate(addr: number, len: number): void {
    const first = Math.max(0, addr - this.isa.maxLength + 1) >>> PAGE_BITS;
    const last = (addr + Math.max(len, 1) - 1) >>> PAGE_BITS;
    for (let p = first; p <= last; p++) {
      if (this.pages[p] !== undefined) {
        this.pages[p] = undefined;
        if (this.tracing) for (const a of [...this.decodedAt.keys()]) if (a >>> PAGE_BITS === p) this.decodedAt.delete(a);
        // Only a page this interpreter watched: another watcher's (the DBT's guest code, when the host machine is this interpreter) stays watched.
        this.state.memory.unwatch(p << PAGE_BITS);
      }
    }
  }

  /** Take the registers from state.regs again (a caller changed them between runs). */
  reloadRegisters(): void {
    this.R.set(this.state.regs);
  }

  /** Where the last run stopped (the faulting instruction, or the next one to run). */
  get pc(): number {
    return this.state.pc;
  }

  /** Decode at pc (raising the fault a fetch there would raise). */
  decodeAt(pc: number): DecodedInsn {
    const M = this.state.memory;
    const avail = M.fetchable(pc, this.isa.maxLength);
    if (avail === 0) throw new GuestFault('segmentation fault', pc, pc, 'fetch');
    const d = this.decoder.decode(M.u8, pc, avail, pc);
    if (d === null) throw new GuestFault('illegal instruction', pc);
    // The access is the instruction's: its first byte, even when only a later one is unmapped (manual §5).
    if (isShort(d)) throw new GuestFault('segmentation fault', pc, pc, 'fetch');
    return d;
  }

  private miss(pc: number): Handler {
    const d = this.decodeAt(pc);
    this.decodes++;
    const v = this.isa.variants[d.variant];
    const S = regSlots(this.isa, v, d.fields, this.zeroSlot, this.dumpSlot);
    const h = this.cache.factory(d.variant)(pc, (pc + d.length) >>> 0, d.fields, d.values, S);
    const p = pc >>> PAGE_BITS;
    let page = this.pages[p];
    if (page === undefined) {
      page = new Array(1 << PAGE_BITS);
      this.pages[p] = page;
    }
    page[pc & PAGE_MASK] = h;
    if (this.tracing) this.decodedAt.set(pc, d);
    const M = this.state.memory;
    for (let q = p; q <= (pc + d.length - 1) >>> PAGE_BITS; q++) M.watch(q << PAGE_BITS);
    return h;
  }

  /** Run until exit, fault or maxSteps instructions. */
  run(maxSteps = Infinity, trace?: (e: TraceEvent) => void): RunResult {
    if (trace) return this.runTraced(maxSteps, trace);
    const R = this.R;
    const pages = this.pages;
    let pc = this.state.pc >>> 0;
    let steps = 0;
    let stop: StopReason = { kind: 'max-steps' };
    try {
      while (steps < maxSteps) {
        const page = pages[pc >>> PAGE_BITS];
        let h = page === undefined ? undefined : page[pc & PAGE_MASK];
        if (h === undefined) h = this.miss(pc);
        const next = h(R);
        steps++;
        if (next === EXIT) {
          stop = { kind: 'exit' };
          break;
        }
        pc = next;
      }
    } catch (e) {
      stop = { kind: 'fault', fault: this.toFault(e, pc) };
    }
    this.state.pc = pc;
    this.state.regs.set(R.subarray(0, this.state.regs.length));
    return { stop, steps };
  }

  private toFault(e: unknown, pc: number): GuestFault {
    if (e instanceof GuestFault) return e;
    if (e instanceof MemFault) return GuestFault.fromMem(e, pc);
    throw e;
  }

  private runTraced(maxSteps: number, trace: (e: TraceEvent) => void): RunResult {
    this.tracing = true;
    const R = this.R;
    const n = this.state.regs.length;
    const before = new Int32Array(n);
    let pc = this.state.pc >>> 0;
    let steps = 0;
    let stop: StopReason = { kind: 'max-steps' };
    try {
      while (steps < maxSteps) {
        const page = this.pages[pc >>> PAGE_BITS];
        let h = page === undefined ? undefined : page[pc & PAGE_MASK];
        if (h === undefined) h = this.miss(pc);
        let d = this.decodedAt.get(pc);
        if (d === undefined) {
          d = this.decodeAt(pc);
          this.decodedAt.set(pc, d);
        }
        before.set(R.subarray(0, n));
        const next = h(R);
        steps++;
        const changes: Array<[number, number, number]> = [];
        for (let i = 0; i < n; i++) if (before[i] !== R[i]) changes.push([i, before[i], R[i]]);
        trace({ pc, variant: this.isa.variants[d.variant], decoded: d, changes });
        if (next === EXIT) {
          stop = { kind: 'exit' };
          break;
        }
        pc = next;
      }
    } catch (e) {
      stop = { kind: 'fault', fault: this.toFault(e, pc) };
    }
    this.state.pc = pc;
    this.state.regs.set(R.subarray(0, n));
    return { stop, steps };
  }
}

/** Kit.priv from a list of slots: a flag per slot (undefined when none is privileged). */
function privFlags(slots: readonly number[] | undefined, n: number): Uint8Array | undefined {
  if (slots === undefined) return undefined;
  const f = new Uint8Array(n + 2);
  for (const s of slots) f[s] = 1;
  return f;
}
