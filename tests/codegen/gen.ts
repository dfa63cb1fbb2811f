// Random guest code and random IR blocks for the differential tests.

import fc from 'fast-check';
import { Builder } from '../../src/ir/builder.js';
import type { IrBlock, Ty, V } from '../../src/ir/types.js';
import type { BinOp, IsaModel } from '../../src/spec/model.js';
import { SCRATCH, SCRATCH_SIZE } from './helpers.js';

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const small = fc.oneof(fc.integer({ min: -8, max: 8 }), fc.constantFrom(0, 1, 31, 32, 255, 256, 0x7fff, 0x8000, -0x8000, 0x12345678, -1, 0x7fffffff, -0x80000000));

// ---- cisc32 ----

const DST = ['r0', 'r1', 'r2', 'r3', 'r5', 'r7'];
const SRC = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'l', 'ge', 'le', 'g'];

const dst = fc.constantFrom(...DST);
const src = fc.constantFrom(...SRC);
const disp = fc.integer({ min: 0, max: 0x3c }).map((x) => x * 4);
const mem = fc.oneof(disp.map((d) => `[r6 + ${d}]`), fc.constant('[r6]'));
const bmem = fc.integer({ min: 0, max: 0xff }).map((d) => `[r6 + ${d}]`);
const imm = fc.oneof(small, int32);
const alu = fc.constantFrom('add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp');

export const ciscInsn: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(alu, dst, src).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 4, arbitrary: fc.tuple(alu, dst, imm).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(alu, dst, mem).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(alu, mem, src).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('inc', 'dec', 'neg', 'not'), dst).map(([o, a]) => `${o} ${a}`) },
  { weight: 3, arbitrary: fc.tuple(dst, src).map(([a, b]) => `mov ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(dst, imm).map(([a, b]) => `mov ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(dst, mem).map(([a, b]) => `mov ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(mem, src).map(([a, b]) => `mov ${a}, ${b}`) },
  { weight: 1, arbitrary: fc.tuple(dst, bmem).map(([a, b]) => `movzx ${a}, byte ${b}`) },
  { weight: 1, arbitrary: fc.tuple(dst, bmem).map(([a, b]) => `movsx ${a}, byte ${b}`) },
  { weight: 1, arbitrary: fc.tuple(dst, src).map(([a, b]) => `movsx ${a}, byte ${b}`) },
  { weight: 1, arbitrary: fc.tuple(bmem, src).map(([a, b]) => `mov byte ${a}, ${b}`) },
  { weight: 1, arbitrary: fc.tuple(dst, fc.integer({ min: -64, max: 64 })).map(([a, d]) => `lea ${a}, [r6 + ${d}]`) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('shl', 'shr', 'sar', 'rol', 'ror'), dst, fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constant('r1')))
      .map(([o, a, b]) => `${o} ${a}, ${b}`),
  },
  { weight: 1, arbitrary: fc.tuple(dst, src).map(([a, b]) => `imul ${a}, ${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('divs', 'divu', 'rems', 'remu'), dst, src).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 1, arbitrary: fc.tuple(src, src).map(([a, b]) => `test ${a}, ${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CC), dst).map(([c, a]) => `set${c} ${a}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CC), dst, src).map(([c, a, b]) => `cmov${c} ${a}, ${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('push', 'pop'), dst).map(([o, a]) => `${o} ${a}`) },
  { weight: 1, arbitrary: fc.constant('mov r1, 0') },
);

export const ciscEnd: fc.Arbitrary<string[]> = fc.oneof(
  fc.constant(['jmp out', 'out:']),
  fc.constantFrom(...CC).map((c) => [`j${c} out`, 'out:']),
  fc.constant(['ret']),
  fc.constant(['jmp r2']),
  fc.constant(['call out', 'out:']),
  fc.constant(['loop out', 'out:']),
  fc.constant(['syscall']),
  fc.constant(['mov r0, 4', 'syscall']),
  fc.constant(['mov r0, 77', 'syscall']),
  fc.constant(['mov r0, [r7 + 12]', 'jmp out', 'out:']),
  fc.constant(['brk']),
);

export const ciscBlock = fc.tuple(fc.array(ciscInsn, { minLength: 0, maxLength: 10 }), ciscEnd).map(([a, b]) => [...a, ...b]);

/** Initial guest state: random registers, r4 (sp) and r6 into the scratch area, flags 0/1. */
export function guestState(isa: IsaModel, seedRegs: number[]): Int32Array {
  const regs = new Int32Array(isa.registers.length);
  isa.registers.forEach((r, i) => {
    const x = seedRegs[i % seedRegs.length] ^ Math.imul(i, 0x9e3779b1);
    regs[i] = r.bits === 1 ? x & 1 : r.zero ? 0 : x | 0;
  });
  return regs;
}

export const regSeeds = fc.array(int32, { minLength: 40, maxLength: 40 });
export const scratchBytes = fc.uint8Array({ minLength: SCRATCH_SIZE, maxLength: SCRATCH_SIZE });

// ---- risc32 as a guest (guest slots 16.. spill) ----

const RR = Array.from({ length: 31 }, (_, i) => `r${i}`).filter((r) => r !== 'r9' && r !== 'r20');
const rdst = fc.constantFrom(...RR);
const rsrc = fc.constantFrom(...RR, 'r9', 'r20', 'r31');
const rop = fc.constantFrom('addl', 'subl', 's4addl', 'cmpeq', 'cmplt', 'cmple', 'cmpult', 'cmpule', 'and', 'bic', 'bis', 'ornot', 'xor', 'eqv', 'sll', 'srl', 'sra', 'mull', 'umulh', 'mulh', 'cmoveq', 'cmovne', 'cmovlt', 'cmovge', 'cmovlbs');
const rbase = fc.constantFrom('r9', 'r20');
const rdisp = fc.integer({ min: 0, max: 0x3c }).map((x) => x * 4);
export const riscInsn: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(rop, rsrc, rsrc, rdst).map(([o, a, b, c]) => `${o} ${a}, ${b}, ${c}`) },
  { weight: 3, arbitrary: fc.tuple(rop, rsrc, fc.integer({ min: 0, max: 255 }), rdst).map(([o, a, b, c]) => `${o} ${a}, ${b}, ${c}`) },
  { weight: 2, arbitrary: fc.tuple(rdst, fc.integer({ min: -0x8000, max: 0x7fff }), rsrc).map(([a, d, b]) => `lda ${a}, ${d}(${b})`) },
  { weight: 1, arbitrary: fc.tuple(rdst, fc.integer({ min: -0x8000, max: 0x7fff }), rsrc).map(([a, d, b]) => `ldah ${a}, ${d}(${b})`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('ldwu', 'ldbu', 'ldw'), rdst, rdisp, rbase).map(([o, a, d, b]) => `${o} ${a}, ${d}(${b})`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('stwu', 'stb', 'stw'), rsrc, rdisp, rbase).map(([o, a, d, b]) => `${o} ${a}, ${d}(${b})`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('divl', 'divlu', 'reml', 'remlu'), rsrc, rsrc, rdst).map(([o, a, b, c]) => `${o} ${a}, ${b}, ${c}`) },
  { weight: 1, arbitrary: fc.tuple(rsrc, rdst).map(([a, c]) => `sextb ${a}, ${c}`) },
);
export const riscEnd: fc.Arbitrary<string[]> = fc.oneof(
  fc.constant(['br out', 'out:']),
  fc.tuple(fc.constantFrom('beq', 'bne', 'blt', 'ble', 'bgt', 'bge', 'blbc', 'blbs'), rsrc).map(([o, a]) => [`${o} ${a}, out`, 'out:']),
  fc.constant(['jmp r31, (r5)']),
  fc.constant(['jsr ra, (r22)']),
  fc.constant(['callsys']),
  fc.constant(['lda v0, 4(r31)', 'callsys']),
);
export const riscBlock = fc.tuple(fc.array(riscInsn, { minLength: 0, maxLength: 10 }), riscEnd).map(([a, b]) => [...a, ...b]);

// ---- random IR ----

const TYS: Ty[] = [1, 8, 16, 32];
const BINS: BinOp[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar', 'rol', 'ror', 'eq', 'ne', 'ltu', 'lts', 'leu', 'les', 'gtu', 'gts', 'geu', 'ges', 'divu', 'divs', 'remu', 'rems', 'mulhu', 'mulhs', 'land', 'lor'];

/** A random IR block over `isa`'s guest state, from a list of choices (numbers drive every decision). */
export function randomIr(isa: IsaModel, choices: number[], pc = 0x4000): IrBlock {
  let ci = 0;
  const pick = (n: number): number => {
    const x = choices[ci++ % choices.length] >>> 0;
    return x % n;
  };
  const b = new Builder();
  const vals: Record<number, V[]> = { 1: [], 8: [], 16: [], 32: [] };
  const add = (ty: Ty, v: V) => vals[ty].push(v);
  const any = (ty: Ty): V => {
    const l = vals[ty];
    if (l.length === 0 || pick(5) === 0) {
      const k = [0, 1, 2, 255, 0x7fff, 0x8000, -1, 0x12345678, 31, 7][pick(10)];
      const v = b.const(ty, ty === 32 ? k | 0 : (k >>> 0) % 2 ** ty);
      add(ty, v);
      return v;
    }
    return l[pick(l.length)];
  };
  const slots = isa.registers.map((r, i) => ({ i, ty: (r.bits === 1 ? 1 : r.bits <= 8 ? 8 : r.bits <= 16 ? 16 : 32) as Ty, zero: r.zero }));
  const addr = (): V => {
    // SCRATCH + (x & 0xfc)
    const x = any(32);
    const m = b.bin('and', 32, x, b.const(32, 0x3fc));
    return b.bin('add', 32, m, b.const(32, SCRATCH));
  };
  const n = 4 + pick(24);
  let insnPc = pc;
  let insns = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || pick(4) === 0) {
      b.emit({ op: 'insn', pc: insnPc, len: 2 });
      insnPc += 2;
      insns++;
    }
    const ty = TYS[pick(4)];
    switch (pick(14)) {
      case 0:
      case 1: {
        const s = slots[pick(slots.length)];
        if (!s.zero) add(s.ty, b.getreg(s.ty, s.i));
        break;
      }
      case 2:
      case 3:
      case 4: {
        const op = BINS[pick(BINS.length)];
        const x = any(ty);
        let y = ['shl', 'shr', 'sar', 'rol', 'ror'].includes(op) ? any(TYS[pick(4)]) : any(ty);
        if (op === 'divu' || op === 'divs' || op === 'remu' || op === 'rems') y = b.bin('or', ty, y, b.const(ty, 1));
        const cmp = ['eq', 'ne', 'ltu', 'lts', 'leu', 'les', 'gtu', 'gts', 'geu', 'ges'].includes(op);
        add(cmp ? 1 : ty, b.bin(op, cmp ? 1 : ty, x, y));
        break;
      }
      case 5:
        if (ty === 1 && pick(2) === 0) add(1, b.un('lnot', 1, any(1)));
        else add(ty, b.un((['neg', 'not'] as const)[pick(2)], ty, any(ty)));
        break;
      case 6: {
        const from = TYS[pick(4)];
        if (from < ty) add(ty, b.ext(ty, pick(2) === 0, any(from)));
        else if (from > ty) add(ty, b.trunc(ty, any(from)));
        break;
      }
      case 7: {
        const w = TYS[pick(4)];
        if (ty < w) {
          const lo = pick(w - ty + 1);
          add(ty, b.slice(ty, any(w), lo + ty - 1, lo));
        }
        break;
      }
      case 8:
        add(ty, b.select(ty, any(1), any(ty), any(ty)));
        break;
      case 9: {
        const w = ([8, 16, 32] as const)[pick(3)];
        const lty = (w === 32 ? 32 : ty >= w ? ty : 32) as Ty;
        add(lty, b.load(lty, w, addr(), pick(3) === 0 ? any(1) : undefined));
        break;
      }
      case 10: {
        const w = ([8, 16, 32] as const)[pick(3)];
        b.store(w, addr(), any(w === 32 ? 32 : pick(2) ? 32 : w), pick(3) === 0 ? any(1) : undefined);
        break;
      }
      case 11:
      case 12: {
        const s = slots[pick(slots.length)];
        if (!s.zero) b.setreg(s.i, any(s.ty));
        break;
      }
      case 13:
        if (ty === 16 || ty === 32) add(ty, b.bswap(ty, any(ty)));
        else if (pick(3) === 0) b.fault('divide', insnPc - 2, any(1));
        break;
    }
  }
  const e = pick(3);
  const exit =
    e === 0
      ? ({ kind: 'direct', pc: 0x5000 } as const)
      : e === 1
        ? ({ kind: 'branch', cond: any(1), taken: 0x5000, fallthrough: 0x6000 } as const)
        : // Guest pcs are below 0x40000000; the lookup table's empty tag is -1.
          ({ kind: 'indirect', target: b.bin('and', 32, any(32), b.const(32, 0x3fffffff)) } as const);
  return b.finish(pc, insnPc, insns, exit);
}
