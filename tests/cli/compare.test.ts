// `xlat compare` (= `npm start`): every engine runs the program, --runs times
// in turns; the same output and status from all, or an error; times (first
// run and median), MIPS, and what the translator did.

import { describe, expect, it } from 'vitest';
import { sample, xlatAsync } from '../fixtures/cli.js';

describe.concurrent('xlat compare', () => {
  it('runs a guest program interpreted and translated, and agrees', async () => {
    const r = await xlatAsync(['compare', '--runs', '2', sample('cisc32', 'fib'), '10']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^program: .*samples\/cisc32\/fib\.s 10 \(cisc32\); host: risc32$/);
    expect(lines.slice(1, 4)).toEqual(['output: 3 bytes, exit 0', 'every engine gave the same output and status', '']);
    expect(lines[4].split(/ {2,}/)).toEqual(['engine', 'guest instructions', 'first run', 'median of 2', 'MIPS', 'vs interp']);
    expect(lines[5]).toMatch(/^interp +(\d+) +[\d.]+ ms +[\d.]+ ms +[\d.]+ +1\.00x$/);
    expect(lines[6]).toMatch(/^dbt +(\d+) +[\d.]+ ms +[\d.]+ ms +[\d.]+ +[\d.]+x$/);
    // The same instruction count on both engines.
    expect(/^dbt +(\d+)/.exec(lines[6])![1]).toBe(/^interp +(\d+)/.exec(lines[5])![1]);
    expect(lines[8]).toMatch(/^translator: \d+ blocks translated in [\d.]+ ms; block cache \d+ hits, \d+ misses; \d+ chain links; \d+ dispatcher entries/);
  });

  it('a program of the host ISA runs natively too; one run shows one time', async () => {
    const r = await xlatAsync(['compare', '--runs', '1', sample('risc32', 'hello')]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    // Columns are as wide as their widest cell, and a time may be '9.9 ms' or '10.0 ms': compare the words.
    expect(lines[4].split(/ {2,}/)).toEqual(['engine', 'guest instructions', 'time', 'MIPS', 'vs interp']);
    expect(lines.slice(5, 8).map((l) => l.split(/ +/)[0])).toEqual(['interp', 'dbt', 'native']);
  });

  it('a fault is the status every engine must agree on', async () => {
    const r = await xlatAsync(['compare', '--runs', '1', sample('cisc32', 'fault')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('output: 15 bytes, xlat: fault: segmentation fault at pc=0x0000101b addr=0x00000010\nevery engine gave the same output and status\n');
  });

  it('every run of every engine reads the same stdin', async () => {
    const r = await xlatAsync(['compare', '--runs', '2', sample('cisc32', 'cat')], { input: 'abc\n' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[1]).toBe('output: 4 bytes, exit 0');
  });

  it('--runs 0 is an error', async () => {
    const r = await xlatAsync(['compare', '--runs', '0', sample('cisc32', 'hello')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toBe('xlat: --runs 0: give at least 1\n');
  });
});
