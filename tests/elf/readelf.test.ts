import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeElf } from '../../src/elf/index.js';
import { sampleImage } from './fixtures.js';

const READELF = '/usr/bin/readelf';
const dir = mkdtempSync(join(tmpdir(), 'xlat-elf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(READELF))('readelf -a', () => {
  for (const endian of ['little', 'big'] as const) {
    it(`reads a ${endian}-endian file without complaint`, () => {
      const image = sampleImage(endian);
      // A segment off a page boundary and an empty one, to exercise the layout.
      image.segments.push(
        { name: '.rodata', vaddr: 0x4321, flags: { r: true, w: false, x: false }, data: new Uint8Array([1, 2, 3]), memSize: 3 },
        { name: '.empty', vaddr: 0x6000, flags: { r: true, w: false, x: false }, data: new Uint8Array(), memSize: 0 },
      );
      image.symbols.push({ name: 'msg', value: 0x4321, size: 3, kind: 'object', global: false, section: '.rodata' });
      const path = join(dir, `${endian}.elf`);
      writeFileSync(path, writeElf(image));
      const run = spawnSync(READELF, ['-a', '-W', path], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      const bad = run.stdout.split('\n').filter((l) => /warning|error/i.test(l));
      expect(bad).toEqual([]);
      expect(run.stdout).toContain(endian === 'little' ? 'little endian' : 'big endian');
      expect(run.stdout).toMatch(/Entry point address:\s+0x1000/);
      expect(run.stdout).toMatch(/\.symtab' contains 7 entries/);
    });
  }
});
