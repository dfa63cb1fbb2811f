// stack32 system calls (manual §5, cisc32 §6) on the interpreter, the DBT
// onto risc32 and the DBT with the host machine interpreting: `syscall` pops
// nr (the top), a1, a2, a3 and pushes the result in place of a3 — sp grows by
// 12, the popped words stay in memory below sp. write, read, brk and exit
// with their results and errno values (EBADF -9, EFAULT -14, checked fd
// first), and -38 (ENOSYS) for any other number, cisc32's numbers included.

import { describe, it } from 'vitest';
import { caseSuite, expectEach, hex8, runS32, type Case } from '../fixtures/stack32.js';

const lines = (...ls: string[]) => ls.join('\n');
/** a3 a2 a1 nr -> result */
const sys = (nr: number | string, a1: number | string, a2: number | string, a3: number | string) => lines(`push ${a3}`, `push ${a2}`, `push ${a1}`, `push ${nr}`, 'syscall');
const WRITE = 1;
const READ = 0;
const BRK = 12;
const EXIT = 60;
const neg = (v: number) => -v >>> 0;
const MSG = '.data\nmsg: .ascii "hello\\n"';

const WRITE_CASES: Case[] = [
  {
    name: 'write(1, msg, 6): the output, the result in place of a3, sp up by 12 from the last push, the popped words left below sp',
    body: lines('push 0x5E471E1', sys(WRITE, 1, 'msg', 6), MSG),
    want: (c) => ({
      stop: c.brk(),
      stdout: 'hello\n',
      stderr: '',
      sp: c.sp0 - 8,
      stack: [6, 0x5e471e1, 1],
      mem: [[c.sp0 - 20, `00 00 00 01 00 00 00 01 ${hex8(c.sym('msg')).slice(2).replace(/(..)(?!$)/g, '$1 ')} 00 00 00 06`]],
      steps: 6,
    }),
  },
  { name: 'write(2, msg, 3) goes to standard error', body: lines(sys(WRITE, 2, 'msg', 3), MSG), want: (c) => ({ stop: c.brk(), stdout: '', stderr: 'hel', sp: c.sp0 - 4, stack: [3, 1] }) },
  { name: 'write(1, msg, 0) writes nothing and returns 0', body: lines(sys(WRITE, 1, 'msg', 0), MSG), want: (c) => ({ stop: c.brk(), stdout: '', stack: [0, 1] }) },
  { name: 'write(5, ...) returns -9 (EBADF)', body: lines(sys(WRITE, 5, 'msg', 3), MSG), want: (c) => ({ stop: c.brk(), stdout: '', stderr: '', stack: [neg(9), 1] }) },
  { name: 'write(0, ...) returns -9: standard input is not for writing', body: lines(sys(WRITE, 0, 'msg', 3), MSG), want: (c) => ({ stop: c.brk(), stdout: '', stack: [neg(9), 1] }) },
  { name: 'write(1, 0x10, 4) returns -14 (EFAULT)', body: sys(WRITE, 1, 0x10, 4), want: (c) => ({ stop: c.brk(), stdout: '', stack: [neg(14), 1] }) },
  {
    name: 'write of a buffer that runs off .data returns -14 and writes nothing',
    body: lines(sys(WRITE, 1, 'msg', 0x2000), MSG),
    want: (c) => ({ stop: c.brk(), stdout: '', stack: [neg(14), 1] }),
  },
  { name: 'the fd is checked before the buffer: write(7, 0x10, 4) is -9', body: sys(WRITE, 7, 0x10, 4), want: (c) => ({ stop: c.brk(), stack: [neg(9), 1] }) },
  {
    name: 'write from read-only code bytes works',
    body: lines(sys(WRITE, 1, 'txt', 3), 'jmp __end', 'txt: .ascii "abc"'),
    want: (c) => ({ stop: c.brk(), stdout: 'abc', stack: [3, 1] }),
  },
  {
    name: 'write from the stack: a pushed word is its big-endian bytes',
    body: lines('push 0x6869210A', 'push 4', 'getsp', 'push 4', 'add', 'push 1', 'push 1', 'syscall'),
    want: (c) => ({ stop: c.brk(), stdout: 'hi!\n', sp: c.sp0 - 8, stack: [4, 0x6869210a, 1] }),
  },
  {
    name: 'the arguments are whole 32-bit words: a count of 0x80000001 is -14, not a short write',
    body: lines(sys(WRITE, 1, 'msg', 0x80000001), MSG),
    want: (c) => ({ stop: c.brk(), stdout: '', stack: [neg(14), 1] }),
  },
];

// in order, from one standard input
const READ_CASES: Case[] = [
  {
    name: 'read onto the stack: the bytes land in memory order, so the word reads big-endian',
    body: lines('push 0', 'push 4', 'getsp', 'push 4', 'add', 'push 0', 'push 0', 'syscall'),
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 8, stack: [4, 0x61626364, 1] }),
  },
  {
    name: 'read(0, buf, 8) three times: 8, the 2 left, then 0 at the end of input',
    body: lines(sys(READ, 0, 'buf', 8), sys(READ, 0, 'buf + 8', 8), sys(READ, 0, 'buf + 16', 8), '.data', 'buf: .space 24'),
    want: (c) => ({ stop: c.brk(), sp: c.sp0 - 12, stack: [0, 2, 8, 1], mem: [[c.sym('buf'), '65 66 67 68 69 6a 6b 6c 6d 6e 00 00 00 00 00 00 00 00']] }),
  },
  { name: 'read(1, ...) returns -9', body: lines(sys(READ, 1, 'buf', 4), '.data', 'buf: .space 4'), want: (c) => ({ stop: c.brk(), stack: [neg(9), 1], mem: [[c.sym('buf'), '00 00 00 00']] }) },
  { name: 'read into read-only code returns -14', body: lines(sys(READ, 0, '__end', 4)), want: (c) => ({ stop: c.brk(), stack: [neg(14), 1] }) },
  { name: 'read into unmapped memory returns -14', body: sys(READ, 0, 0x10, 4), want: (c) => ({ stop: c.brk(), stack: [neg(14), 1] }) },
  { name: 'the fd is checked before the buffer: read(1, 0x10, 4) is -9', body: sys(READ, 1, 0x10, 4), want: (c) => ({ stop: c.brk(), stack: [neg(9), 1] }) },
  { name: 'read(0, buf, 0) returns 0', body: lines(sys(READ, 0, 'buf', 0), '.data', 'buf: .space 4'), want: (c) => ({ stop: c.brk(), stack: [0, 1] }) },
];

const BRK_CASES: Case[] = [
  {
    name: 'brk(0) returns the initial break; brk(addr) moves it and maps zeroed memory up to it; out-of-range addresses leave it alone',
    body: lines(
      sys(BRK, 0, 0, 0), // -> brk0
      'dup', 'setrv',
      'push 0', 'push 0', 'getrv', 'push 0x2000', 'add', 'push 12', 'syscall', // brk(brk0 + 0x2000) -> brk0 + 0x2000
      'push 0x11223344', 'getrv', 'push 4', 'add', 'stw', // the new memory is writable
      'getrv', 'push 8', 'add', 'ldw', // and reads zero
      'getrv', 'push 0x1FFC', 'add', 'ldw', // up to the new break
      sys(BRK, 0xf00001, 0, 0), // beyond the heap's limit: unchanged
      sys(BRK, 0x1000, 0, 0), // below the initial break: unchanged
      'getrv', 'push 0x2000', 'add', 'f: ldw', // past the break: unmapped
    ),
    want: (c) => ({
      stop: c.fault('segmentation fault', 'f', c.brk0 + 0x2000),
      sp: c.sp0 - 28,
      rv: c.brk0,
      stack: [c.brk0 + 0x2000, c.brk0 + 0x2000, c.brk0 + 0x2000, 0, 0, c.brk0 + 0x2000, c.brk0, 1],
      mem: [[c.brk0, '00 00 00 00 11 22 33 44 00 00 00 00']],
    }),
  },
];

const UNKNOWN_CASES: Case[] = [
  ...[99, 2, 3, 4, 45, 61, 0xffffffff, 0x100].map((nr) => ({
    name: `syscall ${hex8(nr)}`,
    body: lines('push 0x5E471E1', sys(hex8(nr), 1, 'msg', 6), MSG),
    want: (c: { sp0: number; brk(): string }) => ({ stop: c.brk(), stdout: '', stderr: '', sp: c.sp0 - 8, stack: [neg(38), 0x5e471e1, 1] }),
  })),
];

caseSuite(
  'stack32 system calls',
  [
    ['write', WRITE_CASES],
    ['read (in order, from one standard input)', READ_CASES],
    ['brk', BRK_CASES],
    ['unknown numbers return -38 (ENOSYS)', UNKNOWN_CASES],
  ],
  { stdin: 'abcdefghijklmn' },
);

describe('stack32 exit', () => {
  it('exit(7) ends the process with status 7 after the output before it', async () => {
    const states = await runS32(lines('.text', '_start:', sys(WRITE, 1, 'msg', 6), 'drop', sys(EXIT, 7, 0x1234, 0x5678), 'brk', MSG));
    await expectEach(states, () => ({ stop: 'exit 7', stdout: 'hello\n' }));
  });

  it('the status is taken modulo 256: exit(300) is 44, exit(-1) is 255', async () => {
    await expectEach(await runS32(lines('.text', '_start:', sys(EXIT, 300, 0, 0), 'brk')), () => ({ stop: 'exit 44', stdout: '' }));
    await expectEach(await runS32(lines('.text', '_start:', sys(EXIT, -1, 0, 0), 'brk')), () => ({ stop: 'exit 255' }));
  });
});
