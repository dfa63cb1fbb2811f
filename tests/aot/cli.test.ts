// `xlat translate`, `xlat run` of its output, `--profile`, and `xlat disasm`
// of a translated file, as a user runs them; bad input gives one clear line,
// a non-zero status and no output file.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READELF, lines, readElf32, sample, stackTraceLines, tempDir, xlat, xlatAsync, type CliResult } from '../fixtures/cli.js';
import { blockCounts, reportNumber } from './helpers.js';

const tmp = tempDir('xlat-aot-cli-');
afterAll(() => tmp.cleanup());
const p = (x: string) => join(tmp.dir, x);

/**
 * Calls through a table of function pointers, indexed by a counter kept in
 * memory: nothing bounds it, so no static analysis finds the handlers of a
 * stripped copy.
 */
const DISPATCH = `.isa cisc32
        .text
_start: mov r7, 0
        mov r5, count
again:  mov r0, [r5]
        and r0, 3
        shl r0, 2
        mov r0, [r0 + handlers]
        call r0
        mov r6, [r5]
        inc r6
        mov [r5], r6
        cmp r6, 8
        jb again
        mov r0, 1
        mov r3, r7
        syscall
h0:     add r7, 1
        ret
h1:     add r7, 10
        ret
h2:     add r7, 100
        ret
h3:     add r7, 1000
        ret
        .data
handlers: .word h0, h1, h2, h3
count:  .word 0
`;

function ok(r: CliResult): CliResult {
  if (r.status !== 0) throw new Error(`${r.cmd} failed (${r.status}): ${r.stderr}`);
  return r;
}

function oneLineFailure(r: CliResult, pattern: RegExp): void {
  const ctx = `${r.cmd}\nstatus ${r.status}\nstderr: ${r.stderr}`;
  expect(r.status, ctx).not.toBe(0);
  expect(r.status, ctx).not.toBeNull();
  expect(stackTraceLines(r.stderr), ctx).toEqual([]);
  expect(lines(r.stderr), ctx).toHaveLength(1);
  expect(r.stderr, ctx).toMatch(/^xlat: /);
  expect(r.stderr, ctx).toMatch(pattern);
}

beforeAll(async () => {
  ok(xlat(['asm', sample('cisc32', 'fib'), '-o', p('fib.elf')]));
  writeFileSync(p('dispatch.s'), DISPATCH);
  ok(xlat(['asm', p('dispatch.s'), '-o', p('dispatch.elf')]));
  // A stripped copy: the same file without its symbol table entries.
  const { readElf, writeElf } = await import('../../src/elf/index.js');
  const image = readElf(new Uint8Array(readFileSync(p('dispatch.elf'))), 'dispatch.elf');
  image.symbols = [];
  writeFileSync(p('stripped.elf'), writeElf(image));
  ok(xlat(['translate', p('fib.elf'), '-o', p('fib.host.elf')]));
});

describe.concurrent('xlat translate and run', () => {
  it('reports what it found and writes a host ELF that readelf reads', async ({ expect }) => {
    const r = ok(await xlatAsync(['translate', p('fib.elf'), '-o', p('fib2.host.elf')]));
    expect(r.stdout).toMatch(/^.*fib\.elf \(cisc32\) -> .*fib2\.host\.elf \(risc32\)\n/);
    expect(r.stdout).toMatch(/^blocks found \d+ \(seeds: entry point 1, function symbols 9, profile 0\)$/m);
    expect(r.stdout).toMatch(/^guest bytes covered 213 of 213 in executable segments \(100\.0%\)$/m);
    expect(r.stdout).toMatch(/^indirect branches 3: returns 3, jump tables 0 \(0 targets\), constant 0, unresolved 0$/m);
    const f = readElf32(readFileSync(p('fib2.host.elf')));
    expect(f.machine).toBe(0x5232);
    expect(f.entry).toBe(0x1000);
    expect(f.segments.map((s) => s.vaddr)).toContain(0x01010000);
    if (existsSync(READELF)) {
      const re = await import('node:child_process').then((cp) => cp.spawnSync(READELF, ['-a', '-W', p('fib2.host.elf')], { encoding: 'utf8' }));
      expect(re.status).toBe(0);
      expect(re.stderr).toBe('');
      expect(re.stdout).toMatch(/\.xlat\.code/);
      expect(re.stdout).toMatch(/\.xlat\.map/);
    }
  });

  it('runs the host ELF: every block from the file', async ({ expect }) => {
    const r = await xlatAsync(['run', '--stats', p('fib.host.elf'), '20']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('6765\n');
    expect(r.stderr).toMatch(/^xlat: stats: blocks from the file \d+, translated at run time 0,/m);
    const n = Number(/blocks found (\d+)/.exec(xlat(['translate', p('fib.elf'), '-o', p('fib3.host.elf')]).stdout)![1]);
    expect(blockCounts(lines(r.stderr))).toEqual({ fromFile: n, runTime: 0 });
  });

  it('interprets the guest inside a host ELF with --engine interp, and refuses --engine native', async ({ expect }) => {
    const r = await xlatAsync(['run', '--engine', 'interp', p('fib.host.elf'), '10']);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '55\n', '']);
    oneLineFailure(await xlatAsync(['run', '--engine', 'native', p('fib.host.elf')]), /translated to risc32: run it with --engine dbt/);
  });

  it('a second translation, with a profile, leaves fewer blocks to translate at run time', async ({ expect }) => {
    const first = ok(await xlatAsync(['translate', p('stripped.elf'), '-o', p('s1.elf')]));
    expect(reportNumber(first.stdout, 'unresolved')).toBe(1);
    const r1 = await xlatAsync(['run', '--stats', p('s1.elf')]);
    expect(r1.status).toBe(2222 & 0xff);
    const before = blockCounts(lines(r1.stderr)).runTime;
    expect(before).toBeGreaterThanOrEqual(3); // h1, h2, h3 (h0 follows the exit syscall: found as its fall-through)
    const prof = await xlatAsync(['run', '--profile', p('s.profile'), p('stripped.elf')]);
    expect([prof.status, prof.stderr]).toEqual([2222 & 0xff, '']);
    const second = ok(await xlatAsync(['translate', '--profile', p('s.profile'), p('stripped.elf'), '-o', p('s2.elf')]));
    expect(reportNumber(second.stdout, 'profile')).toBeGreaterThan(0);
    expect(second.stdout).toMatch(/profiled blocks laid out first/);
    expect(reportNumber(second.stdout, 'blocks found')).toBeGreaterThan(reportNumber(first.stdout, 'blocks found'));
    const r2 = await xlatAsync(['run', '--stats', p('s2.elf')]);
    expect(r2.status).toBe(2222 & 0xff);
    const after = blockCounts(lines(r2.stderr)).runTime;
    expect(after).toBeLessThan(before);
    expect(after).toBe(0);
  });

  it('profiles accumulate over runs of the same program', async ({ expect }) => {
    ok(await xlatAsync(['run', '--engine', 'interp', '--profile', p('acc.profile'), p('fib.elf'), '5']));
    ok(await xlatAsync(['run', '--profile', p('acc.profile'), p('fib.host.elf'), '5']));
    const prof = JSON.parse(readFileSync(p('acc.profile'), 'utf8'));
    expect(prof).toMatchObject({ xlat: 'profile', version: 1, isa: 'cisc32', runs: 2 });
    expect(prof.blocks['0x00001000']).toBe(2);
  });

  it('disasm shows the host code block by block with the guest code it came from', async ({ expect }) => {
    const r = ok(await xlatAsync(['disasm', p('fib.host.elf')]));
    expect(r.stdout).toMatch(/^\.xlat\.code: cisc32 translated to risc32 by xlat translate: \d+ blocks/);
    expect(r.stdout).toMatch(/^01010000 <block_00001000>: guest 0x00001000 <_start>, 4 guest instructions$/m);
    expect(r.stdout).toMatch(/^\s+; 0x00001000: mov r3, 0x14$/m);
    expect(r.stdout).toMatch(/^ *[0-9a-f]+:\t[0-9a-f ]+\tbr block_0000100c$/m);
    expect(r.stdout).toMatch(/<block_00001038>: guest 0x00001038 <fib>/);
    expect(r.stdout).toMatch(/^Guest code \(cisc32\):\n\nDisassembly of section \.text:/m);
  });
});

describe('a translated file whose code modifies itself more than once', () => {
  it('sees every store into translated code on either host engine', () => {
    writeFileSync(p('smc2.s'), `.isa cisc32
        .section .x, "rwx"
_start: mov r6, 2
lp:
body:   add r7, 1                ; its imm8 is bumped each iteration (the block translated again)
        mov r3, body + 2
        movzx r0, byte [r3]
        inc r0
        mov byte [r3], r0
        dec r6
        jne lp
        mov r3, ex + 1
        mov r0, 42
        mov [r3], r0             ; ex: mov r3, 3 -> mov r3, 42, a block the file translated
        jmp ex
ex:     mov r3, 3
        mov r0, 1
        syscall
`);
    ok(xlat(['asm', p('smc2.s'), '-o', p('smc2.elf')]));
    ok(xlat(['translate', p('smc2.elf'), '-o', p('smc2.host.elf')]));
    for (const engine of ['compile', 'interp']) expect([engine, xlat(['run', '--host-engine', engine, p('smc2.host.elf')]).status]).toEqual([engine, 42]);
    expect(xlat(['run', '--engine', 'interp', p('smc2.elf')]).status).toBe(42);
  });
});

describe.concurrent('xlat translate on bad input: one line, non-zero status, no output file', () => {
  const noOutput = (name: string) => expect(existsSync(p(name)), name).toBe(false);

  it('an assembly source (not an ELF)', async () => {
    oneLineFailure(await xlatAsync(['translate', sample('cisc32', 'hello'), '-o', p('bad1.elf')]), /hello\.s: not an ELF file/);
    noOutput('bad1.elf');
  });

  it('an ELF of no known ISA', async () => {
    const b = Buffer.from(readFileSync(p('fib.elf')));
    b.writeUInt16LE(0x9999, 18);
    writeFileSync(p('unknown.elf'), b);
    oneLineFailure(await xlatAsync(['translate', p('unknown.elf'), '-o', p('bad2.elf')]), /not an ELF of a guest ISA \(no known ISA has ELF machine 0x9999\)/);
    noOutput('bad2.elf');
  });

  it('a file translate made', async () => {
    oneLineFailure(await xlatAsync(['translate', p('fib.host.elf'), '-o', p('bad3.elf')]), /already translated/);
    noOutput('bad3.elf');
  });

  it('a host that cannot be a host, and one that does not exist', async () => {
    oneLineFailure(await xlatAsync(['translate', '--host', 'cisc32', p('fib.elf'), '-o', p('bad4.elf')]), /cisc32 cannot be a host: its spec has no lowering rules/);
    oneLineFailure(await xlatAsync(['translate', '--host', 'nosuch', p('fib.elf'), '-o', p('bad4.elf')]), /unknown ISA 'nosuch'/);
    noOutput('bad4.elf');
  });

  it('an output path that cannot be written', async () => {
    oneLineFailure(await xlatAsync(['translate', p('fib.elf'), '-o', p('no/such/dir/out.elf')]), /cannot write output/);
    mkdirSync(p('adir'), { recursive: true });
    oneLineFailure(await xlatAsync(['translate', p('fib.elf'), '-o', p('adir')]), /adir: cannot write output/);
    expect(readdirSync(p('adir'))).toEqual([]);
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a profile that is not one, or of another program', async () => {
    writeFileSync(p('junk.profile'), 'not json');
    oneLineFailure(await xlatAsync(['translate', '--profile', p('junk.profile'), p('fib.elf'), '-o', p('bad5.elf')]), /junk\.profile: not an xlat profile/);
    ok(await xlatAsync(['run', '--profile', p('other.profile'), p('dispatch.elf')]).then((r) => ({ ...r, status: 0 })));
    oneLineFailure(await xlatAsync(['translate', '--profile', p('other.profile'), p('fib.elf'), '-o', p('bad5.elf')]), /a profile of another program/);
    oneLineFailure(await xlatAsync(['translate', '--profile', p('none.profile'), p('fib.elf'), '-o', p('bad5.elf')]), /none\.profile: no such file/);
    noOutput('bad5.elf');
  });

  it('run --profile refuses the native engine and a file that is not a profile', async () => {
    oneLineFailure(await xlatAsync(['run', '--engine', 'native', '--profile', p('n.profile'), sample('risc32', 'hello')]), /--profile records through the interp or dbt engine/);
    oneLineFailure(await xlatAsync(['run', '--profile', p('junk.profile'), p('fib.elf')]), /not an xlat profile/);
  });
});
