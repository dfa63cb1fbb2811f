// Contract 3: `xlat asm` writes a valid ELF (readelf -a reads it without a
// warning; e_machine of the ISA), reports every assembly error as
// `xlat: FILE:LINE:COL: ...`, and never leaves a partial or replaced output.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { READELF, lines, readElf32, sample, stackTraceLines, tempDir, xlat } from '../fixtures/cli.js';

const tmp = tempDir('xlat-cli-asm-');
afterAll(() => tmp.cleanup());

function write(name: string, text: string): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
}

const MACHINE: Record<string, number> = { cisc32: 0x4332, risc32: 0x5232 };

describe('valid ELF output', () => {
  for (const [isa, name] of [['cisc32', 'hello'], ['cisc32', 'smc'], ['risc32', 'sieve'], ['risc32', 'echo']] as const) {
    it(`${isa}/${name}.s assembles to an ELF32 executable with e_machine 0x${MACHINE[isa].toString(16)} that readelf -a accepts`, () => {
      const out = join(tmp.dir, `${isa}-${name}.elf`);
      const r = xlat(['asm', sample(isa, name), '-o', out]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('');
      expect(r.status).toBe(0);
      const bytes = readFileSync(out);
      expect([...bytes.subarray(0, 7)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]); // ELF32, LSB, version 1
      expect(bytes.readUInt16LE(16)).toBe(2); // ET_EXEC
      expect(bytes.readUInt16LE(18)).toBe(MACHINE[isa]);
      const elf = readElf32(bytes);
      const text = elf.segments.find((s) => s.type === 1 && s.vaddr === 0x1000);
      expect(text, '.text at 0x1000').toBeDefined();
      expect(text!.flags & 1, '.text is executable').toBe(1);
      if (!existsSync(READELF)) return;
      const re = spawnSync(READELF, ['-a', '-W', out], { encoding: 'utf8' });
      expect(re.status).toBe(0);
      expect(re.stderr).toBe('');
      expect(re.stdout).not.toMatch(/warning/i);
      expect(re.stdout).toMatch(new RegExp(`Machine:\\s+.*0x${MACHINE[isa].toString(16)}`, 'i'));
      expect(re.stdout).toMatch(/Type:\s+EXEC/);
      expect(re.stdout).toMatch(/'.symtab' contains \d+ entries/);
    });
  }

  it('writes an executable file (mode +x)', () => {
    const out = join(tmp.dir, 'mode.elf');
    expect(xlat(['asm', sample('cisc32', 'hello'), '-o', out]).status).toBe(0);
    expect(statSync(out).mode & 0o100).toBe(0o100);
  });

  it('replaces an existing output file when assembly succeeds', () => {
    const out = write('replace.elf', 'old contents');
    const r = xlat(['asm', sample('risc32', 'hello'), '-o', out]);
    expect(r.status).toBe(0);
    expect(readElf32(readFileSync(out)).machine).toBe(0x5232);
  });

  it('takes the ISA from --isa for a source without .isa', () => {
    const src = write('noisa.s', '_start:\n  li v0, 1\n  li a0, 3\n  callsys\n');
    const out = join(tmp.dir, 'noisa.elf');
    const r = xlat(['asm', '--isa', 'risc32', src, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readElf32(readFileSync(out)).machine).toBe(0x5232);
    const run = xlat(['run', out]);
    expect(run.status).toBe(3);
  });

  it('without --isa or .isa: one error line, exit non-zero, no output', () => {
    const src = write('noisa2.s', '_start:\n  li v0, 1\n');
    const out = join(tmp.dir, 'noisa2.elf');
    const r = xlat(['asm', src, '-o', out]);
    expect(r.status).not.toBe(0);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^xlat: /);
    expect(existsSync(out)).toBe(false);
  });

  it('a .isa after another statement, without --isa: the error names its line and column', () => {
    const src = write('lateisa.s', '; comment\n_start: nop\n  .isa cisc32\n');
    for (const cmd of [['asm', src, '-o', join(tmp.dir, 'lateisa.elf')], ['run', src]]) {
      const r = xlat(cmd);
      expect(r.status).not.toBe(0);
      expect(lines(r.stderr)).toEqual([`xlat: ${src}:3:3: .isa must come before any other statement (or give --isa NAME)`]);
    }
    expect(existsSync(join(tmp.dir, 'lateisa.elf'))).toBe(false);
  });
});

describe('assembly errors', () => {
  // Five independent errors, on lines 4, 5, 6, 7 and 8.
  const BAD_CISC = [
    '.isa cisc32', //            1
    '_start:', //                2
    '  mov r0, 1', //            3
    '  frob r1, r2', //          4  unknown instruction
    '  add r0,', //              5  missing operand
    '  jmp nowhere', //          6  undefined symbol
    '  .byte 300', //            7  out of range
    '  mov r0, [r1 +]', //       8  bad expression
    '  mov r3, 0', //            9
    '  syscall', //              10
    '',
  ].join('\n');
  const BAD_RISC = [
    '.isa risc32', //            1
    '_start:', //                2
    '  addl r1, 256, r2', //     3  literal out of 0..255
    '  ldw r1, 4(r99)', //       4  no such register
    '  br missing_label', //     5  undefined symbol
    '  callsys', //              6
    '',
  ].join('\n');

  function expectErrors(r: ReturnType<typeof xlat>, file: string, wantLines: number[]): void {
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(stackTraceLines(r.stderr)).toEqual([]);
    const err = lines(r.stderr);
    for (const l of err) expect(l, 'every stderr line is `xlat: FILE:LINE:COL: message`').toMatch(/^xlat: .+:\d+:\d+: \S/);
    const reported = err.map((l) => {
      const m = l.match(/^xlat: (.+):(\d+):(\d+): /)!;
      expect(m[1]).toBe(file);
      return Number(m[2]);
    });
    for (const n of wantLines) expect(reported, `line ${n} reported`).toContain(n);
  }

  it('reports every error of a cisc32 file with FILE:LINE:COL, exits non-zero and writes nothing', () => {
    const src = write('bad-cisc.s', BAD_CISC);
    const out = join(tmp.dir, 'bad-cisc.elf');
    const r = xlat(['asm', src, '-o', out]);
    expectErrors(r, src, [4, 5, 6, 7, 8]);
    expect(existsSync(out)).toBe(false);
  });

  it('names the column of the error (unknown instruction at column 3)', () => {
    const src = write('bad-col.s', '.isa cisc32\n_start:\n  frob r1\n');
    const r = xlat(['asm', src, '-o', join(tmp.dir, 'bad-col.elf')]);
    expect(r.stderr).toMatch(new RegExp(`^xlat: ${src.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:3: .*frob`));
  });

  it('reports every error of a risc32 file', () => {
    const src = write('bad-risc.s', BAD_RISC);
    const out = join(tmp.dir, 'bad-risc.elf');
    const r = xlat(['asm', src, '-o', out]);
    expectErrors(r, src, [3, 4, 5]);
    expect(existsSync(out)).toBe(false);
  });

  it('a risc32 instruction placed off a multiple of 4 by data before it is an error (manual §2); .align 4 mends it', () => {
    const src = write('unaligned.s', '.isa risc32\n_start: .byte 1\n        nop\n');
    const out = join(tmp.dir, 'unaligned.elf');
    const r = xlat(['asm', src, '-o', out]);
    expect(r.status).not.toBe(0);
    expect(lines(r.stderr)).toEqual([`xlat: ${src}:3:9: instruction at 0x00001001 is not at a multiple of 4 (data before it? add .align 4)`]);
    expect(existsSync(out)).toBe(false);
    const ok = write('aligned.s', '.isa risc32\n_start: .byte 1\n        .align 4\n        nop\n');
    expect(xlat(['asm', ok, '-o', out]).status).toBe(0);
  });

  it('uses the path as given on the command line (relative path)', () => {
    write('rel.s', '.isa cisc32\n_start:\n  frob\n');
    const r = xlat(['asm', 'rel.s', '-o', 'rel.elf'], { cwd: tmp.dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^xlat: rel\.s:3:3: /);
    expect(existsSync(join(tmp.dir, 'rel.elf'))).toBe(false);
  });

  it('leaves an existing output file unchanged and no temporary files behind', () => {
    const src = write('bad-keep.s', BAD_CISC);
    const out = write('keep.elf', 'previous contents\n');
    const before = readdirSync(tmp.dir).sort();
    const r = xlat(['asm', src, '-o', out]);
    expect(r.status).not.toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('previous contents\n');
    expect(readdirSync(tmp.dir).sort()).toEqual(before);
  });

  it('the same errors are reported by `xlat run` on the source, which runs nothing', () => {
    const src = write('bad-run.s', BAD_CISC);
    const r = xlat(['run', src]);
    expectErrors(r, src, [4, 5, 6, 7, 8]);
  });
});

describe('output path problems', () => {
  it('an output in a missing directory: one clear error line, exit non-zero', () => {
    const out = join(tmp.dir, 'no', 'such', 'dir', 'x.elf');
    const r = xlat(['asm', sample('cisc32', 'hello'), '-o', out]);
    expect(r.status).not.toBe(0);
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^xlat: /);
    expect(err[0]).toContain(out);
    expect(existsSync(join(tmp.dir, 'no'))).toBe(false);
  });

  it('an output path that is a directory: one error line, the directory is untouched', () => {
    const r = xlat(['asm', sample('cisc32', 'hello'), '-o', tmp.dir]);
    expect(r.status).not.toBe(0);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^xlat: /);
    expect(statSync(tmp.dir).isDirectory()).toBe(true);
  });

  it('a missing -o is a commander error', () => {
    const r = xlat(['asm', sample('cisc32', 'hello')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^error: .*--output/);
    expect(stackTraceLines(r.stderr)).toEqual([]);
  });

  it('a missing source: one error line, no output', () => {
    const out = join(tmp.dir, 'missing.elf');
    const r = xlat(['asm', join(tmp.dir, 'missing.s'), '-o', out]);
    expect(r.status).not.toBe(0);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^xlat: .*missing\.s/);
    expect(existsSync(out)).toBe(false);
  });
});
