// Contract 5: bad input never gives a stack trace. Each case: exit status
// non-zero, stderr starts with `xlat:` (or commander's `error:`), and has no
// `    at ...` line and no `Error:` line.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { readElf, writeElf } from '../../src/elf/index.js';
import { lines, sample, stackTraceLines, tempDir, xlat, xlatAsync, type CliResult } from '../fixtures/cli.js';

const tmp = tempDir('xlat-cli-bad-');
afterAll(() => tmp.cleanup());

const p = (name: string): string => join(tmp.dir, name);

beforeAll(() => {
  const r = xlat(['asm', sample('cisc32', 'hello'), '-o', p('good.elf')]);
  if (r.status !== 0) throw new Error(r.stderr);
  const good = readFileSync(p('good.elf'));

  // Not an ELF and not text: every byte value, with NULs and invalid UTF-8.
  const bin = Buffer.alloc(4096);
  for (let i = 0; i < bin.length; i++) bin[i] = (i * 7 + 3) & 0xff;
  bin[0] = 0;
  writeFileSync(p('binary.bin'), bin);
  // Latin-1 text: no NUL, but 0xE9 alone is not UTF-8.
  writeFileSync(p('latin1.s'), Buffer.from('.isa cisc32\n; caf\xe9\n', 'latin1'));
  // ELF magic only.
  writeFileSync(p('magic.elf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  // The first 60 bytes of a valid ELF; and other truncations.
  writeFileSync(p('trunc60.elf'), good.subarray(0, 60));
  writeFileSync(p('trunc20.elf'), good.subarray(0, 20));
  writeFileSync(p('trunc-seg.elf'), good.subarray(0, 0x1002));
  // Unknown e_machine.
  const wrong = Buffer.from(good);
  wrong.writeUInt16LE(0x9999, 18);
  writeFileSync(p('machine.elf'), wrong);
  // 64-bit / big-endian class bytes.
  const cls = Buffer.from(good);
  cls[4] = 2;
  writeFileSync(p('class64.elf'), cls);
  const be = Buffer.from(good);
  be[5] = 2;
  writeFileSync(p('bigendian.elf'), be);
  // A segment where the translator keeps its area (the manuals allow it; the interpreter runs it).
  const img = readElf(new Uint8Array(good), 'good.elf');
  writeFileSync(p('high.elf'), writeElf({ ...img, segments: img.segments.map((s) => (s.name === '.data' ? { ...s, vaddr: 0x01000000 } : s)) }));
  // A consistent big-endian file of a little-endian ISA (every field in big-endian order).
  writeFileSync(p('be-cisc32.elf'), writeElf({ ...readElf(new Uint8Array(good), 'good.elf'), endian: 'big' }));
  // Program headers pointing far outside the file.
  const ph = Buffer.from(good);
  ph.writeUInt32LE(0x7ffffff0, 28);
  writeFileSync(p('phoff.elf'), ph);
  // Entry point outside every segment.
  const entry = Buffer.from(good);
  entry.writeUInt32LE(0x00500000, 24);
  writeFileSync(p('entry.elf'), entry);
  // Empty file.
  writeFileSync(p('empty.s'), '');
});

function expectCleanFailure(expect: ExpectStatic, r: CliResult, opts: { commander?: boolean } = {}): void {
  const ctx = `${r.cmd}\nstatus ${r.status}\nstderr: ${r.stderr}`;
  expect(r.signal, ctx).toBeNull();
  expect(r.status, ctx).not.toBe(0);
  expect(r.status, ctx).not.toBeNull();
  expect(stackTraceLines(r.stderr), ctx).toEqual([]);
  expect(r.stderr, ctx).not.toMatch(/internal error/);
  expect(r.stderr.length, ctx).toBeGreaterThan(0);
  if (opts.commander) expect(r.stderr, ctx).toMatch(/^error: /);
  else expect(r.stderr, ctx).toMatch(/^xlat: /);
}

describe.concurrent.each(['run', 'disasm'])('xlat %s on bad input', (cmd) => {
  it('a binary file that is neither ELF nor source', async ({ expect }) => {
    const r = await xlatAsync([cmd, p('binary.bin')]);
    expectCleanFailure(expect, r);
    expect(lines(r.stderr)).toEqual([`xlat: ${p('binary.bin')}: not an ELF file (no ELF magic) and not assembly source (a NUL byte at offset 0)`]);
  });

  it('the same binary file with --isa: the same one message', async ({ expect }) => {
    const r = await xlatAsync([cmd, '--isa', 'cisc32', p('binary.bin')]);
    expectCleanFailure(expect, r);
    expect(lines(r.stderr)).toEqual([`xlat: ${p('binary.bin')}: not an ELF file (no ELF magic) and not assembly source (a NUL byte at offset 0)`]);
  });

  it('a file of bytes that are not UTF-8 (and no NUL)', async ({ expect }) => {
    const r = await xlatAsync([cmd, p('latin1.s')]);
    expectCleanFailure(expect, r);
    expect(lines(r.stderr)).toEqual([`xlat: ${p('latin1.s')}: not an ELF file (no ELF magic) and not assembly source (bytes that are not UTF-8)`]);
  });

  for (const [file, what] of [
    ['trunc60.elf', 'a truncated ELF (the first 60 bytes of a valid one)'],
    ['trunc20.elf', 'an ELF cut inside its header'],
    ['magic.elf', 'only the ELF magic'],
    ['trunc-seg.elf', 'an ELF cut inside a segment'],
    ['machine.elf', 'an ELF with an unknown e_machine (0x9999)'],
    ['class64.elf', 'an ELF that claims to be 64-bit'],
    ['bigendian.elf', 'an ELF that claims to be big-endian'],
    ['phoff.elf', 'an ELF whose program headers lie outside the file'],
  ] as const) {
    it(what, async ({ expect }) => {
      const r = await xlatAsync([cmd, p(file)]);
      expectCleanFailure(expect, r);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toContain(file);
    });
  }

  it('a segment in the translator\'s area: the dbt refuses it naming file and segment; the interpreter runs it', async ({ expect }) => {
    if (cmd !== 'run') return;
    const msg = `xlat: ${p('high.elf')}: segment .data overlaps the translator's area at 0x1000000..0x1810000 (--engine interp runs it)`;
    for (const args of [['run', p('high.elf')], ['compare', p('high.elf')], ['translate', p('high.elf'), '-o', p('high-out.elf')]]) {
      const r = await xlatAsync(args);
      expectCleanFailure(expect, r);
      expect(lines(r.stderr)).toEqual([msg]);
    }
    const i = await xlatAsync(['run', '--engine', 'interp', p('high.elf')]);
    expect(i.status).toBe(0);
  });

  it('a well-formed big-endian ELF of a little-endian ISA: refused, as every command reads it', async ({ expect }) => {
    const r = await xlatAsync([cmd, p('be-cisc32.elf')]);
    expectCleanFailure(expect, r);
    expect(lines(r.stderr)).toEqual([`xlat: ${p('be-cisc32.elf')}: big-endian file, but cisc32 is little-endian`]);
  });

  it('an ELF with an unknown e_machine names the machine', async ({ expect }) => {
    expect((await xlatAsync([cmd, p('machine.elf')])).stderr).toMatch(/0x9999/);
  });

  it('an ELF given an --isa that does not match its e_machine', async ({ expect }) => {
    const r = await xlatAsync([cmd, '--isa', 'risc32', p('good.elf')]);
    expectCleanFailure(expect, r);
    expect(lines(r.stderr)).toHaveLength(1);
  });

  it('a directory as FILE', async ({ expect }) => {
    const r = await xlatAsync([cmd, tmp.dir]);
    expectCleanFailure(expect, r);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(tmp.dir);
  });

  it('a missing file', async ({ expect }) => {
    const r = await xlatAsync([cmd, p('no-such-file.elf')]);
    expectCleanFailure(expect, r);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('no-such-file.elf');
  });

  it('an unknown ISA name', async ({ expect }) => {
    const r = await xlatAsync([cmd, '--isa', 'vax', sample('cisc32', 'hello')]);
    expectCleanFailure(expect, r);
    expect(r.stderr).toContain('vax');
  });

  it('an unknown option (commander)', async ({ expect }) => {
    expectCleanFailure(expect, await xlatAsync([cmd, '--frobnicate', sample('cisc32', 'hello')]), { commander: true });
  });

  it('no FILE at all (commander)', async ({ expect }) => {
    expectCleanFailure(expect, await xlatAsync([cmd]), { commander: true });
  });
});

describe.concurrent('other bad input', () => {
  it('run: an ELF whose entry point is outside every segment faults cleanly', async ({ expect }) => {
    const r = await xlatAsync(['run', p('entry.elf')]);
    expectCleanFailure(expect, r);
  });

  it('run: an empty source file without --isa', async ({ expect }) => {
    expectCleanFailure(expect, await xlatAsync(['run', p('empty.s')]));
  });

  it('asm: a binary file as source', async ({ expect }) => {
    const r = await xlatAsync(['asm', '--isa', 'risc32', p('binary.bin'), '-o', p('out.elf')]);
    expectCleanFailure(expect, r);
    expect(r.stderr).toMatch(/not assembly source \(a NUL byte at offset 0\)/);
    expect(existsSync(p('out.elf'))).toBe(false);
  });

  it('asm: a directory as source', async ({ expect }) => {
    expectCleanFailure(expect, await xlatAsync(['asm', tmp.dir, '-o', p('out.elf')]));
  });

  it('an unknown command (commander)', async ({ expect }) => {
    const r = await xlatAsync(['frobnicate']);
    expectCleanFailure(expect, r, { commander: true });
    expect(r.stderr).toMatch(/frobnicate/);
  });

  it('an unknown top-level option (commander)', async ({ expect }) => {
    expectCleanFailure(expect, await xlatAsync(['--frobnicate']), { commander: true });
  });

  it('an unknown --engine value (commander)', async ({ expect }) => {
    expectCleanFailure(expect, await xlatAsync(['run', '--engine', 'warp', sample('cisc32', 'hello')]), { commander: true });
  });

  it('spec check on a missing file and on a name that is no ISA', async ({ expect }) => {
    expectCleanFailure(expect, await xlatAsync(['spec', 'check', p('missing.isa')]));
    expectCleanFailure(expect, await xlatAsync(['spec', 'check', 'nosuchisa']));
  });

  it('spec check on a directory named X.isa and on a binary file', async ({ expect }) => {
    mkdirSync(p('dir.isa'));
    writeFileSync(p('binary.isa'), readFileSync(p('binary.bin')));
    expectCleanFailure(expect, await xlatAsync(['spec', 'check', p('dir.isa')]));
    expectCleanFailure(expect, await xlatAsync(['spec', 'check', p('binary.isa')]));
  });

  it('with no arguments at all: usage on stderr, exit non-zero, no trace', async ({ expect }) => {
    const r = await xlatAsync([]);
    expect(r.status).not.toBe(0);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.stderr).toMatch(/Usage: xlat/);
  });

  it('--help exits 0 and prints usage on stdout', async ({ expect }) => {
    const r = await xlatAsync(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: xlat/);
    for (const c of ['asm', 'disasm', 'run', 'spec', 'isas']) expect(r.stdout).toContain(c);
  });
});
