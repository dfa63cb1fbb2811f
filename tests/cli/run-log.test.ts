// `xlat run -d ITEMS [-D FILE]` and `--strace`: the translator's log in
// qemu's items, and the guest's system calls in strace's form.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample, tempDir, xlatAsync } from '../fixtures/cli.js';

const tmp = tempDir('xlat-cli-log-');
afterAll(() => tmp.cleanup());

const FIB = 'samples/bench/cisc32/fib.s';
let badCalls = '';

beforeAll(() => {
  // write to a bad fd, write from an unmapped buffer, an unknown call, a brk query, then exit 3.
  badCalls = join(tmp.dir, 'bad-calls.s');
  writeFileSync(
    badCalls,
    [
      '.isa cisc32',
      '.data',
      'msg: .ascii "hi\\tthere\\"\\x01\\n"',
      '.text',
      '_start:',
      '  mov r0, 4',
      '  mov r3, 7',
      '  mov r1, msg',
      '  mov r2, 4',
      '  syscall',
      '  mov r0, 4',
      '  mov r3, 1',
      '  mov r1, 0',
      '  mov r2, 4',
      '  syscall',
      '  mov r0, 99',
      '  mov r3, 1',
      '  mov r1, 2',
      '  mov r2, 3',
      '  syscall',
      '  mov r0, 45',
      '  mov r3, 0',
      '  syscall',
      '  mov r0, 4',
      '  mov r3, 2',
      '  mov r1, msg',
      '  mov r2, 11',
      '  syscall',
      '  mov r0, 1',
      '  mov r3, 3',
      '  syscall',
      '',
    ].join('\n'),
  );
});

/** The blocks of a -d log: header line -> the block's text. */
function blocks(log: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of log.split(/^(?===== block )/m)) {
    if (!part.startsWith('==== block ')) continue;
    out.set(part.slice(0, part.indexOf('\n')), part);
  }
  return out;
}

describe.concurrent('xlat run -d', () => {
  it('logs each block as it is translated, section for section what xlat explain prints of it', async () => {
    const [run, explain] = await Promise.all([
      xlatAsync(['run', '-d', 'in_asm,op,op_opt,out_asm', '--stats', FIB, '10']),
      xlatAsync(['explain', FIB, '--blocks', '1']),
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('55\n');
    const logged = blocks(run.stderr);
    const translated = Number(/blocks translated (\d+)/.exec(run.stderr)![1]);
    expect(logged.size).toBe(translated);
    // The run's first block is the entry block, translated first, at the start of the code cache: as explain shows it.
    const first = [...logged.values()][0];
    expect(first.trimEnd()).toBe(explain.stdout.trimEnd());
    expect(first).toContain('---- guest (cisc32)');
    expect(first).toContain('---- IR as lifted');
    expect(first).toContain('---- IR after optimization');
    expect(first).toContain('---- host code (risc32), at 0x01010000 in the code cache');
  });

  it('prints only the sections asked for', async () => {
    const r = await xlatAsync(['run', '-d', 'in_asm', FIB, '10']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('---- guest (cisc32)');
    expect(r.stderr).not.toContain('---- IR');
    expect(r.stderr).not.toContain('---- host code');
    const o = await xlatAsync(['run', '-d', 'out_asm', FIB, '10']);
    expect(o.stderr).not.toContain('---- guest');
    expect(o.stderr).toContain('---- host code (risc32)');
  });

  it('exec logs dispatcher entries; with nochain every block executed goes through the dispatcher', async () => {
    const [chained, unchained, interp] = await Promise.all([
      xlatAsync(['run', '-d', 'exec', '--stats', FIB, '12']),
      xlatAsync(['run', '-d', 'exec,nochain', '--stats', FIB, '12']),
      xlatAsync(['run', '--engine', 'interp', '--stats', FIB, '12']),
    ]);
    for (const r of [chained, unchained]) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(interp.stdout);
      // The same guest instruction count as the interpreter.
      expect(/guest instructions (\d+)/.exec(r.stderr)![1]).toBe(/guest instructions (\d+)/.exec(interp.stderr)![1]);
    }
    const traces = (s: string) => s.split('\n').filter((l) => l.startsWith('Trace: '));
    const dispatches = (s: string) => Number(/dispatcher entries (\d+)/.exec(s)![1]);
    expect(traces(chained.stderr).length).toBe(dispatches(chained.stderr));
    expect(traces(unchained.stderr).length).toBe(dispatches(unchained.stderr));
    expect(traces(chained.stderr)[0]).toBe('Trace: guest 0x00001000 <_start> at host 0x01010000');
    // fib(12) calls fib 465 times: unchained, each call enters its first block from the dispatcher.
    expect(traces(unchained.stderr).filter((l) => l.startsWith('Trace: guest 0x00001038 <')).length).toBe(465);
    expect(unchained.stderr).toMatch(/chain links made 0\b/);
    expect(dispatches(chained.stderr)).toBeLessThan(50);
  });

  it('cpu shows the guest registers at each entry, and which the block writes before reading', async () => {
    const r = await xlatAsync(['run', '-d', 'exec,cpu', sample('cisc32', 'hello')]);
    expect(r.status, r.stderr).toBe(0);
    const log = r.stderr.split('\n');
    const at = log.indexOf('Trace: guest 0x00001016 at host 0x01010088');
    expect(at, r.stderr).toBeGreaterThan(0);
    // After write(1, msg, 14): r0 holds the result.
    // (sp depends on the length of the program's path, which the start stack holds.)
    expect(log[at + 1]).toMatch(/^CPU: r0=0000000e r1=00002000 r2=0000000e r3=00000001 r4=00ff[0-9a-f]{3}0 r5=00000000 r6=00000000 r7=00000000$/);
    expect(log.slice(at + 2, at + 4)).toEqual(['     z=0 s=0 c=0 o=0', '     written before read by this block: r0 r3']);
  });

  it('-D writes the log to a file and nothing of it to stderr', async () => {
    const file = join(tmp.dir, 'in_asm.log');
    const r = await xlatAsync(['run', '-d', 'in_asm', '-D', file, '--strace', FIB, '5']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const log = readFileSync(file, 'utf8');
    expect(log).toMatch(/^==== block 0x00001000 <_start>/);
    expect(log).toContain('\nwrite(1, "5\\n", 2) = 2\n');
    expect(log.endsWith('\nexit(0) = ?\n')).toBe(true);
  });

  it('-d needs the dbt engine; a bad item or no item is an error; no log file is made', async () => {
    const file = join(tmp.dir, 'never.log');
    const interp = await xlatAsync(['run', '--engine', 'interp', '-d', 'in_asm', '-D', file, FIB, '5']);
    expect(interp.status).not.toBe(0);
    expect(interp.stderr).toBe('xlat: -d logs what the translator does: it needs --engine dbt\n');
    expect(existsSync(file)).toBe(false);
    const bad = await xlatAsync(['run', '-d', 'in_asm,bogus', FIB, '5']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("-d: unknown item 'bogus' (known: in_asm, op, op_opt, out_asm, exec, cpu, nochain");
    const none = await xlatAsync(['run', '-d', ',', FIB, '5']);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toContain('-d: no items given');
  });

  it('-d help lists the items without a program', async () => {
    const r = await xlatAsync(['run', '-d', 'help']);
    expect(r.status).toBe(0);
    for (const item of ['in_asm', 'op', 'op_opt', 'out_asm', 'exec', 'cpu', 'nochain']) expect(r.stdout).toMatch(new RegExp(`^  ${item} +\\S`, 'm'));
  });
});

describe.concurrent('xlat run --strace', () => {
  it('prints each call with its arguments and result, the same on every engine', async () => {
    const want = [
      'write(7, "hi\\tt", 4) = -9 EBADF',
      'write(1, 0x0, 4) = -14 EFAULT',
      'syscall_99(0x1, 0x2, 0x3) = -38 ENOSYS',
      'brk(0x0) = 0x3000',
      'write(2, "hi\\tthere\\"\\x01\\n", 11) = 11',
      'exit(3) = ?',
    ];
    const interp = await xlatAsync(['run', '--engine', 'interp', '--strace', badCalls]);
    expect(interp.status).toBe(3);
    expect(interp.stderr.split('\n').filter((l) => !l.startsWith('hi\t'))).toEqual([...want, '']);
    // Under the translator, a number the guest's ABI does not know is answered by the
    // translated code (the mapping between the two ABIs) and never reaches the system.
    const dbt = await xlatAsync(['run', '--strace', badCalls]);
    expect(dbt.status).toBe(3);
    expect(dbt.stderr.split('\n').filter((l) => !l.startsWith('hi\t'))).toEqual([...want.filter((l) => !l.startsWith('syscall_99')), '']);
  });

  it('shows what read read, cut at 32 bytes as strace does', async () => {
    const input = 'abcdefghijklmnopqrstuvwxyz0123456789\n';
    const r = await xlatAsync(['run', '--strace', sample('cisc32', 'cat')], { input });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(input);
    const reads = r.stderr.split('\n').filter((l) => l.startsWith('read('));
    expect(reads[0]).toMatch(/^read\(0, "abcdefghijklmnopqrstuvwxyz012345"\.\.\., \d+\) = 37$/);
    expect(reads[reads.length - 1]).toMatch(/^read\(0, 0x[0-9a-f]+, \d+\) = 0$/);
  });
});
