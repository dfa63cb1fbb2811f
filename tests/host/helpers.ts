// Shared by the host machine tests: assemble a risc32 program into a fresh
// process, run it on a HostMachine (either engine) or on the reference
// interpreter, and read back what a test compares.

import { assemble } from '../../src/asm/index.js';
import { isaAssembler } from '../../src/asm/backend.js';
import { runInterp } from '../../src/cli/run.js';
import type { ElfImage } from '../../src/elf/image.js';
import { HostMachine, type HostEngine, type HostStop } from '../../src/host/index.js';
import type { GuestFault } from '../../src/interp/fault.js';
import { MemoryIo, createProcess, syscall, type Process } from '../../src/os/index.js';
import { loadIsa, type IsaModel } from '../../src/spec/index.js';

let risc: Promise<{ isa: IsaModel; asm: ReturnType<typeof isaAssembler> }> | undefined;

export async function risc32(): Promise<{ isa: IsaModel; asm: ReturnType<typeof isaAssembler> }> {
  risc ??= loadIsa('risc32').then((isa) => ({ isa, asm: isaAssembler(isa) }));
  return risc;
}

export interface Loaded {
  isa: IsaModel;
  image: ElfImage;
  proc: Process;
  io: MemoryIo;
  /** Address of a symbol of the program. */
  sym(name: string): number;
  /** State slot of a register name or alias. */
  slot(name: string): number;
}

export async function assembleRisc(source: string): Promise<{ isa: IsaModel; image: ElfImage }> {
  const { isa, asm } = await risc32();
  return { isa, image: assemble(source, 'test.s', asm) };
}

/** A fresh process of an assembled image (each engine under test gets its own). */
export function load(isa: IsaModel, image: ElfImage, opts: { args?: string[]; stdin?: string } = {}): Loaded {
  const io = new MemoryIo(opts.stdin ?? '');
  const proc = createProcess(image, isa, ['test', ...(opts.args ?? [])], { io });
  return {
    isa,
    image,
    proc,
    io,
    sym(name) {
      const s = image.symbols.find((x) => x.name === name);
      if (!s) throw new Error(`no symbol ${name}`);
      return s.value;
    },
    slot(name) {
      const s = isa.regNames[name.toLowerCase()];
      if (s === undefined) throw new Error(`no register ${name}`);
      return s;
    },
  };
}

export async function loadRisc(source: string, opts: { args?: string[]; stdin?: string } = {}): Promise<Loaded> {
  const { isa, image } = await assembleRisc(source);
  return load(isa, image, opts);
}

/** A host machine over the process's memory and syscalls, registers copied in. */
export function machineFor(p: Loaded, engine: HostEngine, count = false): HostMachine {
  const m = new HostMachine(p.isa, p.proc.memory, (regs) => syscall(p.proc, regs), { engine, count });
  m.regs.set(p.proc.regs);
  return m;
}

export interface Outcome {
  stop: string;
  exitStatus: number;
  stdout: string;
  fault?: { kind: string; pc: number; addr?: number; access?: string };
  regs: number[];
  steps: number;
}

function faultOf(f: GuestFault) {
  return { kind: f.kind, pc: f.pc, addr: f.addr, access: f.access };
}

/** Runs the process on the host machine to its end. */
export function runHost(p: Loaded, engine: HostEngine, count = false): Outcome & { machine: HostMachine; hostStop: HostStop } {
  const m = machineFor(p, engine, count);
  const stop = m.run(p.proc.pc);
  p.io.flush();
  return {
    machine: m,
    hostStop: stop,
    stop: stop.kind,
    exitStatus: p.proc.exitStatus,
    stdout: p.io.stdoutText(),
    fault: stop.kind === 'fault' ? faultOf(stop.fault) : undefined,
    regs: [...m.regs],
    steps: m.stats.hostInsns,
  };
}

/** Runs the process on the reference interpreter (what `xlat run` does). */
export function runReference(p: Loaded): Outcome {
  const r = runInterp(p.proc, { maxSteps: 100_000_000 });
  p.io.flush();
  return {
    stop: r.stop.kind,
    exitStatus: p.proc.exitStatus,
    stdout: p.io.stdoutText(),
    fault: r.stop.kind === 'fault' ? faultOf(r.stop.fault) : undefined,
    regs: [...p.proc.regs],
    steps: r.steps,
  };
}
