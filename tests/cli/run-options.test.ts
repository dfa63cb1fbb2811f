// Contract 2: `xlat run` options. Options come before FILE, everything after
// FILE goes to the guest; --max-steps, --stats, --trace and --isa.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { lines, sample, stackTraceLines, tempDir, xlatAsync } from '../fixtures/cli.js';

const tmp = tempDir('xlat-cli-run-');
afterAll(() => tmp.cleanup());

function write(name: string, text: string): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
}

const ECHO = sample('cisc32', 'echo');

// Tiny programs, written in beforeAll.
let loopCisc = '';
let loopRisc = '';
let tinyCisc = '';
let tinyRisc = '';
let noIsa = '';
let noIsaBroken = '';
let argv0 = '';

beforeAll(() => {
  loopCisc = write('loop-cisc.s', '.isa cisc32\n_start:\n  inc r0\n  jmp _start\n');
  loopRisc = write('loop-risc.s', '.isa risc32\n_start:\n  addl r1, 1, r1\n  br _start\n');
  // mov r0, 1 ; mov r3, 7 ; test r3, r3 ; cmp r3, 8 ; syscall  -> exit(7) after 5 instructions
  tinyCisc = write('tiny-cisc.s', '.isa cisc32\n_start:\n  mov r0, 1\n  mov r3, 7\n  test r3, r3\n  cmp r3, 8\n  syscall\n');
  // li v0, 1 ; li a0, 9 ; callsys  -> exit(9) after 3 instructions
  tinyRisc = write('tiny-risc.s', '.isa risc32\n_start:\n  li v0, 1\n  li a0, 9\n  callsys\n');
  noIsa = write('no-isa.s', '; no .isa directive here\n_start:\n  li v0, 1\n  li a0, 5\n  callsys\n');
  argv0 = write(
    'argv0.s',
    `.isa cisc32
_start:
  mov r1, [sp + 4]        ; argv[0]
  mov r2, r1
scan:
  movzx r0, byte [r2]
  test r0, r0
  je found
  inc r2
  jmp scan
found:
  sub r2, r1              ; write(1, argv[0], strlen)
  mov r0, 4
  mov r3, 1
  syscall
  mov r0, 1               ; exit(argc)
  mov r3, [sp]
  syscall
`,
  );
  noIsaBroken = write('no-isa-cisc.s', '# cisc32 code, but no .isa\n_start:\n  mov r0, 1\n  mov r3, 6\n  syscall\n');
});

describe.concurrent('arguments: options before FILE, the rest to the guest', () => {
  it('passes option-like words after FILE to the guest (echo --stats -x)', async ({ expect }) => {
    const r = await xlatAsync(['run', ECHO, '--stats', '-x']);
    expect(r.stdout).toBe('--stats -x\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('passes --help, -h, --version, --isa, --max-steps and -- after FILE to the guest', async ({ expect }) => {
    const r = await xlatAsync(['run', ECHO, '--help', '-h', '--version', '--isa', 'risc32', '--max-steps', '1', '--', 'end']);
    expect(r.stdout).toBe('--help -h --version --isa risc32 --max-steps 1 -- end\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('passes a word that names a command (run, asm) to the guest', async ({ expect }) => {
    const r = await xlatAsync(['run', ECHO, 'run', 'asm', 'disasm']);
    expect(r.stdout).toBe('run asm disasm\n');
    expect(r.status).toBe(0);
  });

  it('still applies options given before FILE', async ({ expect }) => {
    const r = await xlatAsync(['run', '--stats', ECHO, '--stats']);
    expect(r.stdout).toBe('--stats\n');
    expect(r.stderr).toMatch(/instructions/);
    expect(r.status).toBe(0);
  });

  it('keeps the arguments in order', async ({ expect }) => {
    const r = await xlatAsync(['run', ECHO, 'c', 'b', 'a']);
    expect(r.stdout).toBe('c b a\n');
  });

  it('gives the guest the path as given as argv[0], and argc counting it', async ({ expect }) => {
    // argv0.s prints argv[0] and exits with argc
    const r = await xlatAsync(['run', 'argv0.s', 'x', '', 'y z'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('argv0.s');
    expect(r.status).toBe(4);
    const abs = await xlatAsync(['run', argv0]);
    expect(abs.stdout).toBe(argv0);
    expect(abs.status).toBe(1);
  });
});

describe.concurrent('options that do not go together', () => {
  it('--host-engine with --engine interp: one error line, nothing run', async ({ expect }) => {
    const r = await xlatAsync(['run', '--engine', 'interp', '--host-engine', 'interp', sample('cisc32', 'hello')]);
    expect([r.status, r.stdout, lines(r.stderr)]).toEqual([1, '', ['xlat: --host-engine chooses how the host machine runs host code: it goes with --engine dbt or native, not interp']]);
  });

  it('explain --blocks 0 is refused by the option parser', async ({ expect }) => {
    const r = await xlatAsync(['explain', '--blocks', '0', sample('cisc32', 'hello')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^error: option '--blocks <n>' argument '0' is invalid\. expected a positive integer/);
  });
});

describe.concurrent('--max-steps', () => {
  for (const [isa, file] of [['cisc32', () => loopCisc], ['risc32', () => loopRisc]] as const) {
    it(`stops an infinite loop after 1000 instructions with exit 124 (${isa})`, async ({ expect }) => {
      const r = await xlatAsync(['run', '--max-steps', '1000', file()]);
      expect(r.status).toBe(124);
      expect(r.stdout).toBe('');
      const err = lines(r.stderr);
      expect(err).toHaveLength(1);
      expect(err[0].startsWith('xlat: stopped after 1000 instructions')).toBe(true);
    });
  }

  it('does not interfere with a program that ends within the limit', async ({ expect }) => {
    const r = await xlatAsync(['run', '--max-steps', '1000', sample('cisc32', 'hello')]);
    expect(r.stdout).toBe('Hello, world!\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('counts exactly: a 5-instruction program runs with --max-steps 5 and stops with 4', async ({ expect }) => {
    const ok = await xlatAsync(['run', '--max-steps', '5', tinyCisc]);
    expect(ok.status).toBe(7);
    expect(ok.stderr).toBe('');
    const stop = await xlatAsync(['run', '--max-steps', '4', tinyCisc]);
    expect(stop.status).toBe(124);
    expect(lines(stop.stderr)).toHaveLength(1);
    expect(stop.stderr.startsWith('xlat: stopped after 4 instructions')).toBe(true);
  });

  it('rejects a value that is not a number (commander error, exit non-zero, no stack trace)', async ({ expect }) => {
    const r = await xlatAsync(['run', '--max-steps', 'lots', loopCisc]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toContain('--max-steps');
    expect(stackTraceLines(r.stderr)).toEqual([]);
  });
});

describe.concurrent('--stats', () => {
  it('prints the instruction count and MIPS on stderr; stdout is unaffected', async ({ expect }) => {
    const plain = await xlatAsync(['run', sample('cisc32', 'fib'), '10']);
    const r = await xlatAsync(['run', '--stats', sample('cisc32', 'fib'), '10']);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stdout).toBe('55\n');
    expect(r.status).toBe(0);
    const err = lines(r.stderr);
    expect(err.length).toBeGreaterThan(0);
    expect(err.every((l) => l.startsWith('xlat:'))).toBe(true);
    expect(err.some((l) => /instructions\D*\d+/.test(l))).toBe(true);
    expect(err.some((l) => /\d+(\.\d+)? MIPS/.test(l))).toBe(true);
  });

  for (const [isa, file, steps, status] of [['cisc32', () => tinyCisc, 5, 7], ['risc32', () => tinyRisc, 3, 9]] as const) {
    it(`counts the instructions executed (${steps} for a tiny ${isa} program)`, async ({ expect }) => {
      const r = await xlatAsync(['run', '--stats', file()]);
      expect(r.status).toBe(status);
      expect(r.stdout).toBe('');
      const countLine = lines(r.stderr).find((l) => /instructions/.test(l) && !/decoded/.test(l));
      expect(countLine, r.stderr).toBeDefined();
      expect(countLine).toMatch(new RegExp(`\\b${steps}\\b`));
    });
  }

  it('also reports on a faulting program, after the fault line or before it, keeping the fault status', async ({ expect }) => {
    const r = await xlatAsync(['run', '--stats', sample('risc32', 'fault')]);
    expect(r.stdout).toBe('about to fault\n');
    expect(r.status).toBe(139);
    expect(r.stderr).toContain('xlat: fault: segmentation fault at pc=0x00001020 addr=0x00000010');
    expect(r.stderr).toMatch(/MIPS/);
  });
});

describe.concurrent('--trace', () => {
  it('prints one stderr line per executed instruction (cisc32)', async ({ expect }) => {
    const r = await xlatAsync(['run', '--trace', tinyCisc]);
    expect(r.status).toBe(7);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err).toHaveLength(5);
    expect(err.map((l) => l.slice(0, 12))).toEqual(['0x00001000: ', '0x00001005: ', '0x0000100a: ', '0x0000100c: ', '0x0000100f: ']);
  });

  it('shows the instruction and the register it changed: 0x00001000: mov r0, 1 ... r0=0x00000001', async ({ expect }) => {
    const err = lines((await xlatAsync(['run', '--trace', tinyCisc])).stderr);
    expect(err[0]).toMatch(/^0x00001000: mov r0, 1\s+r0=0x00000001$/);
    expect(err[1]).toMatch(/^0x00001005: mov r3, 7\s+r3=0x00000007$/);
    // test r3, r3 with r3 = 7 changes no flag (all stay 0)
    expect(err[2]).toBe('0x0000100a: test r3, r3');
    // cmp r3, 8: 7 - 8 sets s and c (borrow), z and o stay 0
    expect(err[3]).toMatch(/^0x0000100c: cmp r3, 8\s+s=1 c=1$/);
    expect(err[4]).toMatch(/^0x0000100f: syscall\b/);
  });

  it('prints one line per executed instruction (risc32), with its registers', async ({ expect }) => {
    const r = await xlatAsync(['run', '--trace', tinyRisc]);
    expect(r.status).toBe(9);
    const err = lines(r.stderr);
    expect(err).toHaveLength(3);
    expect(err[0]).toMatch(/^0x00001000: lda r0, 1\(r31\)\s+r0=0x00000001$/);
    expect(err[1]).toMatch(/^0x00001004: lda r16, 9\(r31\)\s+r16=0x00000009$/);
    expect(err[2]).toMatch(/^0x00001008: callsys\b/);
  });

  it('traces a program with output: one line per instruction, stdout unchanged', async ({ expect }) => {
    const r = await xlatAsync(['run', '--trace', sample('cisc32', 'hello')]);
    expect(r.stdout).toBe('Hello, world!\n');
    expect(r.status).toBe(0);
    // hello: four movs, syscall, two movs, syscall
    expect(lines(r.stderr)).toHaveLength(8);
    expect(lines(r.stderr).every((l) => /^0x[0-9a-f]{8}: \S/.test(l))).toBe(true);
  });

  it('agrees with --stats on the number of instructions (fib 5, risc32)', async ({ expect }) => {
    const r = await xlatAsync(['run', '--trace', '--stats', sample('risc32', 'fib'), '5']);
    expect(r.stdout).toBe('5\n');
    const err = lines(r.stderr);
    const traced = err.filter((l) => /^0x[0-9a-f]{8}: /.test(l)).length;
    const countLine = err.find((l) => l.startsWith('xlat:') && /instructions/.test(l) && !/decoded/.test(l));
    expect(countLine).toMatch(new RegExp(`\\b${traced}\\b`));
  });
});

describe.concurrent('--isa', () => {
  it('supplies the ISA of a source with no .isa directive', async ({ expect }) => {
    const r = await xlatAsync(['run', '--isa', 'risc32', noIsa]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(5);
  });

  it('works for cisc32 too', async ({ expect }) => {
    const r = await xlatAsync(['run', '--isa', 'cisc32', noIsaBroken]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(6);
  });

  it('without --isa and without .isa: one clear error line, exit 1', async ({ expect }) => {
    const r = await xlatAsync(['run', noIsa]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^xlat: /);
    expect(err[0]).toContain(noIsa);
    expect(err[0]).toMatch(/--isa/);
    expect(err[0]).toMatch(/\.isa/);
  });

  it('an unknown ISA name: one error line naming it, exit non-zero', async ({ expect }) => {
    const r = await xlatAsync(['run', '--isa', 'nosuchisa', noIsa]);
    expect(r.status).not.toBe(0);
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^xlat: .*nosuchisa/);
  });
});
