// The guest's system calls, by name. Which register holds the number, the
// arguments and the result, and which number means which call, come from the
// spec's ABI, so every ISA (and every engine) shares these semantics.

import { PERM_R, PERM_W } from '../interp/memory.js';
import type { Process } from './process.js';
import type { IsaModel } from '../spec/model.js';
import { BRK_LIMIT, EBADF, EFAULT, ENOSYS, pageUp } from './layout.js';
import { straceLine } from './strace.js';

/** The calls implemented; any other name or number in the ABI returns −ENOSYS. */
export type SyscallName = 'exit' | 'read' | 'write' | 'brk';

/**
 * Performs the system call described by regs (the engine's state array, in
 * the spec's slot layout; proc.regs unless the engine keeps its own).
 *
 * Returns true when the guest called exit: proc.exited and proc.exitStatus
 * are then set, standard output is flushed and no register is written; the
 * engine must stop. Otherwise the result (int32, −errno on error) is in the
 * ABI's result slot, every other slot is untouched, and the engine carries on
 * with the next instruction.
 */
export function syscall(proc: Process, regs: Int32Array = proc.regs, isa: IsaModel = proc.isa): boolean {
  // A translator runs the guest's calls through the host's ABI: same process, other registers and numbers.
  const abi = isa.abi;
  const calls = isa === proc.isa ? proc.calls : new Map(isa.abi.calls.map((c) => [c.number, c.name]));
  const args = abi.syscallArgs;
  const a0 = args.length > 0 ? regs[args[0]] : 0;
  const a1 = args.length > 1 ? regs[args[1]] : 0;
  const a2 = args.length > 2 ? regs[args[2]] : 0;
  let result: number;
  const nr = regs[abi.syscallNumber];
  const name = calls.get(nr);
  switch (name) {
    case 'exit':
      proc.strace?.(straceLine(proc, name, nr, [a0], undefined));
      exitProcess(proc, a0);
      return true;
    case 'read':
      result = sysRead(proc, a0, a1 >>> 0, a2 >>> 0);
      break;
    case 'write':
      result = sysWrite(proc, a0, a1 >>> 0, a2 >>> 0);
      break;
    case 'brk':
      result = sysBrk(proc, a0 >>> 0);
      break;
    default:
      result = -ENOSYS;
  }
  if (proc.strace) proc.strace(straceLine(proc, name, nr, [a0, a1, a2].slice(0, Math.max(1, args.length)), result));
  regs[abi.syscallResult] = result | 0;
  return false;
}

export function exitProcess(proc: Process, status: number): void {
  proc.exitStatus = status & 0xff;
  proc.exited = true;
  proc.io.flush();
}

// The fd is checked before the buffer (the manual fixes the order, so that
// the same bad call gives the same errno on every engine).

export function sysRead(proc: Process, fd: number, buf: number, count: number): number {
  if (fd !== 0) return -EBADF;
  if (!proc.memory.isMapped(buf, count, PERM_W)) return -EFAULT;
  if (count === 0) return 0;
  const data = proc.io.read(count);
  proc.memory.writeBytes(buf, data.length > count ? data.subarray(0, count) : data);
  return Math.min(data.length, count);
}

export function sysWrite(proc: Process, fd: number, buf: number, count: number): number {
  if (fd !== 1 && fd !== 2) return -EBADF;
  if (!proc.memory.isMapped(buf, count, PERM_R)) return -EFAULT;
  if (count === 0) return 0;
  return proc.io.write(fd, proc.memory.view(buf, count));
}

/**
 * Moves the break to addr when initial break <= addr <= the stack base; the
 * heap is mapped read-write from the initial break to the break rounded up to
 * a page. Pages dropped by a shrink are unmapped, so growing again maps them
 * afresh, zero-filled. Returns the (possibly unchanged) break.
 */
export function sysBrk(proc: Process, addr: number): number {
  if (addr < proc.initialBreak || addr > BRK_LIMIT) return proc.brk;
  const oldTop = pageUp(proc.brk);
  const newTop = pageUp(addr);
  if (newTop > oldTop) proc.memory.map(oldTop, newTop - oldTop, PERM_R | PERM_W);
  else if (newTop < oldTop) proc.memory.unmap(newTop, oldTop - newTop);
  proc.brk = addr;
  return addr;
}
