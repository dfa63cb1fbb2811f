// stack32, instruction by instruction, against the manual
// (/work/shared/isa/stack32.md §1, §3): every one of the 50 instructions run
// on the interpreter, the DBT onto risc32 and the DBT with the host machine
// interpreting (tests/fixtures/stack32.ts: the cases of a block share one
// process per engine, each from the registers of process start), each
// engine's final state checked exactly: stop and pc, sp, fp, rv, the stack's
// words as big-endian bytes in memory, data memory. Faults are in
// stack32-faults.test.ts, system calls in stack32-syscalls.test.ts.

import { beforeAll, describe, expect, it } from 'vitest';
import { STACK_BINOPS, STACK_UNOPS, stackOp, stackUnop } from '../fixtures/models.js';
import { beWords, caseSuite, type Case, ctxOf, formatWant, hex8, initialSp, project, runEntries, setsp, type Ctx, type Engine, type S32State } from '../fixtures/stack32.js';

const VALUES = [0, 1, 2, 5, 7, 31, 32, 33, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x12345678, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0xfffffff9];
const lines = (...ls: string[]) => ls.join('\n');

const START: Case[] = [
  {
    name: 'sp points at argc, argv[0], 0, 0 as big-endian words; sp is a multiple of 16; fp and rv are 0',
    body: '',
    want: (c) => ({ stop: c.brk(), pc: c.sym('__end'), sp: c.sp0, fp: 0, rv: 0, steps: 0, mem: [[c.sp0, '00 00 00 01']] }),
    also: (s) => {
      expect(s.sp % 16, s.engine).toBe(0);
      const [argc, argv0, end, env] = beWords(s.read(s.sp, 16));
      expect([argc, end, env], s.engine).toEqual([1, 0, 0]);
      expect(Buffer.from(s.read(argv0, 5)).toString('latin1'), s.engine).toBe('prog\0');
    },
  },
];

const STACK: Case[] = [
  { name: 'nop changes nothing but pc', body: 'nop\nnop\nnop', want: (c) => ({ stop: c.brk(), pc: c.sym('__end'), sp: c.sp0, fp: 0, rv: 0, steps: 3, stack: [1] }) },
  {
    name: 'push ib, iw, id: sp down 4 each, the value (sign-extended) stored big-endian at sp',
    body: lines('push 5', 'push -1', 'push 0x1234', 'push -0x8000', 'push 0x12345678', 'push 0x80000000', 'push 127', 'push -128', 'push 0xFFFF', 'push 0x8000'),
    want: (c) => ({
      stop: c.brk(),
      sp: c.sp0 - 40,
      fp: 0,
      rv: 0,
      steps: 10,
      stack: [0x8000, 0xffff, 0xffffff80, 0x7f, 0x80000000, 0x12345678, 0xffff8000, 0x1234, 0xffffffff, 5, 1],
      mem: [[c.sp0 - 40, '00 00 80 00 00 00 ff ff ff ff ff 80 00 00 00 7f 80 00 00 00 12 34 56 78 ff ff 80 00 00 00 12 34 ff ff ff ff 00 00 00 05 00 00 00 01']],
    }),
  },
  { name: 'dup: a -> a a', body: 'push 0x01020304\ndup', want: (c) => ({ stop: c.brk(), sp: c.sp0 - 8, stack: [0x01020304, 0x01020304, 1] }) },
  { name: 'drop: a ->', body: 'push 11\npush 22\ndrop', want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, stack: [11, 1] }) },
  { name: 'swap: a b -> b a', body: 'push 11\npush 22\nswap', want: (c) => ({ stop: c.brk(), sp: c.sp0 - 8, stack: [11, 22, 1] }) },
  { name: 'over: a b -> a b a', body: 'push 11\npush 22\nover', want: (c) => ({ stop: c.brk(), sp: c.sp0 - 12, stack: [11, 22, 11, 1] }) },
  {
    name: 'setrv pops into rv; getrv pushes rv (and leaves it)',
    body: 'push 0xDEADBEEF\nsetrv\ngetrv\npush 7\ngetrv',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 12, rv: 0xdeadbeef, stack: [0xdeadbeef, 7, 0xdeadbeef, 1] }),
  },
  { name: 'getrv at start pushes 0', body: 'getrv', want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, rv: 0, stack: [0, 1] }) },
  {
    name: 'getsp pushes the value sp had before the push',
    body: 'getsp\ngetsp\npush 1\ndrop\ngetsp',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 12, stack: [c.sp0 - 8, c.sp0 - 4, c.sp0, 1] }),
  },
];

// ---- arithmetic and comparison ----

const isUnary = (op: string) => (STACK_UNOPS as readonly string[]).includes(op);

// every pair that does not fault (the divide faults are in stack32-faults)
const PAIRS: Array<[number, number]> = [];
for (const a of VALUES) for (const b of VALUES) if (b !== 0 && !(a === 0x80000000 && b === 0xffffffff)) PAIRS.push([a, b]);
const OPS = [...STACK_BINOPS, ...STACK_UNOPS] as string[];

/**
 * One loop over PAIRS (a, b words in .data) that, for each operation in
 * turn, pushes a (and b), runs the operation and stores the result at
 * out[pair * OPS + op]; its pointers and count are locals. One program and
 * one loop for every operation, so that the engines translate it once.
 */
const ALU_SOURCE = lines(
  '.text',
  '_start:',
  'enter 3',
  'push pairs', 'stl -1',
  'push out', 'stl -2',
  `push ${PAIRS.length}`, 'stl -3',
  'loop:',
  ...OPS.flatMap((op, k) => [...(isUnary(op) ? ['ldl -1', 'ldw'] : ['ldl -1', 'ldw', 'ldl -1', 'push 4', 'add', 'ldw']), op, 'ldl -2', `push ${4 * k}`, 'add', 'stw']),
  'ldl -1', 'push 8', 'add', 'stl -1',
  'ldl -2', `push ${4 * OPS.length}`, 'add', 'stl -2',
  'ldl -3', 'push 1', 'sub', 'dup', 'stl -3',
  'jnz loop',
  'leave',
  'done: brk',
  '.data',
  'pairs:', ...PAIRS.map(([a, b]) => `.word ${hex8(a)}, ${hex8(b)}`),
  `out: .space ${4 * PAIRS.length * OPS.length}`,
);

describe('stack32 arithmetic and comparison against the manual (a b -> r, b the top), on every engine', () => {
  let results: Map<Engine, S32State[]>;
  let c: Ctx;
  beforeAll(async () => {
    results = await runEntries(ALU_SOURCE, ['_start'], { maxSteps: 1_000_000 });
    const image = results.get('interp')![0].image;
    c = ctxOf(image, await initialSp(image));
  });

  it('the loop ran to its end on every engine, the frame popped', () => {
    for (const [engine, [s]] of results) expect(project(s, { stop: '', sp: 0, fp: 0 }), engine).toEqual(formatWant({ stop: c.brk('done'), sp: c.sp0, fp: 0 }));
  });

  it.each(OPS)(`%s over ${PAIRS.length} value pairs`, (op) => {
    const k = OPS.indexOf(op);
    const show = (a: number, b: number) => (isUnary(op) ? `${op} ${hex8(a)}` : `${hex8(a)} ${hex8(b)} ${op}`);
    const model = (a: number, b: number) => (isUnary(op) ? stackUnop(op, a) : (stackOp(op, a, b) as number));
    const want = PAIRS.map(([a, b]) => `${show(a, b)} = ${hex8(model(a, b))}`);
    for (const [engine, [s]] of results) {
      const all = beWords(s.read(c.sym('out'), 4 * PAIRS.length * OPS.length));
      expect(PAIRS.map(([a, b], i) => `${show(a, b)} = ${hex8(all[i * OPS.length + k])}`), engine).toEqual(want);
    }
  });
});

// [op, a, b, r]: push a, push b, op leaves r on the stack
const HAND: Array<[string, number, number, number]> = [
  ['add', 0xffffffff, 1, 0],
  ['add', 0x7fffffff, 1, 0x80000000],
  ['sub', 10, 3, 7],
  ['sub', 3, 10, -7],
  ['sub', 0, 1, 0xffffffff],
  ['mul', 0xffffffff, 0xffffffff, 1],
  ['mul', 0x10000, 0x10000, 0],
  ['mul', 0x12345678, 0x10, 0x23456780],
  ['mul', -3, 7, -21],
  ['div', -7, 2, -3],
  ['div', 7, -2, -3],
  ['div', -7, -2, 3],
  ['div', 100, 7, 14],
  ['div', 0x80000000, 1, 0x80000000],
  ['div', 0x80000000, 2, 0xc0000000],
  ['rem', -7, 2, -1],
  ['rem', 7, -2, 1],
  ['rem', -7, -2, -1],
  ['rem', 0x80000000, 3, -2],
  ['divu', 0xffffffff, 2, 0x7fffffff],
  ['divu', 0x80000000, 0xffffffff, 0],
  ['divu', 0xffffffff, 0xffffffff, 1],
  ['remu', 0xffffffff, 10, 5],
  ['remu', 0x80000000, 0xffffffff, 0x80000000],
  ['and', 0xff00ff00, 0x0ff00ff0, 0x0f000f00],
  ['or', 0xff00ff00, 0x0ff00ff0, 0xfff0fff0],
  ['xor', 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0],
  ['shl', 1, 31, 0x80000000],
  ['shl', 1, 32, 1],
  ['shl', 1, 33, 2],
  ['shl', 0x12345678, 0xfffffffc, 0x80000000],
  ['shr', 0x80000000, 31, 1],
  ['shr', 0x80000000, 32, 0x80000000],
  ['shr', 0x80000000, 63, 1],
  ['sar', 0x80000000, 31, 0xffffffff],
  ['sar', 0x80000000, 32, 0x80000000],
  ['sar', 0x80000000, 0xffffffe1, 0xc0000000],
  ['sar', 0x40000000, 30, 1],
  ['eq', 5, 5, 1],
  ['eq', 5, 6, 0],
  ['ne', 5, 6, 1],
  ['ne', 0xffffffff, 0xffffffff, 0],
  ['lt', 0xffffffff, 1, 1],
  ['ltu', 0xffffffff, 1, 0],
  ['lt', 1, 0x80000000, 0],
  ['ltu', 1, 0x80000000, 1],
  ['lt', 5, 5, 0],
  ['le', 5, 5, 1],
  ['le', 0x80000000, 0x80000000, 1],
  ['le', 0xffffffff, 0xfffffffe, 0],
  ['leu', 0xffffffff, 0xfffffffe, 0],
  ['leu', 0xfffffffe, 0xffffffff, 1],
  ['ltu', 0, 0, 0],
  ['leu', 0, 0, 1],
];
const UN: Array<[string, number, number]> = [
  ['neg', 5, -5],
  ['neg', 0, 0],
  ['neg', 0x80000000, 0x80000000],
  ['neg', 0xffffffff, 1],
  ['not', 0, 0xffffffff],
  ['not', 0x0f0f0f0f, 0xf0f0f0f0],
];

describe('stack32 arithmetic model', () => {
  it('agrees with the hand-computed values', () => {
    for (const [op, a, b, r] of HAND) expect([op, a, b, hex8(stackOp(op, a, b) as number)]).toEqual([op, a, b, hex8(r)]);
    for (const [op, a, r] of UN) expect([op, a, hex8(stackUnop(op, a))]).toEqual([op, a, hex8(r)]);
  });
});

const HAND_CASES: Case[] = [
  {
    name: 'each result replaces its operands on the stack',
    body: lines('push 0x5E471E1', ...HAND.map(([op, a, b]) => `push ${a >>> 0}\npush ${b >>> 0}\n${op}`), ...UN.map(([op, a]) => `push ${a >>> 0}\n${op}`)),
    want: (c) => {
      const rs = [...HAND.map(([, , , r]) => r >>> 0), ...UN.map(([, , r]) => r >>> 0)].reverse();
      return { stop: c.brk(), sp: c.sp0 - 4 * (rs.length + 1), fp: 0, rv: 0, stack: [...rs, 0x5e471e1, 1] };
    },
  },
  {
    name: 'sub, div and shl take a (under) op b (top), and the stack below is untouched',
    body: 'push 99\npush 20\npush 3\nsub\npush 100\npush 7\ndiv\npush 2\nshl',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 12, stack: [56, 17, 99, 1] }),
  },
  {
    name: 'divu and remu of -2^31 by -1 do not fault',
    body: 'push 0x80000000\npush -1\ndivu\npush 0x80000000\npush -1\nremu',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 8, stack: [0x80000000, 0, 1] }),
  },
  {
    name: 'comparisons of a value with itself and its neighbours',
    body: 'push -1\npush -1\nlt\npush -1\npush -1\nle\npush 0\npush -1\nltu\npush 0\npush -1\nlt',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 16, stack: [0, 1, 1, 0, 1] }),
  },
];

// ---- memory and locals ----

const MEMORY: Case[] = [
  {
    name: 'ldw, stw, ldb, stb on data: big-endian words, unaligned, ldb zero-extends, stb stores the low byte',
    body: lines(
      'push 0xCAFEBABE', 'push buf', 'stw',
      'push 0x123456F0', 'push buf + 5', 'stb',
      'push 0x80', 'push buf + 7', 'stb',
      'push buf + 1', 'ldw',
      'push buf', 'ldb',
      'push buf + 5', 'ldb',
      'push word', 'ldw',
      'push word + 3', 'ldb',
      'push 0x11223344', 'push buf + 9', 'stw',
      '.data', 'buf: .space 16', 'word: .word 0x80000001',
    ),
    want: (c) => ({
      stop: c.brk(),
      sp: c.sp0 - 20,
      stack: [0x01, 0x80000001, 0xf0, 0xca, 0xfebabe00, 1],
      mem: [[c.sym('buf'), 'ca fe ba be 00 f0 00 80 00 11 22 33 44 00 00 00 80 00 00 01']],
    }),
  },
  {
    name: 'ldw and ldb read code (readable) bytes',
    body: 'push code\nldw\npush code + 4\nldb\njmp __end\ncode: .byte 0x51, 0x52, 0x00, 0x04, 0xff',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 8, stack: [0xff, 0x51520004, 1] }),
  },
  {
    name: 'stw and stb on the stack itself',
    body: 'push 0\npush 0x11223344\ngetsp\npush 4\nadd\nstw\npush 0xAB\ngetsp\npush 5\nadd\nstb',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, stack: [0x11ab3344, 1] }),
  },
  {
    name: 'ldl / stl address fp + 4k: arguments at 2.., locals at -1.., the saved fp at 0, the return address at 1',
    body: lines(
      'push 0x11111111', // first argument
      'push 0x22222222', // last argument: ldl 2
      'call f',
      'after: brk',
      'f: enter 2',
      'ldl 2', 'stl -1',
      'ldl 3', 'stl -2',
      'ldl 1', 'ldl 0', 'ldl -1', 'ldl -2',
      'inside: brk',
    ),
    want: (c) => ({
      stop: c.brk('inside'),
      pc: c.sym('inside'),
      fp: c.sp0 - 16,
      sp: c.sp0 - 16 - 8 - 16,
      stack: [0x11111111, 0x22222222, 0, c.sym('after'), 0x11111111, 0x22222222, 0, c.sym('after'), 0x22222222, 0x11111111, 1],
    }),
  },
  {
    name: 'ldl -128 and ldl 127 reach fp - 512 and fp + 508; stl writes there',
    body: lines(
      setsp('fpcell + 4'), // fp = buf + 512
      'ldl -128', 'ldl 127', 'ldl 0', 'ldl -1',
      'push 0xAAAAAAAA', 'stl -128',
      'push 0xBBBBBBBB', 'stl 127',
      '.data',
      'buf:', ...Array.from({ length: 256 }, (_, i) => `.word ${0x1000 + i}`),
      'stk: .space 32',
      'fpcell: .word buf + 512',
    ),
    want: (c) => ({
      stop: c.brk(),
      fp: c.sym('buf') + 512,
      sp: c.sym('fpcell') - 12,
      stack: [0x1000 + 127, 0x1000 + 128, 0x1000 + 255, 0x1000],
      mem: [
        [c.sym('buf'), 'aa aa aa aa 00 00 10 01'],
        [c.sym('buf') + 1016, '00 00 10 fe bb bb bb bb'],
      ],
    }),
  },
];

// ---- control ----

const CONTROL: Case[] = [
  {
    name: 'jmp forward skips code; the displacement counts from the next instruction',
    body: 'jmp over\npush 0xBAD\nover: push 2',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, stack: [2, 1], steps: 2 }),
  },
  {
    name: 'jz pops, jumps on 0, falls through otherwise',
    body: 'push 0\njz t1\npush 0xBAD\nt1: push 5\njz t2\npush 7\nt2: push 0x80000000\njz t3\npush 8\nt3:',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 8, stack: [8, 7, 1], steps: 8 }),
  },
  {
    name: 'jnz pops, jumps on non-zero, falls through on 0',
    body: 'push 0x80000000\njnz t1\npush 0xBAD\nt1: push 0\njnz t2\npush 7\nt2: push -1\njnz t3\npush 0xBAD\nt3:',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, stack: [7, 1], steps: 7 }),
  },
  {
    name: 'a backward jnz loop with locals (enter, ldl, stl, leave) sums 10..1',
    body: lines('enter 2', 'push 0', 'stl -1', 'push 10', 'stl -2', 'loop: ldl -1', 'ldl -2', 'add', 'stl -1', 'ldl -2', 'push 1', 'sub', 'dup', 'stl -2', 'jnz loop', 'ldl -1', 'setrv', 'leave'),
    want: (c) => ({ stop: c.brk(), sp: c.sp0, fp: 0, rv: 55, stack: [1], steps: 5 + 10 * 10 + 3 }),
  },
  {
    name: 'call pushes the address of the next instruction and jumps',
    body: 'call f\nafter: brk\nf: brk',
    want: (c) => ({ stop: c.brk('f'), pc: c.sym('f'), sp: c.sp0 - 4, stack: [c.sym('after'), 1] }),
  },
  {
    name: 'call backwards',
    body: 'jmp main\nf: brk\nmain: call f',
    want: (c) => ({ stop: c.brk('f'), pc: c.sym('f'), sp: c.sp0 - 4, stack: [c.sym('__end'), 1] }),
  },
  {
    name: 'call and ret: a function returns its result in rv, the caller reads it with getrv and drops the arguments',
    body: lines('push 50', 'push 8', 'call minus', 'drop', 'drop', 'getrv', 'jmp __end', 'minus: enter 1', 'ldl 3', 'ldl 2', 'sub', 'stl -1', 'ldl -1', 'setrv', 'leave', 'ret'),
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, fp: 0, rv: 42, stack: [42, 1] }),
  },
  {
    name: 'recursion: fact(6) with frames, arguments and rv',
    body: lines(
      'push 6', 'call fact', 'drop', 'getrv', 'jmp __end',
      'fact: enter 0',
      'ldl 2', 'push 2', 'lt', 'jz rec',
      'push 1', 'setrv', 'leave', 'ret',
      'rec: ldl 2', 'push 1', 'sub', 'call fact', 'drop',
      'getrv', 'ldl 2', 'mul', 'setrv', 'leave', 'ret',
    ),
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, fp: 0, rv: 720, stack: [720, 1] }),
  },
  {
    name: 'ret pops the address and jumps there',
    body: 'push there\nret\npush 0xBAD\nthere: push 3',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, stack: [3, 1] }),
  },
  {
    name: 'jmpi pops the address and jumps there',
    body: 'push 9\npush there\njmpi\npush 0xBAD\nthere: push 3',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 8, stack: [3, 9, 1] }),
  },
  {
    name: 'jmpi through a table of addresses in .data',
    body: 'push table + 4\nldw\njmpi\nc0: push 0xBAD\nc1: push 1\n.data\ntable: .word c0, c1',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, stack: [1, 1] }),
  },
  {
    name: 'calli replaces the address on top with the return address (sp unchanged) and jumps',
    body: 'push 9\npush f\ncalli\nafter: brk\nf: brk',
    want: (c) => ({ stop: c.brk('f'), pc: c.sym('f'), sp: c.sp0 - 8, stack: [c.sym('after'), 9, 1] }),
  },
  {
    name: 'calli through a table, and back with ret',
    body: lines('push ftab + 4', 'ldw', 'calli', 'getrv', 'jmp __end', 'f0: push 0xBAD', 'setrv', 'ret', 'f1: push 0x1234', 'setrv', 'ret', '.data', 'ftab: .word f0, f1'),
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4, rv: 0x1234, stack: [0x1234, 1] }),
  },
  {
    name: 'enter n: pushes fp, fp = that slot, sp = fp - 4n',
    body: 'push 0x12345678\nenter 3',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 8 - 12, fp: c.sp0 - 8, mem: [[c.sp0 - 8, '00 00 00 00 12 34 56 78']] }),
  },
  {
    name: 'enter 255 reserves 1020 bytes (n is unsigned); enter 0 none; nested frames save fp',
    body: 'enter 255\nenter 0',
    want: (c) => ({ stop: c.brk(), fp: c.sp0 - 4 - 1020 - 4, sp: c.sp0 - 4 - 1020 - 4, stack: [c.sp0 - 4] }),
  },
  {
    name: 'leave: sp = fp, then pop fp (the frames unwind in order)',
    body: 'enter 2\npush 1\nenter 1\npush 2\nleave\nleave',
    want: (c) => ({ stop: c.brk(), sp: c.sp0, fp: 0, stack: [1] }),
  },
  {
    name: 'leave once from a nested frame',
    body: 'enter 2\npush 0x77\nenter 1\npush 2\nleave',
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 4 - 8 - 4, fp: c.sp0 - 4, stack: [0x77] }),
  },
];

const SYSTEM: Case[] = [
  // brk and ud fault: stack32-faults.test.ts; syscall: stack32-syscalls.test.ts
  {
    name: 'brk stops at itself with no effect (the next instruction is not run)',
    body: 'push 1\nhere: brk\npush 2',
    want: (c) => ({ stop: c.brk('here'), pc: c.sym('here'), sp: c.sp0 - 4, stack: [1, 1], steps: 1 }),
  },
];

caseSuite('stack32 instructions, one by one', [
  ['process start (manual §5, cisc32 §6)', START],
  ['stack and constants', STACK],
  ['arithmetic: hand-computed values, straight from the stack', HAND_CASES],
  ['memory and locals', MEMORY],
  ['control', CONTROL],
  ['system instructions that do not end the program', SYSTEM],
]);
