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

  describe('self-modifying code (a program with writable code): every fetch sees the stores before it', () => {
    const cases: Array<[string, string, number]> = [
      [
        'an instruction patched later in the same block',
        `.section .smc, "rwx"
_start: li t0, tgt
        ldwu t1, 0(t0)
        addl t1, 4, t1          # lda a0, 1(r31) -> lda a0, 5(r31)
        stwu t1, 0(t0)
tgt:    lda a0, 1(r31)
        li v0, 1
        callsys
`,
        5,
      ],
      [
        'a routine called, patched, called again (its region already compiled), in a loop',
        `.section .smc, "rwx"
_start: clr s0
        li s1, 3
loop:   call f
        addl s0, v0, s0
        li t0, f
        ldwu t1, 0(t0)
        addl t1, 1, t1          # f returns one more each time
        stwu t1, 0(t0)
        subl s1, 1, s1
        bne s1, loop
        mov s0, a0
        li v0, 1
        callsys
f:      lda v0, 1(r31)
        ret
`,
        1 + 2 + 3,
      ],
      [
        'code read in by a system call over an instruction already compiled',
        `.section .smc, "rwx"
_start: clr a0
        li a1, tgt
        li a2, 4
        li v0, 3
        callsys                 # read(0, tgt, 4): the bytes of lda a0, 9(r31)
tgt:    lda a0, 1(r31)
        li v0, 1
        callsys
`,
        9,
      ],
    ];
    for (const [what, src, status] of cases) {
      it(what, async () => {
        const stdin = what.includes('system call') ? String.fromCharCode(9, 0, 0x1f, 0x22) : '';
        const { isa, image } = await assembleRisc(src);
        for (const engine of ['compile', 'interp'] as const) {
          const p = load(isa, image, { stdin });
          const r = runNative(p.proc, { engine });
          expect([engine, r.stop.kind, p.proc.exitStatus]).toEqual([engine, 'exit', status]);
        }
        expect(runReference(load(isa, image, { stdin })).exitStatus).toBe(status);
      });
    }
  });

  it('stops after exactly maxSteps instructions, inside a block too, as the interpreter does', async () => {
    const src = `_start: clr t0
        li t1, 5
loop:   addl t0, 3, t0
        subl t1, 1, t1
        mov t0, a0
        bne t1, loop
        li v0, 1
        callsys
`;
    const { isa, image } = await assembleRisc(src);
    const { runInterp } = await import('../../src/cli/run.js');
    for (let n = 0; n <= 26; n++) {
      for (const engine of ['compile', 'interp'] as const) {
        const p = load(isa, image);
        const r = runNative(p.proc, { maxSteps: n, engine });
        const q = load(isa, image);
        const ref = runInterp(q.proc, { maxSteps: n });
        // (An exit's pc is not defined.)
        const pcOf = (kind: string, pc: number) => (kind === 'exit' ? null : pc);
        expect([n, engine, r.stop.kind, r.steps, pcOf(r.stop.kind, p.proc.pc), [...p.proc.regs]]).toEqual([
          n, engine, ref.stop.kind, ref.steps, pcOf(ref.stop.kind, q.proc.pc), [...q.proc.regs],
        ]);
      }
    }
  });

  it('stops a runaway program at maxSteps', async () => {
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
