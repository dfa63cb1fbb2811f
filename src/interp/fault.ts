// Guest faults, shared by every engine (interpreter, translator, host machine)
// so that they all end a faulting process with the same message and status.
// Memory throws the low-level MemFault because it does not know the pc; the
// engine that called it catches it and rethrows a GuestFault with the pc of
// the faulting guest instruction (faults are precise).

import type { FaultName } from '../spec/model.js';

export type FaultKind =
  | 'segmentation fault'
  | 'illegal instruction'
  | 'divide error'
  | 'arithmetic fault'
  | 'breakpoint'
  | 'alignment fault';

export type MemAccess = 'read' | 'write' | 'fetch';

/** A checked memory access failed; `addr` is the first byte of the access. */
export class MemFault extends Error {
  readonly addr: number;
  readonly access: MemAccess;
  constructor(addr: number, access: MemAccess) {
    super(`${access} at 0x${hex8(addr)}`);
    this.name = 'MemFault';
    this.addr = addr >>> 0;
    this.access = access;
  }
}

/** A fault that ends the guest process (unless a debugger takes it). */
export class GuestFault extends Error {
  readonly kind: FaultKind;
  /** Guest pc the fault is reported at. */
  readonly pc: number;
  /** Address accessed; only for segmentation faults. */
  readonly addr?: number;
  readonly access?: MemAccess;
  constructor(kind: FaultKind, pc: number, addr?: number, access?: MemAccess) {
    const a = kind === 'segmentation fault' && addr !== undefined ? ` addr=0x${hex8(addr)}` : '';
    super(`${kind} at pc=0x${hex8(pc)}${a}`);
    this.name = 'GuestFault';
    this.kind = kind;
    this.pc = pc >>> 0;
    if (kind === 'segmentation fault' && addr !== undefined) {
      this.addr = addr >>> 0;
      this.access = access;
    }
  }

  /** The line printed to stderr when the process ends on this fault. */
  line(): string {
    return `xlat: fault: ${this.message}`;
  }

  static fromMem(f: MemFault, pc: number): GuestFault {
    return new GuestFault('segmentation fault', pc, f.addr, f.access);
  }
}

// Exit statuses follow the shell's 128 + signal convention (SIGSEGV 11,
// SIGILL 4, SIGFPE 8, SIGTRAP 5, SIGBUS 7), so scripts can tell faults apart
// from the guest's own exit statuses the way they would for a native program.
const EXIT_STATUS: Record<FaultKind, number> = {
  'segmentation fault': 139,
  'illegal instruction': 132,
  'divide error': 136,
  'arithmetic fault': 136,
  breakpoint: 133,
  'alignment fault': 135,
};

export function exitStatusFor(kind: FaultKind): number {
  return EXIT_STATUS[kind];
}

/** The spec language's `fault NAME` statement, as a kind. */
export const FAULT_KIND_OF: Readonly<Record<FaultName, FaultKind>> = {
  illegal: 'illegal instruction',
  breakpoint: 'breakpoint',
  divide: 'divide error',
  arithmetic: 'arithmetic fault',
  alignment: 'alignment fault',
};

export function faultKindOf(name: FaultName): FaultKind {
  return FAULT_KIND_OF[name];
}

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
