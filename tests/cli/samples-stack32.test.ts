// Contract 1 for the stack32 samples: exact stdout, stderr and exit status, from
// the .s sources and from assembled ELF files (see tests/fixtures/cli-samples.ts).
// And contract 3 for them: each assembles to a big-endian ELF32 executable
// with e_machine 0x5332 (stack32 manual §6) that readelf -a reads without a
// warning.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { READELF, sample, tempDir, xlatAsync } from '../fixtures/cli.js';
import { defineSampleTests } from '../fixtures/cli-samples.js';

defineSampleTests('stack32');

const tmp = tempDir('xlat-cli-stack32-elf-');
afterAll(() => tmp.cleanup());

describe.concurrent('stack32 samples assemble to big-endian ELF32 files', () => {
  for (const name of ['hello', 'echo', 'cat', 'fib', 'sieve', 'fault']) {
    it(`${name}.s: ELFCLASS32, ELFDATA2MSB, ET_EXEC, e_machine 0x5332, .text at 0x1000; readelf -a has no warning`, async ({ expect }) => {
      const out = join(tmp.dir, `${name}.elf`);
      const r = await xlatAsync(['asm', sample('stack32', name), '-o', out]);
      expect(r.stderr, r.cmd).toBe('');
      expect(r.status, r.cmd).toBe(0);
      const b = readFileSync(out);
      expect([...b.subarray(0, 7)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1]); // ELF32, MSB, version 1
      expect(b.readUInt16BE(16)).toBe(2); // ET_EXEC
      expect(b.readUInt16BE(18)).toBe(0x5332);
      expect(b.readUInt32BE(24)).toBe(0x1000); // e_entry: _start, the start of .text
      if (!existsSync(READELF)) return;
      const re = spawnSync(READELF, ['-a', '-W', out], { encoding: 'utf8' });
      expect(re.status).toBe(0);
      expect(re.stderr).toBe('');
      expect(re.stdout).not.toMatch(/warning/i);
      expect(re.stdout).toMatch(/Data:\s+2's complement, big endian/);
      expect(re.stdout).toMatch(/Machine:\s+.*0x5332/i);
      expect(re.stdout).toMatch(/'.symtab' contains \d+ entries/);
    });
  }
});

describe.concurrent('stack32 through the other commands', () => {
  it('xlat disasm lists hello.elf with its bytes, shortest push forms and symbols', async ({ expect }) => {
    const out = join(tmp.dir, 'hello-disasm.elf');
    expect((await xlatAsync(['asm', sample('stack32', 'hello'), '-o', out])).status).toBe(0);
    const r = await xlatAsync(['disasm', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        'Disassembly of section .text:',
        '',
        '00001000 <_start>:',
        '    1000:\t01 0e                \tpush 0xe',
        '    1002:\t02 20 00             \tpush 0x2000',
        '    1005:\t01 01                \tpush 1',
        '    1007:\t01 01                \tpush 1',
        '    1009:\t50                   \tsyscall',
        '    100a:\t05                   \tdrop',
        '    100b:\t01 00                \tpush 0',
        '    100d:\t01 00                \tpush 0',
        '    100f:\t01 00                \tpush 0',
        '    1011:\t01 3c                \tpush 0x3c',
        '    1013:\t50                   \tsyscall',
        '',
      ].join('\n'),
    );
  });

  it('xlat explain shows the byte swaps of big-endian stores and the system call ports', async ({ expect }) => {
    const r = await xlatAsync(['explain', sample('stack32', 'hello'), '--blocks', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('---- guest (stack32)');
    expect(r.stdout).toContain('v4:i32 = bswap v3'); // as lifted: 14 stored big-endian
    expect(r.stdout).toContain('v4:i32 = const 0xe000000'); // optimized: swapped at translation
    expect(r.stdout).toContain('setreg sys.nr = v14');
    expect(r.stdout).toContain('---- host code (risc32)');
  });

  it('xlat translate makes a risc32 file that runs fib like the interpreter, every block found ahead of time', async ({ expect }) => {
    const elf = join(tmp.dir, 'fib-tr.elf');
    const host = join(tmp.dir, 'fib-tr.risc32.elf');
    expect((await xlatAsync(['asm', sample('stack32', 'fib'), '-o', elf])).status).toBe(0);
    const t = await xlatAsync(['translate', elf, '-o', host]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toContain('(stack32) -> ');
    expect(t.stdout).toMatch(/guest bytes covered (\d+) of \1 in executable segments \(100\.0%\)/);
    const r = await xlatAsync(['run', '--stats', host, '15']);
    expect(r.stdout).toBe('610\n');
    expect(r.stderr).toContain('translated at run time 0');
  });
});
