// A guest process as every engine sees it at start: its address space, its
// registers in the state-array layout of the ISA's spec, its entry pc and its
// OS state (program break, standard streams, exit). The engines own how it
// runs; this module only sets it up the way the manual says a process starts.

import type { ElfImage } from '../elf/image.js';
import type { IsaModel } from '../spec/model.js';
import { XlatError } from '../spec/diagnostic.js';
import { Memory, PERM_R, PERM_W } from '../interp/memory.js';
import { type Io, NodeIo } from './io.js';
import { loadImage } from './loader.js';
import { STACK_BASE, STACK_TOP } from './layout.js';

export interface Process {
  readonly isa: IsaModel;
  /** argv[0] is the program's path as given. */
  readonly argv: readonly string[];
  readonly memory: Memory;
  /** One slot per register of the spec (flags included); all 0 but the stack pointer. */
  readonly regs: Int32Array;
  /** Guest pc; the entry point at start. Engines keep it up to date as they see fit. */
  pc: number;
  readonly initialBreak: number;
  /** Current program break. */
  brk: number;
  readonly io: Io;
  /** Set by the exit syscall. */
  exited: boolean;
  /** 0–255 once exited. */
  exitStatus: number;
  /** Syscall number -> call name, from the spec's ABI. */
  readonly calls: ReadonlyMap<number, string>;
  /** Given, receives one line per system call (os/strace.ts). */
  strace?: (line: string) => void;
}

export interface ProcessOptions {
  /** Default: the real standard streams (NodeIo). */
  io?: Io;
  /** Back the address space with at least this many bytes (an engine that maps more later). */
  memorySize?: number;
}

export function createProcess(image: ElfImage, isa: IsaModel, argv: readonly string[], options: ProcessOptions = {}): Process {
  if (argv.length === 0) throw new XlatError('no program path (argv is empty)');
  const { memory, entry, initialBreak } = loadImage(image, isa, argv[0], options.memorySize ?? 0);
  memory.map(STACK_BASE, STACK_TOP - STACK_BASE, PERM_R | PERM_W);
  const sp = buildStartStack(memory, argv);

  let slots = isa.registers.length;
  for (const r of isa.registers) slots = Math.max(slots, r.slot + 1);
  const regs = new Int32Array(slots);
  regs[isa.abi.stackPointer] = sp;

  const calls = new Map<number, string>();
  for (const c of isa.abi.calls) calls.set(c.number, c.name);

  return {
    isa,
    argv: [...argv],
    memory,
    regs,
    pc: entry,
    initialBreak,
    brk: initialBreak,
    io: options.io ?? new NodeIo(),
    exited: false,
    exitStatus: 0,
    calls,
  };
}

/**
 * Writes the start stack (argc, argv pointers, 0, an empty environment's 0;
 * the strings packed at the top of the stack region, argv[0] lowest) into a
 * mapped stack and returns sp, a multiple of 16. Words are in the memory's
 * byte order.
 */
export function buildStartStack(memory: Memory, argv: readonly string[]): number {
  const enc = new TextEncoder();
  const strings = argv.map((a) => enc.encode(a + '\0'));
  const total = strings.reduce((n, s) => n + s.length, 0);
  let at = STACK_TOP - total;
  const words = [argv.length];
  for (const s of strings) {
    words.push(at);
    if (at >= STACK_BASE) memory.writeBytes(at, s);
    at += s.length;
  }
  words.push(0, 0);
  const sp = Math.floor((STACK_TOP - total - 4 * words.length) / 16) * 16;
  if (sp < STACK_BASE) throw new XlatError('arguments do not fit on the stack');
  for (let i = 0; i < words.length; i++) memory.store32(sp + 4 * i, words[i]);
  return sp;
}
