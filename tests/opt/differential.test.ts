// Differential: random short guest blocks run three ways — on the real
// interpreter, as the lifted IR (evalBlock) and as the optimized IR — must
// end with the same registers, flags, memory and next pc, or with the same
// fault (kind, pc, address) and the same guest state at it. The optimizer's
// output is verified after every pass, with and without deadAtExit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Interpreter } from '../../src/interp/interpreter.js';
import type { GuestFault } from '../../src/interp/fault.js';
import { evalBlock, liftBlock, printBlock, verifyBlock, type IrBlock } from '../../src/ir/index.js';
import { optimize, optimizeInStages, overwrittenBeforeRead } from '../../src/opt/index.js';
import type { IsaModel } from '../../src/spec/index.js';
import { buildDecoder } from '../../src/decode/index.js';
import { asmBytes, CODE, fetchFrom, load, machine, SCRATCH, SCRATCH_SIZE, slot, type Isa } from '../ir/helpers.js';

const RUNS = 150;

interface Outcome {
  pc?: number;
  fault?: string;
  exited?: boolean;
  regs: number[];
  scratch: number[];
}

function faultText(f: GuestFault): string {
  return `${f.kind} @${f.pc.toString(16)} addr=${f.addr?.toString(16)} ${f.access ?? ''}`;
}

/** A made-up system call: changes the result register from the arguments, and exits on some. */
function fakeSyscall(isa: IsaModel): (R: Int32Array) => boolean {
  const { syscallNumber: n, syscallArgs: a, syscallResult: res } = isa.abi;
  return (R) => {
    const exit = (R[a[2]] & 7) === 0;
    R[res] = ((R[a[0]] ^ R[a[1]]) + R[n]) | 0;
    return exit;
  };
}

function runInterp(l: Isa, code: Uint8Array, regs: Int32Array, scratch: Uint8Array, steps: number): Outcome {
  const memory = machine(l.isa, code, scratch);
  const state = { memory, regs: Int32Array.from(regs), pc: CODE, syscall: fakeSyscall(l.isa) };
  const r = new Interpreter(l.isa, l.dec, state).run(steps);
  return {
    pc: r.stop.kind === 'max-steps' ? state.pc : undefined,
    fault: r.stop.kind === 'fault' ? faultText(r.stop.fault) : undefined,
    exited: r.stop.kind === 'exit' ? true : undefined,
    regs: Array.from(state.regs),
    scratch: Array.from(memory.view(SCRATCH, SCRATCH_SIZE)),
  };
}

function runIr(l: Isa, block: IrBlock, code: Uint8Array, regs: Int32Array, scratch: Uint8Array): Outcome {
  const memory = machine(l.isa, code, scratch);
  const R = Int32Array.from(regs);
  const r = evalBlock(block, R, memory, { syscall: fakeSyscall(l.isa) });
  return {
    pc: r.kind === 'next' ? r.pc : undefined,
    fault: r.kind === 'fault' ? faultText(r.fault) : undefined,
    exited: r.kind === 'exit' ? true : undefined,
    regs: Array.from(R),
    scratch: Array.from(memory.view(SCRATCH, SCRATCH_SIZE)),
  };
}

function checkVerified(block: IrBlock, deadAtExit?: Set<number>): IrBlock {
  return optimize(block, {
    deadAtExit,
    afterPass: (name, b) => {
      const errs = verifyBlock(b);
      if (errs.length > 0) throw new Error(`after ${name}:\n${errs.join('\n')}\n${printBlock(b)}`);
    },
  });
}

/** How the reference runs ended, so each property can check it saw both kinds. */
const seen = { fault: 0, next: 0 };

/** Lift at CODE, then compare interpreter, lifted IR and optimized IR. */
function differential(l: Isa, lines: string[], regs: Int32Array, scratch: Uint8Array): void {
  const code = asmBytes(l, lines);
  const memory = machine(l.isa, code, scratch);
  const block = liftBlock(l.isa, l.dec, fetchFrom(memory, l.isa), CODE);
  expect(verifyBlock(block)).toEqual([]);
  const ref = runInterp(l, code, regs, scratch, block.insns);
  seen[ref.fault === undefined ? 'next' : 'fault']++;
  const ctx = (what: string, b: IrBlock): string => `${what}\n${lines.join('\n')}\n${printBlock(b, l.isa)}`;
  expect(runIr(l, block, code, regs, scratch), ctx('lifted', block)).toEqual(ref);
  const opt = checkVerified(block);
  expect(runIr(l, opt, code, regs, scratch), ctx('optimized', opt)).toEqual(ref);
}

const word = fc.oneof(
  fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  fc.constantFrom(0, 1, -1, 2, 31, 32, 0x7fffffff, -0x80000000, 0x80, 0xff, 0x100),
  fc.integer({ min: -40, max: 40 }),
);

const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'l', 'ge', 'le', 'g'];

const cisc = await load('cisc32');
const risc = await load('risc32');

describe('differential: cisc32 blocks on the interpreter and as IR', () => {
  const l = cisc;
  const R = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
  // r4 (sp) and r6 point into the scratch area and stay there.
  const D = ['r0', 'r1', 'r2', 'r3', 'r5', 'r7'];
  const reg = fc.constantFrom(...R);
  const dst = fc.constantFrom(...D);
  const cc = fc.constantFrom(...CC);
  const imm = fc.oneof(fc.integer({ min: -128, max: 127 }), word);
  const disp = fc.integer({ min: -128, max: 124 });
  const mem = disp.map((d) => `[r6 + ${d}]`);
  const alu = fc.constantFrom('add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp');
  const shift = fc.constantFrom('rol', 'ror', 'shl', 'shr', 'sar');
  const insn = fc.oneof(
    fc.tuple(alu, dst, reg).map(([o, d, s]) => `${o} ${d}, ${s}`),
    fc.tuple(alu, dst, imm).map(([o, d, i]) => `${o} ${d}, ${i}`),
    fc.tuple(alu, dst, mem).map(([o, d, m]) => `${o} ${d}, ${m}`),
    fc.tuple(alu, mem, reg).map(([o, m, s]) => `${o} ${m}, ${s}`),
    fc.tuple(fc.constantFrom('test', 'mov'), dst, reg).map(([o, d, s]) => `${o} ${d}, ${s}`),
    fc.tuple(fc.constantFrom('not', 'neg', 'inc', 'dec'), dst).map(([o, d]) => `${o} ${d}`),
    fc.tuple(shift, dst, fc.integer({ min: 0, max: 40 })).map(([o, d, n]) => `${o} ${d}, ${n}`),
    fc.tuple(shift, dst).map(([o, d]) => `${o} ${d}, r1`),
    fc.tuple(cc, dst).map(([c, d]) => `set${c} ${d}`),
    fc.tuple(cc, dst, reg).map(([c, d, s]) => `cmov${c} ${d}, ${s}`),
    fc.tuple(cc, dst, mem).map(([c, d, m]) => `cmov${c} ${d}, ${m}`),
    fc.tuple(dst, reg).map(([d, s]) => `imul ${d}, ${s}`),
    fc.tuple(fc.constantFrom('divs', 'divu', 'rems', 'remu'), dst, reg).map(([o, d, s]) => `${o} ${d}, ${s}`),
    fc.tuple(dst, imm).map(([d, i]) => `mov ${d}, ${i}`),
    fc.tuple(dst, mem).map(([d, m]) => `mov ${d}, ${m}`),
    fc.tuple(mem, reg).map(([m, s]) => `mov ${m}, ${s}`),
    fc.tuple(fc.constantFrom('movzx', 'movsx'), dst, mem).map(([o, d, m]) => `${o} ${d}, byte ${m}`),
    fc.tuple(fc.constantFrom('movzx', 'movsx'), dst, reg).map(([o, d, s]) => `${o} ${d}, byte ${s}`),
    fc.tuple(mem, reg).map(([m, s]) => `mov byte ${m}, ${s}`),
    fc.tuple(dst, reg).map(([d, s]) => `mov byte ${d}, ${s}`),
    fc.tuple(dst, reg, disp).map(([d, s, n]) => `lea ${d}, [${s} + ${n}]`),
    reg.map((s) => `push ${s}`),
    imm.map((i) => `push ${i}`),
    dst.map((d) => `pop ${d}`),
    // A load that may fault: r7 is random.
    dst.map((d) => `mov ${d}, [r7]`),
  );
  const last = fc.oneof(
    cc.map((c) => `j${c} far`),
    fc.constant('jmp far'),
    fc.constant('loop far'),
    fc.constant('ret'),
    reg.map((s) => `jmp ${s}`),
    fc.constant('call far'),
    reg.map((s) => `call ${s}`),
    mem.map((m) => `call ${m}`),
    fc.constant('rep movsb'),
    fc.constant('rep stosb'),
    fc.constant('syscall'),
    fc.constant('brk'),
    fc.constant('nop'),
  );
  const state = fc.record({
    regs: fc.array(word, { minLength: 8, maxLength: 8 }),
    flags: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }),
    scratch: fc.uint8Array({ minLength: SCRATCH_SIZE, maxLength: SCRATCH_SIZE }),
  });

  function regsOf(isa: IsaModel, s: { regs: number[]; flags: number[] }): Int32Array {
    const R32 = new Int32Array(isa.registers.length);
    s.regs.forEach((v, i) => (R32[slot(isa, `r${i}`)] = v));
    R32[slot(isa, 'r4')] = SCRATCH + 0x100;
    R32[slot(isa, 'r6')] = SCRATCH + 0x80;
    ['z', 's', 'c', 'o'].forEach((f, i) => (R32[slot(isa, f)] = s.flags[i]));
    return R32;
  }

  it('gives the interpreter’s registers, flags, memory, next pc and faults', () => {
    seen.fault = seen.next = 0;
    fc.assert(
      fc.property(fc.array(insn, { minLength: 1, maxLength: 10 }), last, state, (body, end, s) => {
        const lines = [...body, end, 'nop', 'nop', 'far: nop'];
        differential(l, lines, regsOf(l.isa, s), s.scratch);
      }),
      { numRuns: RUNS },
    );
    expect(seen.fault).toBeGreaterThan(RUNS / 20);
    expect(seen.next).toBeGreaterThan(RUNS / 4);
  });

  it('keeps a two-block chain exact when the first drops the setregs the second overwrites (deadAtExit)', () => {
    seen.fault = seen.next = 0;
    fc.assert(
      fc.property(fc.array(insn, { minLength: 1, maxLength: 6 }), fc.array(insn, { minLength: 1, maxLength: 6 }), state, (a, b, s) => {
        const lines = [...a, 'jmp far', 'nop', 'far:', ...b, 'jmp end', 'nop', 'end: nop'];
        const code = asmBytes(l, lines);
        const memory = machine(l.isa, code, s.scratch);
        const first = liftBlock(l.isa, l.dec, fetchFrom(memory, l.isa), CODE);
        if (first.exit.kind !== 'direct') throw new Error('first block must end in jmp far');
        const second = liftBlock(l.isa, l.dec, fetchFrom(memory, l.isa), first.exit.pc);
        const dead = overwrittenBeforeRead(second);
        const chain = [checkVerified(first, dead), checkVerified(second)];
        const regs = regsOf(l.isa, s);
        const ref = runInterp(l, code, regs, s.scratch, first.insns + second.insns);
        seen[ref.fault === undefined ? 'next' : 'fault']++;
        // Run the chain on one machine.
        const m = machine(l.isa, code, s.scratch);
        const R32 = Int32Array.from(regs);
        let out: Outcome | undefined;
        for (const blk of chain) {
          const r = evalBlock(blk, R32, m);
          if (r.kind === 'fault') out = { fault: faultText(r.fault), regs: [], scratch: [] };
          else if (r.kind === 'next' && blk === chain[1]) out = { pc: r.pc, regs: [], scratch: [] };
          if (out) break;
        }
        out!.regs = Array.from(R32);
        out!.scratch = Array.from(m.view(SCRATCH, SCRATCH_SIZE));
        expect(out, `${lines.join('\n')}\ndead at exit: ${[...dead].map((x) => l.isa.registers[x].name)}\n${printBlock(chain[0], l.isa)}`).toEqual(ref);
      }),
      { numRuns: RUNS },
    );
    expect(seen.next).toBeGreaterThan(RUNS / 4);
  });

  it('optimizes in stages exactly as in one go, for each set of slots dead at the exit', () => {
    const slots = fc.subarray(l.isa.registers.map((r) => r.slot));
    fc.assert(
      fc.property(fc.array(insn, { minLength: 1, maxLength: 10 }), slots, slots, (body, d1, d2) => {
        const lines = [...body, 'jmp far', 'nop', 'far: nop'];
        const code = asmBytes(l, lines);
        const block = liftBlock(l.isa, l.dec, fetchFrom(machine(l.isa, code, new Uint8Array(SCRATCH_SIZE)), l.isa), CODE);
        const stages = optimizeInStages(block);
        // Twice from the same stages, as the translator does for a lazy block.
        for (const d of [new Set(d1), new Set(d2), new Set<number>()]) {
          expect(printBlock(stages.finish(d), l.isa), lines.join('\n')).toBe(printBlock(optimize(block, { deadAtExit: d }), l.isa));
        }
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('is the same on a big-endian cisc32 (loads and stores byte-swapped)', () => {
    const be: Isa = { ...l, isa: { ...l.isa, endian: 'big' } };
    be.dec = buildDecoder(be.isa);
    const memInsn = fc.oneof(
      fc.tuple(alu, dst, mem).map(([o, d, m]) => `${o} ${d}, ${m}`),
      fc.tuple(alu, mem, reg).map(([o, m, s]) => `${o} ${m}, ${s}`),
      fc.tuple(dst, mem).map(([d, m]) => `mov ${d}, ${m}`),
      fc.tuple(mem, reg).map(([m, s]) => `mov ${m}, ${s}`),
      fc.tuple(mem, reg).map(([m, s]) => `mov byte ${m}, ${s}`),
      fc.tuple(fc.constantFrom('movzx', 'movsx'), dst, mem).map(([o, d, m]) => `${o} ${d}, byte ${m}`),
      reg.map((s) => `push ${s}`),
      dst.map((d) => `pop ${d}`),
    );
    fc.assert(
      fc.property(fc.array(memInsn, { minLength: 1, maxLength: 8 }), state, (body, s) => {
        // Assembled little-endian; both engines decode with the big-endian model alike.
        const lines = [...body, 'ret'];
        const code = asmBytes(l, lines);
        const memory = machine(be.isa, code, s.scratch);
        const block = liftBlock(be.isa, be.dec, fetchFrom(memory, be.isa), CODE);
        expect(block.ops.some((o) => o.op === 'bswap')).toBe(true);
        const regs = regsOf(be.isa, s);
        const ref = runInterp(be, code, regs, s.scratch, block.insns);
        expect(runIr(be, block, code, regs, s.scratch)).toEqual(ref);
        expect(runIr(be, checkVerified(block), code, regs, s.scratch)).toEqual(ref);
      }),
      { numRuns: 60 },
    );
  });
});

describe('differential: risc32 blocks on the interpreter and as IR', () => {
  const l = risc;
  const names = Array.from({ length: 32 }, (_, i) => `r${i}`);
  // r9 points into the scratch area and stays there.
  const reg = fc.constantFrom(...names);
  const dst = fc.constantFrom(...names.filter((n) => n !== 'r9'));
  const operand = fc.oneof(reg, fc.integer({ min: 0, max: 255 }).map(String));
  const op = fc.constantFrom(
    'addl', 'subl', 's4addl', 'cmpeq', 'cmplt', 'cmple', 'cmpult', 'cmpule',
    'and', 'bic', 'bis', 'ornot', 'xor', 'eqv', 'sll', 'srl', 'sra', 'mull', 'umulh', 'mulh',
    'cmoveq', 'cmovne', 'cmovlt', 'cmovge', 'cmovle', 'cmovgt', 'cmovlbs', 'cmovlbc',
    'divl', 'divlu', 'reml', 'remlu',
  );
  const disp16 = fc.oneof(fc.integer({ min: -0x8000, max: 0x7fff }), fc.integer({ min: -8, max: 8 }));
  const mdisp = fc.integer({ min: -64, max: 63 }).map((d) => d * 4);
  // Mostly aligned: ldw/stw fault on the others.
  const misalign = fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3);
  const insn = fc.oneof(
    { arbitrary: fc.tuple(op, reg, operand, dst).map(([o, a, b, c]) => `${o} ${a}, ${b}, ${c}`), weight: 6 },
    fc.tuple(operand, dst).map(([b, c]) => `sextb ${b}, ${c}`),
    fc.tuple(fc.constantFrom('lda', 'ldah'), dst, disp16, reg).map(([o, a, d, b]) => `${o} ${a}, ${d}(${b})`),
    fc.tuple(fc.constantFrom('ldbu', 'ldw', 'ldwu'), dst, mdisp, misalign).map(([o, a, d, k]) => `${o} ${a}, ${d + k}(r9)`),
    fc.tuple(fc.constantFrom('stb', 'stw', 'stwu'), reg, mdisp, misalign).map(([o, a, d, k]) => `${o} ${a}, ${d + k}(r9)`),
    // A load that may fault: r10 is random.
    { arbitrary: dst.map((a) => `ldwu ${a}, 0(r10)`), weight: 1 },
  );
  const bcond = fc.constantFrom('blbc', 'beq', 'blt', 'ble', 'blbs', 'bne', 'bge', 'bgt');
  const last = fc.oneof(
    fc.tuple(bcond, reg).map(([b, a]) => `${b} ${a}, far`),
    dst.map((a) => `br ${a}, far`),
    fc.constant('callsys'),
    dst.map((a) => `bsr ${a}, far`),
    fc.tuple(dst, reg).map(([a, b]) => `jmp ${a}, (${b})`),
    fc.constant('bis r31, r31, r31'),
  );
  const state = fc.record({
    regs: fc.array(word, { minLength: 32, maxLength: 32 }),
    scratch: fc.uint8Array({ minLength: SCRATCH_SIZE, maxLength: SCRATCH_SIZE }),
  });

  it('gives the interpreter’s registers, memory, next pc and faults', () => {
    seen.fault = seen.next = 0;
    fc.assert(
      fc.property(fc.array(insn, { minLength: 1, maxLength: 10 }), last, state, (body, end, s) => {
        const R32 = new Int32Array(l.isa.registers.length);
        s.regs.forEach((v, i) => (R32[slot(l.isa, `r${i}`)] = v));
        R32[slot(l.isa, 'r31')] = 0;
        R32[slot(l.isa, 'r9')] = SCRATCH + 0x100;
        differential(l, [...body, end, 'bis r31, r31, r31', 'far: bis r31, r31, r31'], R32, s.scratch);
      }),
      { numRuns: RUNS },
    );
    expect(seen.fault).toBeGreaterThan(RUNS / 20);
    expect(seen.next).toBeGreaterThan(RUNS / 4);
  });
});
