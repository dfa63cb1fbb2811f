// Shared by the code generator tests: run a generated block on the host
// machine with guest state placed in its homes, and the same IR block on the
// IR evaluator, and read back what both did.

import { HostMachine, type HostEngine } from '../../src/host/index.js';
import { Memory, PERM_P, PERM_R, PERM_W, PERM_X } from '../../src/interp/memory.js';
import { evalBlock, type IrBlock } from '../../src/ir/index.js';
import { FAULT_CODES, HOST_LAYOUT, generateBlock, guestSlotHome, type HostCode } from '../../src/codegen/index.js';
import type { IsaModel } from '../../src/spec/model.js';

export const SCRATCH = 0x8000;
export const SCRATCH_SIZE = 0x400;
export const CACHE = 0x100000;
export const BASE = 0x200000;

export type Outcome =
  | { kind: 'next'; pc: number; link: number }
  | { kind: 'fault'; fault: string; pc: number }
  | { kind: 'exit' };

export interface RunResult {
  outcome: Outcome;
  regs: Int32Array;
  scratch: Uint8Array;
  syscalls: string[];
}

/** A fake system call: the same meaning by call name on either ABI. */
function fakeCall(name: string | undefined, a: number, b: number, c: number): number | 'exit' {
  switch (name) {
    case 'exit':
      return 'exit';
    case 'write':
      return c | 0;
    case 'read':
      return (a ^ b) | 0;
    case 'brk':
      return (a + 16) | 0;
    default:
      return -38;
  }
}

function sysFor(isa: IsaModel, log: string[]): (regs: Int32Array) => boolean {
  const abi = isa.abi;
  return (regs) => {
    const name = abi.calls.find((c) => c.number === regs[abi.syscallNumber])?.name;
    const [a, b, c] = abi.syscallArgs.map((s) => regs[s]);
    const r = fakeCall(name, a ?? 0, b ?? 0, c ?? 0);
    // The translated code calls the host only for calls both ABIs know.
    if (name !== undefined) log.push(`${name}(${a}, ${b}, ${c})`);
    if (r === 'exit') return true;
    regs[abi.syscallResult] = r;
    return false;
  };
}

/** Guest memory for a run: the scratch area (rw-), with these bytes. */
function scratchMemory(isa: IsaModel, scratch: Uint8Array, size: number): Memory {
  const m = new Memory(isa.endian, size);
  m.map(SCRATCH, SCRATCH_SIZE, PERM_R | PERM_W);
  m.writeBytes(SCRATCH, scratch);
  return m;
}

/** The IR evaluator's run. */
export function runIr(guest: IsaModel, block: IrBlock, regs: Int32Array, scratch: Uint8Array): RunResult {
  const r = new Int32Array(regs);
  const m = scratchMemory(guest, scratch, 0x10000);
  const log: string[] = [];
  const res = evalBlock(block, r, m, { syscall: sysFor(guest, log) });
  const outcome: Outcome =
    res.kind === 'next'
      ? { kind: 'next', pc: res.pc >>> 0, link: 0 }
      : res.kind === 'exit'
        ? { kind: 'exit' }
        : { kind: 'fault', fault: res.fault.kind, pc: res.fault.pc >>> 0 };
  return { outcome, regs: r, scratch: m.readBytes(SCRATCH, SCRATCH_SIZE), syscalls: log };
}

/** Guest state from the host's homes. */
export function readGuest(host: IsaModel, guest: IsaModel, hregs: Int32Array, mem: Memory): Int32Array {
  const out = new Int32Array(guest.registers.length);
  for (let s = 0; s < out.length; s++) {
    const h = guestSlotHome(host, guest, s);
    out[s] = 'reg' in h ? hregs[h.reg] : mem.privLoad(BASE + h.spill, 32);
  }
  return out;
}

/** The generated code's run on a HostMachine. */
export function runHost(
  host: IsaModel,
  guest: IsaModel,
  code: HostCode,
  regs: Int32Array,
  scratch: Uint8Array,
  engine: HostEngine = 'interp',
): RunResult {
  const m = scratchMemory(guest, scratch, BASE + 0x10000);
  m.map(CACHE, Math.max(0x1000, (code.bytes.length + 0xfff) & ~0xfff), PERM_R | PERM_X);
  m.writeBytes(CACHE, code.bytes);
  // As the DBT maps it: privileged (only accesses based on base or link), so a guest address there faults.
  m.map(BASE, HOST_LAYOUT.AREA_SIZE, PERM_P);
  // An empty lookup table: tags no guest pc has.
  for (let i = 0; i < HOST_LAYOUT.TABLE_ENTRIES; i++) m.privStore(BASE + HOST_LAYOUT.TABLE_OFFSET + 8 * i, 32, -1);
  const log: string[] = [];
  const machine = new HostMachine(host, m, sysFor(host, log), { engine, privileged: [host.host!.base, host.host!.link] });
  const h = host.host!;
  for (let s = 0; s < guest.registers.length; s++) {
    const home = guestSlotHome(host, guest, s);
    if ('reg' in home) machine.regs[home.reg] = regs[s];
    else m.privStore(BASE + home.spill, 32, regs[s]);
  }
  machine.regs[h.base] = BASE;
  machine.regs[h.count] = 1 << 30;
  const stop = machine.run(code.at, 100000);
  let outcome: Outcome;
  switch (stop.kind) {
    case 'service':
      if (stop.pc === HOST_LAYOUT.DISPATCH) outcome = { kind: 'next', pc: machine.regs[h.exit] >>> 0, link: machine.regs[h.link] >>> 0 };
      else if (stop.pc === HOST_LAYOUT.FAULT) {
        const code = FAULT_CODES[machine.regs[h.link]];
        const kinds: Record<string, string> = {
          illegal: 'illegal instruction',
          breakpoint: 'breakpoint',
          divide: 'divide error',
          arithmetic: 'arithmetic fault',
          alignment: 'alignment fault',
          fetch: 'segmentation fault',
        };
        outcome = { kind: 'fault', fault: kinds[code], pc: machine.regs[h.exit] >>> 0 };
      } else throw new Error(`service 0x${stop.pc.toString(16)}`);
      break;
    case 'fault': {
      const at = code.pcMap.find((e) => stop.hostPc >= e.hostStart && stop.hostPc < e.hostEnd);
      if (!at) throw new Error(`host fault outside the pcMap at 0x${stop.hostPc.toString(16)}: ${stop.fault.message}`);
      outcome = { kind: 'fault', fault: stop.fault.kind, pc: at.guestPc };
      break;
    }
    case 'exit':
      outcome = { kind: 'exit' };
      break;
    case 'budget':
      throw new Error('the generated code does not stop');
  }
  return { outcome, regs: readGuest(host, guest, machine.regs, m), scratch: m.readBytes(SCRATCH, SCRATCH_SIZE), syscalls: log };
}

/** Generate and compare with the IR evaluator; a description of the first difference, or undefined. */
export function compare(
  host: IsaModel,
  guest: IsaModel,
  block: IrBlock,
  regs: Int32Array,
  scratch: Uint8Array,
  opts: { engine?: HostEngine; smcChecks?: boolean } = {},
): { diff?: string; code: HostCode } {
  const code = generateBlock(host, guest, block, CACHE, { smcChecks: opts.smcChecks ?? false });
  const want = runIr(guest, block, regs, scratch);
  const got = runHost(host, guest, code, regs, scratch, opts.engine);
  const o1 = JSON.stringify({ ...want.outcome, link: undefined });
  const o2 = JSON.stringify({ ...got.outcome, link: undefined });
  if (o1 !== o2) return { diff: `outcome ${o2}, IR ${o1}`, code };
  for (let s = 0; s < guest.registers.length; s++) {
    if (want.regs[s] !== got.regs[s]) {
      return { diff: `${guest.registers[s].name} = 0x${(got.regs[s] >>> 0).toString(16)}, IR 0x${(want.regs[s] >>> 0).toString(16)}`, code };
    }
  }
  for (let i = 0; i < SCRATCH_SIZE; i++) {
    if (want.scratch[i] !== got.scratch[i]) return { diff: `memory 0x${(SCRATCH + i).toString(16)} = ${got.scratch[i]}, IR ${want.scratch[i]}`, code };
  }
  if (want.syscalls.join() !== got.syscalls.join()) return { diff: `syscalls ${got.syscalls.join()} vs IR ${want.syscalls.join()}`, code };
  return { code };
}
