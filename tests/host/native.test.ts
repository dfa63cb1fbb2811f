// runNative: a host-ISA program run on the host machine with the OS layer's
// system calls, reporting like runInterp (what `xlat run --engine native` uses).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNative } from '../../src/host/index.js';
import { assembleRisc, load, loadRisc, runReference } from './helpers.js';

const sample = (f: string) => readFileSync(join(import.meta.dirname, '../../samples/risc32', f), 'utf8');

describe('runNative', () => {
  it('runs a program to its exit, updating the process', async () => {
    const { isa, image } = await assembleRisc(sample('fib.s'));
    const ref = runReference(load(isa, image, { args: ['20'] }));
    const p = load(isa, image, { args: ['20'] });
    const r = runNative(p.proc, { count: true });
    p.io.flush();
    expect(r.stop).toEqual({ kind: 'exit' });
    expect(r.steps).toBe(ref.steps);
    expect(p.io.stdoutText()).toBe('6765\n');
    expect(p.proc.exitStatus).toBe(0);
    expect([...p.proc.regs]).toEqual(ref.regs);
  });

  it('does not count unless asked', async () => {
    const p = await loadRisc(sample('hello.s'));
    const r = runNative(p.proc);
    expect(r.stop).toEqual({ kind: 'exit' });
    expect(r.steps).toBe(0);
  });

  it('reports a fault with the process pc at the faulting instruction', async () => {
    const { isa, image } = await assembleRisc(sample('fault.s'));
    const p = load(isa, image);
    const r = runNative(p.proc);
    expect(r.stop.kind).toBe('fault');
    if (r.stop.kind !== 'fault') return;
    expect(r.stop.fault.line()).toBe('xlat: fault: segmentation fault at pc=0x00001020 addr=0x00000010');
    expect(p.proc.pc).toBe(0x1020);
  });

  it('stops a runaway program at about maxSteps', async () => {
    const p = await loadRisc('_start: br _start\n');
    const r = runNative(p.proc, { maxSteps: 10_000 });
    expect(r.stop).toEqual({ kind: 'max-steps' });
    expect(r.steps).toBe(10_000);
    expect(p.proc.pc).toBe(p.sym('_start'));
  });

  it('treats a jump to page zero as the fetch fault it is for a native program', async () => {
    const p = await loadRisc('_start: jmp zero, (zero)\n');
    const r = runNative(p.proc);
    expect(r.stop.kind).toBe('fault');
    if (r.stop.kind !== 'fault') return;
    expect(r.stop.fault).toMatchObject({ kind: 'segmentation fault', pc: 0, addr: 0, access: 'fetch' });
    const ref = runReference(await loadRisc('_start: jmp zero, (zero)\n'));
    expect(r.stop.fault.pc).toBe(ref.fault!.pc);
  });

  it('runs on the interp engine too', async () => {
    const p = await loadRisc(sample('hello.s'));
    const r = runNative(p.proc, { engine: 'interp', count: true });
    p.io.flush();
    expect(r.stop).toEqual({ kind: 'exit' });
    expect(r.steps).toBeGreaterThan(0);
    expect(p.io.stdoutText()).toContain('ello');
  });
});
