// stack32 faults (manual §3-§4, cisc32 §5) on the interpreter, the DBT onto
// risc32 and the DBT with the host machine interpreting: the exact fault
// line, pc at the faulting instruction (at the target, for a fetch fault),
// and the state left as it was before the faulting instruction — sp, fp, rv,
// the stack's words, memory, output. Divides by 0 and of -2^31 by -1; brk;
// ud and every byte that is not an opcode; fetches from unmapped and
// non-executable memory and off the end of a segment; loads and stores that
// touch unmapped or read-only memory; every instruction that pops with sp at
// unmapped memory, every one that pushes with the next slot unmapped; and the
// stack in read-only memory, where `swap` and `syscall` probe the word they
// write first and so fault before any effect.
//
// The stack is moved with `setsp` (tests/fixtures/stack32.ts: enter/stl/
// leave/leave), onto three areas laid out below: .ro, exactly one page,
// read-only, followed directly by .rw; and .edge, with unmapped memory on
// both sides.

import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { isaAssembler } from '../../src/asm/backend.js';
import { loadIsa } from '../../src/spec/index.js';
import { STACK_BINOPS } from '../fixtures/models.js';
import { caseSuite, hex8, setsp, symAt, type Case } from '../fixtures/stack32.js';
import { OPCODES, UNDEFINED } from '../fixtures/stack32-opcodes.js';

const lines = (...ls: string[]) => ls.join('\n');

// ---- the memory the cases move the stack onto ----

const RO_MSG = 'hello ro';
const LAYOUT = lines(
  '.section .ro, "r"',
  'ro_start: .word 0x0000F00F', // fp for setsp(ro_a)
  'ro_a: .word 0x11111111, 0x22222222, 0x33333333',
  '.word 0x0000F00F',
  'ro_sys: .word 1, 1, ro_msg, 5', // write(1, ro_msg, 5)
  '.word 0x0000F00F',
  'ro_exit: .word 60, 7, 0, 0', // exit(7)
  `ro_msg: .ascii "${RO_MSG}"`,
  `.space ${0x1000 - 14 * 4 - RO_MSG.length - 16}`,
  '.word 0x0000F00F', // ro_end - 16
  '.word 99', // ro_end - 12: an unknown call number
  '.word 0x2A2A2A2A', // ro_end - 8
  'ro_last: .word 0x1A571A57', // ro_end - 4
  'ro_end:',
  '.section .rw, "rw"', // on the page right after .ro
  'rw_first: .word 0xF1F5F1F5',
  '.word 0xF2F2F2F2',
  '.section .edge, "rw"', // unmapped memory before and after
  'edge_start: .word 0x0000E000',
  '.word 0xE0000004',
  '.word 0x0000E016', // edge_end - 16
  '.word 1', // edge_end - 12: write
  '.word 1', // edge_end - 8: fd 1
  'edge_last: .word edge_start', // edge_end - 4
  'edge_end:',
);
const SETSP = 5; // instructions of setsp()

describe('the fault-test layout', () => {
  it('.ro is one read-only page with .rw right after it; .edge has unmapped memory on both sides', async () => {
    const isa = await loadIsa('stack32');
    const img = assemble(`.text\n_start: brk\n${LAYOUT}\n`, 'layout.s', isaAssembler(isa));
    const seg = (n: string) => img.segments.find((s) => s.name === n)!;
    expect(seg('.ro').memSize).toBe(0x1000);
    expect(seg('.ro').flags).toEqual({ r: true, w: false, x: false });
    expect(symAt(img, 'rw_first')).toBe(symAt(img, 'ro_end'));
    expect(seg('.edge').memSize % 0x1000).not.toBe(0);
    expect(seg('.edge').vaddr % 0x1000).toBe(0);
  });
});

// ---- divide faults, brk, ud ----

const divFault = (name: string, a: number, b: number, op: string): Case => ({
  name,
  body: `push 0x5E471E1\npush ${hex8(a)}\npush ${hex8(b)}\nf: ${op}\npush 0xBAD`,
  want: (c) => ({ stop: c.fault('divide error', 'f'), pc: c.sym('f'), sp: c.sp0 - 12, fp: 0, rv: 0, stack: [b, a, 0x5e471e1, 1], steps: 3 }),
});

const DIVIDE: Case[] = [
  divFault('div by 0', 7, 0, 'div'),
  divFault('rem by 0', 0xffffffff, 0, 'rem'),
  divFault('divu by 0', 0x80000000, 0, 'divu'),
  divFault('remu by 0', 1, 0, 'remu'),
  divFault('div 0 by 0', 0, 0, 'div'),
  divFault('div of -2^31 by -1', 0x80000000, 0xffffffff, 'div'),
  divFault('rem of -2^31 by -1', 0x80000000, 0xffffffff, 'rem'),
];

const BRK_UD: Case[] = [
  {
    name: 'brk: a breakpoint at the brk, nothing changed',
    body: 'push 5\npush 0x7000\nsetrv\nf: brk\npush 6',
    want: (c) => ({ stop: c.fault('breakpoint', 'f'), pc: c.sym('f'), sp: c.sp0 - 4, rv: 0x7000, stack: [5, 1], steps: 3 }),
  },
  {
    name: 'ud: an illegal instruction at the ud, nothing changed',
    body: 'push 5\nf: ud\npush 6',
    want: (c) => ({ stop: c.fault('illegal instruction', 'f'), pc: c.sym('f'), sp: c.sp0 - 4, fp: 0, rv: 0, stack: [5, 1], steps: 1 }),
  },
  {
    name: 'ud inside a frame',
    body: 'enter 2\npush 9\nf: ud',
    want: (c) => ({ stop: c.fault('illegal instruction', 'f'), sp: c.sp0 - 16, fp: c.sp0 - 4, stack: [9], steps: 2 }),
  },
];

// ---- every byte that is not an opcode ----


describe('the manual lists 50 opcodes', () => {
  it('50 opcodes, 206 other bytes', () => {
    expect(OPCODES.length).toBe(50);
    expect(UNDEFINED.length).toBe(206);
  });
});

const ILLEGAL: Case[] = UNDEFINED.map(
  (b): Case => ({
    name: `byte 0x${b.toString(16).padStart(2, '0')}`,
    // the bytes after it would make a whole instruction of any length
    body: `push 0x1234\nf: .byte 0x${b.toString(16)}, 0x01, 0x02, 0x03, 0x04`,
    want: (c) => ({ stop: c.fault('illegal instruction', 'f'), pc: c.sym('f'), sp: c.sp0 - 4, fp: 0, rv: 0, stack: [0x1234, 1], steps: 1 }),
  }),
);

// ---- fetch faults ----

const FETCH: Case[] = [
  {
    name: 'jmpi to unmapped memory (jmpi itself completed: the address is popped)',
    body: 'push 7\npush 0x500000\njmpi',
    want: (c) => ({ stop: c.fault('segmentation fault', 0x500000, 0x500000), pc: 0x500000, sp: c.sp0 - 4, stack: [7, 1], steps: 3 }),
  },
  {
    name: 'calli to unmapped memory (the return address replaced the target)',
    body: 'push 0x500000\ncalli\nafter: brk',
    want: (c) => ({ stop: c.fault('segmentation fault', 0x500000, 0x500000), pc: 0x500000, sp: c.sp0 - 4, stack: [c.sym('after'), 1], steps: 2 }),
  },
  {
    name: 'ret to address 0',
    body: 'push 0\nret',
    want: (c) => ({ stop: c.fault('segmentation fault', 0, 0), pc: 0, sp: c.sp0, stack: [1], steps: 2 }),
  },
  {
    name: 'jmpi into .data (mapped, not executable)',
    body: 'push dat\njmpi\n.data\ndat: .byte 0, 0, 0, 0',
    want: (c) => ({ stop: c.fault('segmentation fault', 'dat', 'dat'), pc: c.sym('dat'), sp: c.sp0, steps: 2 }),
  },
  {
    name: 'jmp into the read-only data page',
    body: 'jmp ro_start',
    want: (c) => ({ stop: c.fault('segmentation fault', 'ro_start', 'ro_start'), pc: c.sym('ro_start'), sp: c.sp0, steps: 1 }),
  },
  {
    name: 'call to unmapped memory (call completed: the return address is pushed)',
    body: 'call unmapped\nafter: brk\n.equ unmapped, 0x8ff0',
    want: (c) => ({ stop: c.fault('segmentation fault', 0x8ff0, 0x8ff0), pc: 0x8ff0, sp: c.sp0 - 4, stack: [c.sym('after'), 1], steps: 1 }),
  },
  {
    name: 'an instruction running off the end of its segment faults at the instruction, addr = its first byte',
    body: 'push 1\njmp t\n.section .tail1, "rx"\nt: push 2\nf: .byte 0x03, 0x12, 0x34',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 'f'), pc: c.sym('f'), sp: c.sp0 - 8, stack: [2, 1, 1], steps: 3 }),
  },
  {
    name: 'a jump displacement cut by the end of the segment',
    body: 'jmp t\n.section .tail2, "rx"\nt:\nf: .byte 0x40, 0x00',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 'f'), pc: c.sym('f'), sp: c.sp0, steps: 1 }),
  },
  {
    name: 'falling off the end of a segment after a whole instruction faults at the end',
    body: 'jmp t\n.section .tail3, "rx"\nt: push 3\nend:',
    want: (c) => ({ stop: c.fault('segmentation fault', 'end', 'end'), pc: c.sym('end'), sp: c.sp0 - 4, stack: [3, 1], steps: 2 }),
  },
];

// ---- loads and stores ----

const MEMORY: Case[] = [
  {
    name: 'ldw from unmapped memory',
    body: 'push 0x10\nf: ldw',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 0x10), pc: c.sym('f'), sp: c.sp0 - 4, stack: [0x10, 1], steps: 1 }),
  },
  {
    name: 'ldw of a word whose last 2 bytes are unmapped',
    body: 'push edge_end - 2\nf: ldw',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', c.sym('edge_end') - 2), sp: c.sp0 - 4, stack: [c.sym('edge_end') - 2, 1] }),
  },
  {
    name: 'ldb from unmapped memory at the top of the address space',
    body: 'push -16\nf: ldb',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 0xfffffff0), sp: c.sp0 - 4, stack: [0xfffffff0, 1] }),
  },
  {
    name: 'stw to read-only data',
    body: 'push 0x11223344\npush ro_a\nf: stw',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 'ro_a'), sp: c.sp0 - 8, stack: [c.sym('ro_a'), 0x11223344, 1], mem: [[c.sym('ro_a'), '11 11 11 11']] }),
  },
  {
    name: 'stw to .text',
    body: 'push 0x11223344\npush f\nf: stw',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 'f'), sp: c.sp0 - 8, stack: [c.sym('f'), 0x11223344, 1], mem: [[c.sym('f'), '33']] }),
  },
  {
    name: 'stw of a word whose last byte is unmapped writes none of it',
    body: 'push 0x11223344\npush edge_end - 3\nf: stw',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', c.sym('edge_end') - 3), sp: c.sp0 - 8, stack: [c.sym('edge_end') - 3, 0x11223344, 1], mem: [[c.sym('edge_end') - 4, hexWord(c.sym('edge_start'))]] }),
  },
  {
    name: 'stb to read-only data',
    body: 'push 0xAB\npush ro_a + 1\nf: stb',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', c.sym('ro_a') + 1), sp: c.sp0 - 8, stack: [c.sym('ro_a') + 1, 0xab, 1], mem: [[c.sym('ro_a'), '11 11 11 11']] }),
  },
  {
    name: 'stb to unmapped memory',
    body: 'push 0xAB\npush edge_start - 1\nf: stb',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', c.sym('edge_start') - 1), sp: c.sp0 - 8, stack: [c.sym('edge_start') - 1, 0xab, 1] }),
  },
  {
    name: 'ldl with fp at unmapped memory',
    body: lines(setsp('top'), 'f: ldl 0', '.data', '.space 16', 'cell: .word 0x10', 'top:'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 0x10), sp: c.sym('top'), fp: 0x10, steps: SETSP }),
  },
  {
    name: 'ldl 127 past the top of the stack',
    body: 'enter 0\nf: ldl 127',
    want: (c) => {
      if (c.sp0 - 4 + 508 < 0x01000000) throw new Error('the initial sp is too low for this test');
      return { stop: c.fault('segmentation fault', 'f', c.sp0 - 4 + 508), sp: c.sp0 - 4, fp: c.sp0 - 4, steps: 1 };
    },
  },
  {
    name: 'stw and ldw just above the top of the stack (0x01000000)',
    body: 'push 0x5A5A5A5A\npush 0x01000100\nf: stw',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 0x01000100), sp: c.sp0 - 8, stack: [0x01000100, 0x5a5a5a5a, 1], steps: 2 }),
  },
  {
    name: 'ldw at 0x01000000',
    body: 'push 0x01000000\nf: ldw',
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 0x01000000), sp: c.sp0 - 4, stack: [0x01000000, 1], steps: 1 }),
  },
  {
    name: 'stl with fp at unmapped memory (the value stays on the stack)',
    body: lines(setsp('top'), 'push 0x77', 'f: stl 1', '.data', '.space 16', 'cell: .word 0x10', 'top:'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 0x14), sp: c.sym('top') - 4, fp: 0x10, stack: [0x77], steps: SETSP + 1 }),
  },
  {
    name: 'stl into read-only data',
    body: lines(setsp('top'), 'push 0x77', 'f: stl -1', '.data', '.space 16', 'cell: .word ro_a + 4', 'top:'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 'ro_a'), sp: c.sym('top') - 4, fp: c.sym('ro_a') + 4, stack: [0x77], mem: [[c.sym('ro_a'), '11 11 11 11']] }),
  },
  {
    name: 'leave with fp at unmapped memory',
    body: lines(setsp('top'), 'f: leave', '.data', '.space 16', 'cell: .word 0x10', 'top:'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 0x10), sp: c.sym('top'), fp: 0x10, steps: SETSP }),
  },
];

function hexWord(v: number): string {
  return hex8(v).slice(2).replace(/(..)(?!$)/g, '$1 ');
}

// ---- pops with sp at unmapped memory ----

/** Every instruction that reads the top of the stack. */
const POPPERS = ['drop', 'dup', 'swap', 'over', 'setrv', ...STACK_BINOPS, 'neg', 'not', 'stl 0', 'ldw', 'stw', 'ldb', 'stb', 'jz __end', 'jnz __end', 'jmpi', 'calli', 'ret', 'syscall'];
/** Those that also read the word under it. */
const TWO = ['swap', 'over', ...STACK_BINOPS, 'stw', 'stb'];

// After setsp(edge_end), fp is the word at edge_end - 4 (edge_start); after setsp(edge_end - 4), the word at edge_end - 8 (1).
const POPS: Case[] = [
  ...POPPERS.map(
    (insn): Case => ({
      name: `${insn} with sp at the end of a segment`,
      body: lines(setsp('edge_end'), `f: ${insn}`),
      want: (c) => ({ stop: c.fault('segmentation fault', 'f', 'edge_end'), pc: c.sym('f'), sp: c.sym('edge_end'), fp: c.sym('edge_start'), rv: 0, steps: SETSP, stdout: '' }),
    }),
  ),
  ...TWO.map(
    (insn): Case => ({
      name: `${insn} with the top of stack mapped and the word under it not`,
      body: lines(setsp('edge_end - 4'), `f: ${insn}`),
      want: (c) => ({
        stop: c.fault('segmentation fault', 'f', 'edge_end'),
        pc: c.sym('f'),
        sp: c.sym('edge_end') - 4,
        fp: 1,
        stack: [c.sym('edge_start')],
        steps: SETSP,
      }),
    }),
  ),
  {
    name: 'syscall with its fourth word (a3) unmapped: no call is made',
    body: lines(setsp('edge_end - 12'), 'f: syscall'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 'edge_end'), sp: c.sym('edge_end') - 12, fp: 0xe016, stack: [1, 1, c.sym('edge_start')], stdout: '', steps: SETSP }),
  },
];

// ---- pushes with the next slot unmapped ----

/** Every instruction that pushes (after reading what it reads); `call` and `enter` too. */
const PUSHERS = ['push 1', 'push 0x1234', 'push 0x12345678', 'dup', 'over', 'getrv', 'getsp', 'ldl 0', 'ldl 1', 'call __end', 'enter 1', 'enter 0'];

// setsp(edge_start + 4) then enter 0: sp = fp = edge_start, and edge_start - 4 is unmapped.
const PUSHES: Case[] = PUSHERS.map(
  (insn): Case => ({
    name: insn,
    body: lines(setsp('edge_start + 4'), 'enter 0', `f: ${insn}`),
    want: (c) => ({
      stop: c.fault('segmentation fault', 'f', c.sym('edge_start') - 4),
      pc: c.sym('f'),
      sp: c.sym('edge_start'),
      fp: c.sym('edge_start'),
      rv: 0,
      stack: [0xe000, 0xe0000004],
      steps: SETSP + 1,
    }),
  }),
);

// ---- the stack in read-only memory ----

// setsp(ro_a): sp = ro_a (tos 0x11111111, then 0x22222222), fp = 0xF00F.
const roState = (c: { sym(n: string): number }) => ({ sp: c.sym('ro_a'), fp: 0xf00f, stack: [0x11111111, 0x22222222, 0x33333333] });

const READ_ONLY: Case[] = [
  {
    name: 'swap probes the word it writes last: with sp read-only and sp + 4 writable, it faults at sp and writes nothing',
    body: lines(setsp('ro_last'), 'f: swap'),
    want: (c) => ({
      stop: c.fault('segmentation fault', 'f', 'ro_last'),
      sp: c.sym('ro_last'),
      fp: 0x2a2a2a2a,
      stack: [0x1a571a57, 0xf1f5f1f5],
      mem: [[c.sym('ro_last'), '1a 57 1a 57 f1 f5 f1 f5']],
      steps: SETSP,
    }),
  },
  {
    name: 'syscall probes its result word first: write with the stack read-only faults and writes no output',
    body: lines(setsp('ro_sys'), 'f: syscall'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', c.sym('ro_sys') + 12), sp: c.sym('ro_sys'), fp: 0xf00f, stack: [1, 1, c.sym('ro_msg'), 5], stdout: '', steps: SETSP }),
  },
  {
    name: 'syscall exit with the stack read-only faults instead of exiting',
    body: lines(setsp('ro_exit'), 'f: syscall'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', c.sym('ro_exit') + 12), sp: c.sym('ro_exit'), stack: [60, 7, 0, 0], steps: SETSP }),
  },
  {
    name: 'add: the result is written to sp + 4 before sp moves, so the fault leaves sp as it was',
    body: lines(setsp('ro_a'), 'f: add'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', c.sym('ro_a') + 4), ...roState(c), steps: SETSP }),
  },
  {
    name: 'neg writes the top of stack in place',
    body: lines(setsp('ro_a'), 'f: neg'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 'ro_a'), ...roState(c) }),
  },
  {
    name: 'ldw reads, then faults replacing the top of stack in place',
    body: lines(setsp('ro_sys + 8'), 'f: ldw'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', c.sym('ro_sys') + 8), sp: c.sym('ro_sys') + 8, fp: 1, stack: [c.sym('ro_msg'), 5] }),
  },
  {
    name: 'push writes below sp',
    body: lines(setsp('ro_a'), 'f: push 1'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', c.sym('ro_a') - 4), ...roState(c) }),
  },
  {
    name: 'calli writes the return address over the target',
    body: lines(setsp('ro_a'), 'f: calli'),
    want: (c) => ({ stop: c.fault('segmentation fault', 'f', 'ro_a'), ...roState(c) }),
  },
  {
    name: 'pops only read: drop, setrv and jnz work on a read-only stack',
    body: lines(setsp('ro_a'), 'drop', 'setrv', 'jnz __end', 'push 0xBAD'),
    want: (c) => ({ stop: c.brk(), sp: c.sym('ro_a') + 12, fp: 0xf00f, rv: 0x22222222, steps: SETSP + 3 }),
  },
  {
    // before the last case, which writes rw_first
    name: 'add with the top in read-only memory and the word under it writable works',
    body: lines(setsp('ro_last'), 'add'),
    want: (c) => ({ stop: c.brk(), sp: c.sym('rw_first'), stack: [0x1a571a57 + 0xf1f5f1f5 - 2 ** 32], mem: [[c.sym('ro_last'), '1a 57 1a 57']] }),
  },
  {
    // last: it writes rw_first, which the swap and add cases read
    name: 'syscall with nr, a1, a2 read-only and a3 writable works: the result goes in a3 and sp grows by 12',
    body: lines(setsp('ro_end - 12'), 'syscall'),
    want: (c) => ({ stop: c.brk(), sp: c.sym('ro_end'), stack: [-38 >>> 0, 0xf2f2f2f2], mem: [[c.sym('rw_first'), 'ff ff ff da']], steps: SETSP + 1 }),
  },
];

caseSuite(
  'stack32 faults',
  [
    ['divide faults: the operands stay on the stack, pc at the divide', DIVIDE],
    ['brk and ud', BRK_UD],
    ['every byte that is not an opcode is an illegal instruction when run', ILLEGAL],
    ['fetch faults: pc is the address that could not be fetched', FETCH],
    ['memory faults of loads and stores: addr is the first byte of the access, nothing changes', MEMORY],
    ['pops with sp at unmapped memory fault at sp, changing nothing', POPS],
    ['pushes into unmapped memory fault at the slot, changing nothing', PUSHES],
    ['the stack in read-only memory', READ_ONLY],
  ],
  { layout: LAYOUT },
);
