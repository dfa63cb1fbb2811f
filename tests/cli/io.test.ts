// The guest's standard streams and exit status through `xlat run`
// (cisc32 §6 / risc32 §5 ABI; samples/README.md for cat): stdin from a file
// or closed, stdout and stderr kept in the order the guest wrote them, exit
// status modulo 256, and an output that fails (a closed pipe, a full disk)
// handled like any other error: no "internal error", no stack trace.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CLI, lines, sample, stackTraceLines, tempDir, xlatAsync, xlatSpawn } from '../fixtures/cli.js';

const tmp = tempDir('xlat-cli-io-');
afterAll(() => tmp.cleanup());

const p = (name: string): string => join(tmp.dir, name);

/** A 1 MiB input: far more than any pipe or xlat buffer holds. */
const BIG = Buffer.alloc(1 << 20, 0x61);

beforeAll(() => {
  writeFileSync(p('big.txt'), BIG);
  // write "o1" to stdout, "e1" to stderr, "o2" to stdout, then exit(STATUS)
  const mix = (status: string) => `.isa cisc32
_start:
  mov r0, 4
  mov r3, 1
  mov r1, a
  mov r2, 2
  syscall
  mov r0, 4
  mov r3, 2
  mov r1, b
  mov r2, 2
  syscall
  mov r0, 4
  mov r3, 1
  mov r1, c
  mov r2, 2
  syscall
  mov r0, 1
  mov r3, ${status}
  syscall
  .data
a: .ascii "o1"
b: .ascii "e1"
c: .ascii "o2"
`;
  writeFileSync(p('mix.s'), mix('0'));
  writeFileSync(p('exit300.s'), mix('300'));
  writeFileSync(p('exitm1.s'), mix('-1'));
  writeFileSync(p('exit-risc.s'), '.isa risc32\n_start:\n  li v0, 1\n  li a0, 257\n  callsys\n');
});

/** Run with stdin from a file descriptor (a regular file, not a pipe). */
function runWithStdinFile(args: string[], file: string): Promise<{ status: number | null; stdout: Buffer; stderr: string }> {
  const fd = openSync(file, 'r');
  const child = xlatSpawn(args, [fd, 'pipe', 'pipe']);
  closeSync(fd);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => out.push(b));
  child.stderr!.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() })));
}

describe.concurrent('guest standard streams', () => {
  it('stdin from a regular file: cat copies 1 MiB unchanged', async ({ expect }) => {
    const r = await runWithStdinFile(['run', sample('cisc32', 'cat')], p('big.txt'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.equals(BIG)).toBe(true);
  });

  it('stdin that is /dev/null-like (ignored): cat reads end of input at once', async ({ expect }) => {
    const child = xlatSpawn(['run', sample('risc32', 'cat')], ['ignore', 'pipe', 'pipe']);
    const out: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    const status = await new Promise<number | null>((resolve) => child.on('close', (s) => resolve(s)));
    expect(status).toBe(0);
    expect(Buffer.concat(out).length).toBe(0);
  });

  it('stdout and stderr stay in the order the guest wrote them (2>&1 through a shell)', async ({ expect }) => {
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${CLI}" run "${p('mix.s')}" 2>&1`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('o1e1o2');
  });

  it('stdout and stderr go to their own streams', async ({ expect }) => {
    const r = await xlatAsync(['run', p('mix.s')]);
    expect(r.stdout).toBe('o1o2');
    expect(r.stderr).toBe('e1');
    expect(r.status).toBe(0);
  });
});

describe.concurrent('guest exit status', () => {
  it('is taken modulo 256: exit(300) -> 44 (cisc32)', async ({ expect }) => {
    const r = await xlatAsync(['run', p('exit300.s')]);
    expect(r.status).toBe(44);
    expect(r.stdout).toBe('o1o2');
  });

  it('exit(-1) -> 255', async ({ expect }) => {
    expect((await xlatAsync(['run', p('exitm1.s')])).status).toBe(255);
  });

  it('exit(257) -> 1 (risc32)', async ({ expect }) => {
    const r = await xlatAsync(['run', p('exit-risc.s')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
  });
});

describe.concurrent('an output that fails', () => {
  it('stdout closed early (| head -c 10): no internal error, no stack trace, exit non-zero', async ({ expect }) => {
    const child = xlatSpawn(['run', sample('cisc32', 'cat')], ['pipe', 'pipe', 'pipe']);
    const err: Buffer[] = [];
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    // Read the first chunk, then close our end of the pipe, like `head` does.
    child.stdout!.once('data', () => child.stdout!.destroy());
    child.stdin!.on('error', () => {});
    child.stdin!.end(BIG);
    const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (s, sig) => resolve([s, sig])),
    );
    const stderr = Buffer.concat(err).toString();
    const ctx = `xlat run cat.s < 1MiB | head -c 10\nstatus ${status} signal ${signal}\nstderr: ${stderr}`;
    expect(stackTraceLines(stderr), ctx).toEqual([]);
    expect(stderr, ctx).not.toMatch(/internal error/);
    for (const l of lines(stderr)) expect(l, ctx).toMatch(/^xlat: /);
    expect(status === null ? signal : status, ctx).not.toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('stdout on a full device (/dev/full): no internal error, no stack trace, exit non-zero', async ({ expect }) => {
    const out = openSync('/dev/full', 'w');
    const child = xlatSpawn(['run', sample('risc32', 'cat')], ['pipe', out, 'pipe']);
    closeSync(out);
    const err: Buffer[] = [];
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.stdin!.on('error', () => {});
    child.stdin!.end('some text\n');
    const status = await new Promise<number | null>((resolve) => child.on('close', (s) => resolve(s)));
    const stderr = Buffer.concat(err).toString();
    const ctx = `xlat run samples/risc32/cat.s > /dev/full\nstatus ${status}\nstderr: ${stderr}`;
    expect(stackTraceLines(stderr), ctx).toEqual([]);
    expect(stderr, ctx).not.toMatch(/internal error/);
    expect(status, ctx).not.toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('cat exits with status 1 when its write fails (samples/README.md)', async ({ expect }) => {
    const out = openSync('/dev/full', 'w');
    const child = xlatSpawn(['run', sample('cisc32', 'cat')], ['pipe', out, 'pipe']);
    closeSync(out);
    const err: Buffer[] = [];
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.stdin!.on('error', () => {});
    child.stdin!.end('some text\n');
    const status = await new Promise<number | null>((resolve) => child.on('close', (s) => resolve(s)));
    expect(status, `xlat run samples/cisc32/cat.s > /dev/full\nstderr: ${Buffer.concat(err).toString()}`).toBe(1);
  });
});
