// Random whole cisc32 programs for the static-translation tests: straight
// code (ALU ops, flags read across branches, loads and stores, divides that
// may fault), bounded loops, switches through jump tables (scaled and byte-
// indexed, with the bounds check in front), direct calls, and calls through
// a table of function pointers that no static analysis bounds. Each ends by
// writing its registers and scratch memory to stdout and exiting with a
// status made from them, unless it faults first. Every program terminates.

import fc from 'fast-check';

const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'l', 'ge', 'le', 'g'];
/** r4 is sp, r6 points at the scratch area; r1 counts loops. */
const DST = ['r0', 'r2', 'r3', 'r5', 'r7'];
const SRC = ['r0', 'r1', 'r2', 'r3', 'r5', 'r7'];

const imm = fc.oneof(fc.integer({ min: -8, max: 300 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0x7fffffff, -0x80000000, 0xff, 1, 0));
const dst = fc.constantFrom(...DST);
const src = fc.constantFrom(...SRC);
const disp = fc.integer({ min: 0, max: 31 }).map((x) => x * 4);
const mem = disp.map((d) => `[r6 + ${d}]`);
const alu = fc.constantFrom('add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp');

const insn: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(alu, dst, src).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 4, arbitrary: fc.tuple(alu, dst, imm).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(alu, dst, mem).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(alu, mem, src).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('inc', 'dec', 'neg', 'not'), dst).map(([o, a]) => `${o} ${a}`) },
  { weight: 2, arbitrary: fc.tuple(dst, imm).map(([a, b]) => `mov ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(dst, mem).map(([a, b]) => `mov ${a}, ${b}`) },
  { weight: 2, arbitrary: fc.tuple(mem, src).map(([a, b]) => `mov ${a}, ${b}`) },
  { weight: 1, arbitrary: fc.tuple(dst, disp).map(([a, d]) => `movzx ${a}, byte [r6 + ${d + 1}]`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('shl', 'shr', 'sar', 'rol', 'ror'), dst, fc.integer({ min: 0, max: 33 })).map(([o, a, n]) => `${o} ${a}, ${n}`) },
  { weight: 1, arbitrary: fc.tuple(dst, src).map(([a, b]) => `imul ${a}, ${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('divu', 'remu', 'divs', 'rems'), dst, src).map(([o, a, b]) => `${o} ${a}, ${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CC), dst).map(([c, a]) => `set${c} ${a}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CC), dst, src).map(([c, a, b]) => `cmov${c} ${a}, ${b}`) },
);

/** Straight code, with now and then a conditional jump over an instruction (flags read in another block). */
const maybeJump = fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...CC) });
const straight = fc.array(fc.tuple(insn, maybeJump), { minLength: 1, maxLength: 6 });

type Piece =
  | { k: 'straight'; code: Array<[string, string | null]> }
  | { k: 'loop'; n: number; code: Array<[string, string | null]> }
  | { k: 'switch'; index: string; cases: Array<Array<[string, string | null]>>; bytes: boolean; dflt: Array<[string, string | null]> }
  | { k: 'call'; f: number }
  | { k: 'fcall'; index: string };

const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 3, arbitrary: straight.map((code): Piece => ({ k: 'straight', code })) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 5 }), straight).map(([n, code]): Piece => ({ k: 'loop', n, code })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(src, fc.array(straight, { minLength: 1, maxLength: 6 }), fc.boolean(), straight)
      .map(([index, cases, bytes, dflt]): Piece => ({ k: 'switch', index, cases, bytes, dflt })),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 }).map((f): Piece => ({ k: 'call', f })) },
  { weight: 2, arbitrary: src.map((index): Piece => ({ k: 'fcall', index })) },
);

export interface RandomProgram {
  source: string;
  strip: boolean;
}

export const randomProgram: fc.Arbitrary<RandomProgram> = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.array(straight, { minLength: 3, maxLength: 3 }), fc.array(imm, { minLength: 6, maxLength: 6 }), fc.boolean())
  .map(([pieces, funcs, init, strip]) => ({ source: render(pieces, funcs, init), strip }));

function render(pieces: Piece[], funcs: Array<Array<[string, string | null]>>, init: number[]): string {
  let label = 0;
  const fresh = () => `L${label++}`;
  const text: string[] = ['.isa cisc32', '        .text', '_start:', '        mov r6, scratch'];
  const data: string[] = ['        .data', 'scratch:', '        .space 160'];
  ['r0', 'r1', 'r2', 'r3', 'r5', 'r7'].forEach((r, i) => text.push(`        mov ${r}, ${init[i] | 0}`));
  const emit = (code: Array<[string, string | null]>) => {
    for (const [i, cc] of code) {
      if (cc) {
        const l = fresh();
        text.push(`        j${cc} ${l}`, `        ${i}`, `${l}:`);
      } else text.push(`        ${i}`);
    }
  };
  pieces.forEach((p, n) => {
    switch (p.k) {
      case 'straight':
        emit(p.code);
        break;
      case 'loop': {
        // The body may not write r1, the count: its instructions write DST only.
        const l = fresh();
        text.push(`        mov r1, ${p.n}`, `${l}:`);
        emit(p.code);
        text.push(`        loop ${l}`);
        break;
      }
      case 'switch': {
        const cases = p.cases.map(() => fresh());
        const dflt = fresh();
        const end = fresh();
        const table = `table${n}`;
        text.push(`        mov r0, ${p.index}`, '        and r0, 7');
        if (p.bytes) text.push('        shl r0, 2', `        cmp r0, ${4 * (cases.length - 1)}`, `        ja ${dflt}`);
        else text.push(`        cmp r0, ${cases.length - 1}`, `        ja ${dflt}`, '        shl r0, 2');
        text.push(`        jmp [r0 + ${table}]`);
        p.cases.forEach((c, i) => {
          text.push(`${cases[i]}:`);
          emit(c);
          text.push(`        jmp ${end}`);
        });
        text.push(`${dflt}:`);
        emit(p.dflt);
        text.push(`${end}:`);
        data.push(`${table}:`, ...cases.map((c) => `        .word ${c}`));
        break;
      }
      case 'call':
        text.push(`        call func${p.f}`);
        break;
      case 'fcall':
        text.push(`        mov r0, ${p.index}`, '        and r0, 2', '        shl r0, 1', '        mov r0, [r0 + fptrs]', '        call r0');
        break;
    }
  });
  // Registers into scratch, scratch to stdout, exit with a status made from r7.
  text.push(
    '        mov [r6 + 128], r0',
    '        mov [r6 + 132], r1',
    '        mov [r6 + 136], r2',
    '        mov [r6 + 140], r3',
    '        mov [r6 + 144], r5',
    '        mov [r6 + 148], r7',
    '        mov r0, 4',
    '        mov r3, 1',
    '        mov r1, r6',
    '        mov r2, 152',
    '        syscall',
    '        mov r3, r7',
    '        and r3, 0x7f',
    '        mov r0, 1',
    '        syscall',
  );
  funcs.forEach((f, i) => {
    text.push(`func${i}:`);
    emit(f);
    text.push('        ret');
  });
  data.push('fptrs:', '        .word func0, func1, func2');
  return [...text, ...data, ''].join('\n');
}
