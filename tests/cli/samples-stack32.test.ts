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
