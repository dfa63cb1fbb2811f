// Profiles, FX!32's way of finding more code: `xlat run --profile FILE`
// records, for one program, how often each block was entered and where each
// indirect branch went; `xlat translate --profile FILE` starts discovery
// from those addresses too and lays the hottest blocks out first.
//
// A block is what the runtime translates as one: the instructions lifted
// from its first pc up to the first that may change control flow (64 at
// most). Both engines count the same blocks:
//   - interp: before each block, the block at pc is lifted (once per pc;
//     again after code is written) to learn its length, and the interpreter
//     runs exactly that many instructions; so each entry is counted and,
//     after a block that ends in an indirect branch, its target is recorded.
//   - dbt: the runtime profiles (DbtOptions.profile): it chains nothing and
//     keeps its indirect-branch table empty, so every block returns to the
//     dispatcher, which counts it and sees every indirect target.
// The counts are exact either way; profiling costs speed, not results.
//
// The file is JSON, for the same program (its image's hash) accumulated
// over runs:
//   { "xlat": "profile", "version": 1, "isa": "cisc32", "image": "<sha256>",
//     "runs": 2, "blocks": { "0x00001000": 2, ... },
//     "indirect": { "0x00001064": { "0x0000101a": 2, ... }, ... } }
// (indirect: guest pc of the branch -> target -> times taken.)

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { buildDecoder } from '../decode/index.js';
import type { DbtProfiler } from '../dbt/index.js';
import type { ElfImage } from '../elf/index.js';
import { liftBlock } from '../ir/index.js';
import { Interpreter, type RunResult } from '../interp/interpreter.js';
import { syscall, type Process } from '../os/index.js';
import { XlatError } from '../spec/index.js';

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** The identity of a program for its profiles: entry and segments (address, size, permissions, bytes). */
export function imageHash(image: ElfImage): string {
  const h = createHash('sha256');
  h.update(`entry ${image.entry >>> 0}\n`);
  for (const s of [...image.segments].sort((a, b) => a.vaddr - b.vaddr)) {
    h.update(`segment ${s.vaddr >>> 0} ${s.memSize} ${s.flags.r ? 'r' : '-'}${s.flags.w ? 'w' : '-'}${s.flags.x ? 'x' : '-'} ${s.data.length}\n`);
    h.update(s.data);
  }
  return h.digest('hex');
}

export class Profile implements DbtProfiler {
  runs = 0;
  readonly blocks = new Map<number, number>();
  readonly indirects = new Map<number, Map<number, number>>();

  constructor(
    readonly isa: string,
    readonly image: string,
  ) {}

  block(pc: number): void {
    pc >>>= 0;
    this.blocks.set(pc, (this.blocks.get(pc) ?? 0) + 1);
  }

  indirect(from: number, to: number): void {
    this.addIndirect(from >>> 0, to >>> 0, 1);
  }

  /** Add another profile's counts (of the same program). */
  merge(p: Profile): void {
    this.runs += p.runs;
    for (const [pc, n] of p.blocks) this.blocks.set(pc, (this.blocks.get(pc) ?? 0) + n);
    for (const [from, m] of p.indirects) for (const [to, n] of m) this.addIndirect(from, to, n);
  }

  private addIndirect(from: number, to: number, n: number): void {
    let m = this.indirects.get(from);
    if (!m) this.indirects.set(from, (m = new Map()));
    m.set(to, (m.get(to) ?? 0) + n);
  }

  /** Every guest pc the profile saw code at: block starts and indirect targets. */
  targets(): Set<number> {
    const out = new Set(this.blocks.keys());
    for (const m of this.indirects.values()) for (const to of m.keys()) out.add(to);
    return out;
  }

  toText(): string {
    const sorted = <T>(m: Map<number, T>) => [...m].sort((a, b) => a[0] - b[0]);
    const obj = {
      xlat: 'profile',
      version: 1,
      isa: this.isa,
      image: this.image,
      runs: this.runs,
      blocks: Object.fromEntries(sorted(this.blocks).map(([pc, n]) => [hex8(pc), n])),
      indirect: Object.fromEntries(sorted(this.indirects).map(([from, m]) => [hex8(from), Object.fromEntries(sorted(m).map(([to, n]) => [hex8(to), n]))])),
    };
    return JSON.stringify(obj, null, 1) + '\n';
  }

  static parse(text: string, file: string): Profile {
    const bad = (what: string): never => {
      throw new XlatError(`${file}: not an xlat profile (${what})`);
    };
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch {
      bad('not JSON');
    }
    const r = o as Record<string, unknown>;
    if (typeof r !== 'object' || r === null || r.xlat !== 'profile') bad('no "xlat": "profile"');
    if (r.version !== 1) bad(`version ${String(r.version)}`);
    if (typeof r.isa !== 'string' || typeof r.image !== 'string') bad('no isa or image');
    const p = new Profile(r.isa as string, r.image as string);
    p.runs = typeof r.runs === 'number' && Number.isSafeInteger(r.runs) ? r.runs : 0;
    const addr = (k: string): number => {
      if (!/^0x[0-9a-f]{1,8}$/i.test(k)) bad(`address ${JSON.stringify(k)}`);
      return Number(k) >>> 0;
    };
    const count = (v: unknown): number => {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) bad(`count ${JSON.stringify(v)}`);
      return v as number;
    };
    const obj = (v: unknown, what: string): Record<string, unknown> => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(what);
      return v as Record<string, unknown>;
    };
    for (const [k, v] of Object.entries(obj(r.blocks ?? {}, 'blocks'))) p.blocks.set(addr(k), count(v));
    for (const [k, v] of Object.entries(obj(r.indirect ?? {}, 'indirect'))) {
      for (const [t, n] of Object.entries(obj(v, 'indirect'))) p.addIndirect(addr(k), addr(t), count(n));
    }
    return p;
  }

  static read(file: string): Profile {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new XlatError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read'}`);
    }
    return Profile.parse(text, file);
  }
}

/**
 * The profile a run adds to: the file's, when it is one of this program
 * (else a new one: a profile of another program is replaced).
 */
export function profileFor(file: string, isa: string, image: ElfImage): Profile {
  const p = new Profile(isa, imageHash(image));
  if (existsSync(file)) {
    const old = Profile.read(file);
    if (old.isa === p.isa && old.image === p.image) p.merge(old);
  }
  return p;
}

/** Run a process on the interpreter, block by block, recording a profile (see the top of this file). */
export function runInterpProfiled(proc: Process, profile: Profile, maxSteps = Infinity): RunResult & { decodes: number } {
  const isa = proc.isa;
  const decoder = buildDecoder(isa);
  const M = proc.memory;
  const interp = new Interpreter(isa, decoder, { memory: M, regs: proc.regs, pc: proc.pc, syscall: (regs) => syscall(proc, regs) });
  // Block shapes by pc: forgotten whenever code is written.
  const shapes = new Map<number, { insns: number; indirect: boolean; last: number }>();
  const previous = M.onCodeWrite;
  M.onCodeWrite = (addr, len) => {
    previous?.(addr, len);
    shapes.clear();
  };
  const fetch = { bytes: M.u8, avail: (a: number) => M.fetchable(a, isa.maxLength) };
  let steps = 0;
  let stop: RunResult['stop'] = { kind: 'max-steps' };
  for (;;) {
    const pc = interp.pc >>> 0;
    let shape = shapes.get(pc);
    if (!shape) {
      const ir = liftBlock(isa, decoder, fetch, pc);
      let last = pc;
      for (const o of ir.ops) if (o.op === 'insn') last = o.pc;
      shape = { insns: ir.insns, indirect: ir.exit.kind === 'indirect', last };
      shapes.set(pc, shape);
      for (let p = pc >>> 12; p <= (Math.max(ir.end, pc + 1) - 1) >>> 12; p++) M.watch(p << 12);
    }
    const n = Math.max(1, shape.insns);
    const chunk = Math.min(n, maxSteps - steps);
    if (chunk <= 0) break;
    profile.block(pc);
    const r = interp.run(chunk);
    steps += r.steps;
    if (r.stop.kind !== 'max-steps') {
      stop = r.stop;
      break;
    }
    if (r.steps === n && shape.indirect) profile.indirect(shape.last, interp.pc);
  }
  M.onCodeWrite = previous;
  proc.pc = interp.pc;
  return { stop, steps, decodes: interp.decodes };
}
