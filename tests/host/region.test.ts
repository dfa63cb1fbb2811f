// Region formation and the shape of the generated code: a loop is one region
// whose function runs it as a JavaScript loop; calls keep their return sites
// inside the region; counting is exact.

import { describe, expect, it } from 'vitest';
import { buildDecoder } from '../../src/decode/index.js';
import { formRegion, regionFactoryCount, regionSource, REGION_CODE_LIMIT, type RegionPlan } from '../../src/host/index.js';
import { GuestFault } from '../../src/interp/fault.js';
import { loadRisc, machineFor, runReference, type Loaded } from './helpers.js';

const LOOP = `
_start: li t0, 1000000
        clr t1
loop:   addl t1, 3, t1
        subl t0, 1, t0
        bne t0, loop
        mov t1, a0
        li v0, 1
        callsys
`;

function plan(p: Loaded, entry = p.proc.pc): RegionPlan {
  const r = formRegion(p.isa, buildDecoder(p.isa), p.proc.memory, entry);
  if (r instanceof GuestFault) throw r;
  return r;
}

describe('regions', () => {
  it('compiles a loop into one region whose function is a JavaScript loop', async () => {
    const p = await loadRisc(LOOP);
    const loop = p.sym('loop');
    const pl = plan(p);
    expect(pl.blocks.map((b) => b.leader)).toEqual([p.proc.pc, loop, loop + 12]);
    const src = regionSource(p.isa, pl, { count: false });
    expect(src).toContain('for (;;)');
    // Blocks are numbered in address order; the loop's block branches back to itself.
    expect(src).toContain('case 1:');
    expect(src).toMatch(/case 1:[^]*b = 1; continue;[^]*case 2:/);
    // Registers are locals, loaded once and stored back on exit.
    expect(src).toMatch(/let r0 = R\[0\], r1 = R\[1\], r2 = R\[2\]/);

    const m = machineFor(p, 'compile');
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(p.proc.exitStatus).toBe((3_000_000 & 0xff));
    expect(m.regs[p.slot('t1')]).toBe(3_000_000);
    expect(m.stats.regionsCompiled).toBe(1);
    expect(m.stats.regionEntries).toBe(1);
    expect(m.stats.hostInsns).toBe(0); // not counting
  });

  it('counts a million-iteration loop exactly', async () => {
    const ref = runReference(await loadRisc(LOOP));
    expect(ref.steps).toBe(3 + 3 * 1_000_000 + 3);
    for (const engine of ['compile', 'interp'] as const) {
      const p = await loadRisc(LOOP);
      const m = machineFor(p, engine, true);
      expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
      expect(m.stats.hostInsns).toBe(ref.steps);
    }
  });

  it('keeps the return sites of calls in the region, so returns stay inside it', async () => {
    const p = await loadRisc(`
_start: li s0, 1000
again:  call f
        subl s0, 1, s0
        bne s0, again
        li v0, 1
        callsys
f:      addl a0, 1, a0
        ret
`);
    const pl = plan(p);
    const leaders = pl.blocks.map((b) => b.leader);
    expect(leaders).toContain(p.sym('again') + 4); // the return site of `call f`
    expect(leaders).toContain(p.sym('f'));
    const m = machineFor(p, 'compile');
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(m.regs[p.slot('a0')]).toBe(1000);
    expect(m.stats.regionsCompiled).toBe(1);
    expect(m.stats.regionEntries).toBe(1);
  });

  it('leaves the region at an indirect jump to a pc it does not hold, and compiles a region there', async () => {
    const p = await loadRisc(`
_start: li t0, there
        jmp zero, (t0)
        bpt
there:  li v0, 1
        li a0, 9
        callsys
`);
    const pl = plan(p);
    expect([...pl.insns.keys()]).not.toContain(p.sym('there'));
    const m = machineFor(p, 'compile');
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(p.proc.exitStatus).toBe(9);
    expect(m.stats.regionsCompiled).toBe(2);
    expect(m.stats.regionEntries).toBe(2);
  });

  it('forms a region again, with one more label, for a jump to one of its instructions that is no label', async () => {
    const p = await loadRisc(`
_start: li t0, mid
        li t1, 1
        li t2, 2
mid:    addl t1, t2, t3
        li v0, 1
        mov t3, a0
        callsys
`);
    const m = machineFor(p, 'compile');
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(m.stats.regionsCompiled).toBe(1);
    expect(plan(p).blocks.map((b) => b.leader)).not.toContain(p.sym('mid'));
    expect(m.run(p.sym('mid'))).toEqual({ kind: 'exit' });
    expect(m.stats.regionsCompiled).toBe(2);
    // Both pcs are case labels of the new region now: no more compiles.
    expect(m.run(p.sym('mid'))).toEqual({ kind: 'exit' });
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(m.stats.regionsCompiled).toBe(2);
    expect(p.proc.exitStatus).toBe(3);
  });

  it('settles on a few regions for a loop longer than the size cap', async () => {
    const body = Array.from({ length: 57 }, (_, i) => `addl t0, ${(i * 7) & 255}, t0`).join('\n');
    const p = await loadRisc(`_start: li t1, 1000\nloop:\n${body}\nsubl t1, 1, t1\nbne t1, loop\nli v0, 1\ncallsys\n`);
    const { HostMachine } = await import('../../src/host/index.js');
    const { syscall } = await import('../../src/os/index.js');
    const m = new HostMachine(p.isa, p.proc.memory, (r) => syscall(p.proc, r), { regionLimit: 25 });
    m.regs.set(p.proc.regs);
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(m.regs[p.slot('t0')]).toBe((1000 * Array.from({ length: 57 }, (_, i) => (i * 7) & 255).reduce((a, b) => a + b)) | 0);
    // The loop's 59 instructions need three regions of 25; cut points must
    // not drift from one pass to the next (each drift would compile again).
    expect(m.stats.regionsCompiled).toBeLessThanOrEqual(5);
    expect(m.stats.regionEntries).toBeLessThanOrEqual(3 * 1000 + 5);
  });

  it('caps the generated code of memory-heavy regions', async () => {
    const body = Array.from({ length: 300 }, (_, i) => `stw t0, ${-4 * (1 + (i & 15))}(sp)`).join('\n');
    const p = await loadRisc(`_start:\n${body}\nli v0, 1\ncallsys\n`);
    const pl = plan(p);
    expect(pl.insns.size).toBeLessThan(300);
    expect(regionSource(p.isa, pl, { count: false }).length).toBeLessThan(REGION_CODE_LIMIT * 1.5) // plus indentation and the frame;
    const m = machineFor(p, 'compile', true);
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(m.stats.hostInsns).toBe(302);
  });

  it('caps the size of a region', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `addl t0, ${i & 255}, t0`).join('\n');
    const p = await loadRisc(`_start:\n${body}\nli v0, 1\ncallsys\n`);
    const pl = formRegion(p.isa, buildDecoder(p.isa), p.proc.memory, p.proc.pc, 20);
    if (pl instanceof GuestFault) throw pl;
    expect(pl.insns.size).toBe(20);
    const { HostMachine } = await import('../../src/host/index.js');
    const { syscall } = await import('../../src/os/index.js');
    const m = new HostMachine(p.isa, p.proc.memory, (r) => syscall(p.proc, r), { regionLimit: 20, count: true });
    m.regs.set(p.proc.regs);
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(m.stats.regionsCompiled).toBe(3);
    expect(m.stats.hostInsns).toBe(52);
    expect(m.regs[p.slot('t0')]).toBe((49 * 50) / 2);
  });

  it('generates only numbers and its own identifiers', async () => {
    const p = await loadRisc(LOOP);
    const src = regionSource(p.isa, plan(p), { count: true });
    const words = new Set(src.match(/[A-Za-z_$][\w$]*/g));
    const allowed =
      /^(r\d+|[LTAV]\d+|N|pc|fpc|b|h|k|C|fk|LIM|HK|HV|K|M|R|PG|RL|WL|U8|DV|SYS|FLT|MULHU|MULHS|e|out|use|strict|const|let|return|function|try|catch|for|switch|case|default|continue|break|if|else|throw|true|false|Math|imul|(load|store)(8|16|32)|[gs]et(Int32|Uint16)|pages|readLimit|writeLimit|u8|dv|sys|fault|mulhu|mulhs|count|limit|err)$/;
    for (const w of words) expect(w).toMatch(allowed);
  });
});

describe('region functions shared across machines', () => {
  // LOOP counting argc times: exit status = argc * 3, so that two runs of the same code differ.
  const ARGC_LOOP = LOOP.replace('li t0, 1000000', 'ldw t0, 0(sp)');

  it('a second machine running the same code reuses the factories, each function bound to its own machine', async () => {
    const before = regionFactoryCount();
    const a = await loadRisc(ARGC_LOOP, { args: ['x'] });
    const ma = machineFor(a, 'compile');
    expect(ma.run(a.proc.pc)).toEqual({ kind: 'exit' });
    const after = regionFactoryCount();
    expect(after).toBeGreaterThan(before);

    const b = await loadRisc(ARGC_LOOP, { args: ['x', 'y', 'z'] });
    const mb = machineFor(b, 'compile');
    expect(mb.run(b.proc.pc)).toEqual({ kind: 'exit' });
    expect(regionFactoryCount()).toBe(after);
    expect(mb.stats.regionsCompiled).toBe(ma.stats.regionsCompiled);

    // Each run's registers and exit status are its own.
    expect(a.proc.exitStatus).toBe(6);
    expect(b.proc.exitStatus).toBe(12);
    expect(ma.regs[a.slot('t1')]).toBe(6);
    expect(mb.regs[b.slot('t1')]).toBe(12);
    expect(a.proc.regs[a.slot('t1')]).toBe(0); // the process's own array is the machine's input only
  });
});
