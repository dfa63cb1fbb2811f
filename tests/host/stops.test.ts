// Why a run stops, in both engines: service requests (page zero), exits,
// precise faults with the registers before the faulting instruction, budgets;
// and the zero register and flushing patched code.

import { describe, expect, it } from 'vitest';
import type { HostEngine } from '../../src/host/index.js';
import { assembleRisc, load, loadRisc, machineFor } from './helpers.js';

const ENGINES: HostEngine[] = ['compile', 'interp'];

describe.each(ENGINES)('host stops (%s)', (engine) => {
  it('stops for service at a page-zero pc, with registers written back', async () => {
    const p = await loadRisc(`
_start: li t5, 77
        lda r1, 0x40(r31)
        jmp r31, (r1)
`);
    const m = machineFor(p, engine);
    expect(m.run(p.proc.pc)).toEqual({ kind: 'service', pc: 0x40 });
    expect(m.pc).toBe(0x40);
    expect(m.regs[1]).toBe(0x40);
    expect(m.regs[p.slot('t5')]).toBe(77);
  });

  it('returns to the runtime through a call and resumes where the runtime says', async () => {
    const p = await loadRisc(`
_start: li t0, 0x123
        jsr ra, (t0)
        addl v0, 1, a0
        li v0, 1
        callsys
`);
    const m = machineFor(p, engine);
    expect(m.run(p.proc.pc)).toEqual({ kind: 'service', pc: 0x120 });
    const ra = m.regs[p.slot('ra')];
    expect(ra).toBe(p.proc.pc + 8); // li (one word), jsr
    m.regs[p.slot('v0')] = 41; // the service's result
    expect(m.run(ra)).toEqual({ kind: 'exit' });
    expect(p.proc.exitStatus).toBe(42);
  });

  it('stops for service at a run started in page zero', async () => {
    const p = await loadRisc('_start: bpt\n');
    expect(machineFor(p, engine).run(0)).toEqual({ kind: 'service', pc: 0 });
  });

  it('faults precisely on a load from unmapped memory', async () => {
    const p = await loadRisc(`
_start: li t1, 5
        li t0, 0x10
        addl t1, 1, t1
bad:    ldw t1, 0(t0)
        li t1, 99
`);
    const m = machineFor(p, engine);
    const stop = m.run(p.proc.pc);
    expect(stop.kind).toBe('fault');
    if (stop.kind !== 'fault') return;
    expect(stop.hostPc).toBe(p.sym('bad'));
    expect(m.pc).toBe(p.sym('bad'));
    expect(stop.fault.kind).toBe('segmentation fault');
    expect(stop.fault.pc).toBe(p.sym('bad'));
    expect(stop.fault.addr).toBe(0x10);
    expect(stop.fault.access).toBe('read');
    expect(m.regs[p.slot('t1')]).toBe(6); // the state before the load
    expect(m.regs[p.slot('t0')]).toBe(0x10);
  });

  it('faults precisely on a store, which has no effect', async () => {
    const p = await loadRisc(`
_start: li t0, data
        li t1, 7
        stw t1, 0(t0)
        li t1, 8
bad:    stw t1, 4096(t0)
        .data
data:   .word 0
`);
    const m = machineFor(p, engine);
    const stop = m.run(p.proc.pc);
    expect(stop).toMatchObject({ kind: 'fault', hostPc: p.sym('bad'), fault: { kind: 'segmentation fault', access: 'write' } });
    expect(p.proc.memory.load32(p.sym('data'))).toBe(7);
    expect(m.regs[p.slot('t1')]).toBe(8);
  });

  it('raises alignment, arithmetic and breakpoint faults at their instructions', async () => {
    const cases: Array<[string, string]> = [
      ['ldw t1, 2(sp)', 'alignment fault'],
      ['divl t0, zero, t1', 'arithmetic fault'],
      ['remlu t0, 0, t1', 'arithmetic fault'],
      ['bpt', 'breakpoint'],
      ['.word 0x04000000', 'illegal instruction'],
    ];
    for (const [insn, kind] of cases) {
      const p = await loadRisc(`
_start: li t0, 3
        li t1, 4
bad:    ${insn}
        li t1, 5
`);
      const m = machineFor(p, engine, true);
      const stop = m.run(p.proc.pc);
      expect(stop, insn).toMatchObject({ kind: 'fault', hostPc: p.sym('bad'), fault: { kind, pc: p.sym('bad') } });
      expect(m.regs[p.slot('t1')], insn).toBe(4);
      expect(m.stats.hostInsns, insn).toBe(2); // the faulting instruction did not complete
    }
  });

  it('faults on a fetch from memory that is not executable', async () => {
    const p = await loadRisc(`
_start: li t0, data
        jmp zero, (t0)
        .data
data:   .word 0
`);
    const m = machineFor(p, engine);
    const stop = m.run(p.proc.pc);
    expect(stop).toMatchObject({ kind: 'fault', hostPc: p.sym('data'), fault: { kind: 'segmentation fault', access: 'fetch', addr: p.sym('data') } });
    expect(m.pc).toBe(p.sym('data'));
  });

  it('stops when the budget runs out, at a block boundary, and resumes', async () => {
    const p = await loadRisc(`
_start: clr t0
loop:   addl t0, 1, t0
        addl t1, 2, t1
        br loop
`);
    const m = machineFor(p, engine, true);
    expect(m.run(p.proc.pc, 1000)).toEqual({ kind: 'budget' });
    const n = m.stats.hostInsns;
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(n).toBeLessThan(1000 + 3);
    const iterations = m.regs[p.slot('t0')];
    if (engine === 'compile') expect(m.pc).toBe(p.sym('loop')); // a block boundary
    // The registers say exactly how far it got.
    expect(n).toBe(1 + 3 * iterations - (m.pc === p.sym('loop') ? 0 : m.pc - p.sym('loop') === 4 ? 2 : 1));
    expect(m.run(m.pc, 300)).toEqual({ kind: 'budget' });
    expect(m.stats.hostInsns).toBeGreaterThanOrEqual(n + 300);
    expect(m.run(m.pc, 0)).toEqual({ kind: 'budget' });
  });

  it('keeps the zero register zero, yet still performs a load into it', async () => {
    const p = await loadRisc(`
_start: lda r31, 5(r31)
        addl r31, 7, r31
        li t1, 9
        addl r31, t1, t2
        bis r31, r31, t3
        cmoveq r31, 11, t4
        ldw r31, 0(sp)
        li t0, 0x10
bad:    ldbu zero, 0(t0)
`);
    const m = machineFor(p, engine);
    m.regs[p.slot('t3')] = 1;
    const stop = m.run(p.proc.pc);
    expect(stop).toMatchObject({ kind: 'fault', hostPc: p.sym('bad'), fault: { addr: 0x10, access: 'read' } });
    expect(m.regs[31]).toBe(0);
    expect(m.regs[p.slot('t2')]).toBe(9);
    expect(m.regs[p.slot('t3')]).toBe(0);
    expect(m.regs[p.slot('t4')]).toBe(11);
  });

  it('takes a patched branch once the patched range is flushed', async () => {
    const src = (to: string) => `
_start: br r31, ${to}
        bpt
one:    li v0, 1
        li a0, 1
        callsys
two:    li v0, 1
        li a0, 2
        callsys
`;
    const { isa, image } = await assembleRisc(src('one'));
    const patched = load(isa, (await assembleRisc(src('two'))).image);
    const p = load(isa, image);
    const entry = p.proc.pc;
    const word = patched.proc.memory.readBytes(entry, 4);
    const m = machineFor(p, engine);
    expect(m.run(entry)).toEqual({ kind: 'exit' });
    expect(p.proc.exitStatus).toBe(1);

    // Flushing bytes that hold no compiled code keeps the code.
    m.flush(p.sym('two') + 64, 16);
    p.proc.memory.writeBytes(entry, word);
    m.flush(entry, 4);
    expect(m.run(entry)).toEqual({ kind: 'exit' });
    expect(p.proc.exitStatus).toBe(2);
    if (engine === 'compile') expect(m.stats.regionsCompiled).toBe(2);
  });
});

describe('flushing compiled code', () => {
  it('runs stale code until the patched range is flushed (an icache, as on real hosts)', async () => {
    const src = (n: number) => `
_start: li v0, 1
        li a0, ${n}
        callsys
`;
    const { isa, image } = await assembleRisc(src(1));
    const patched = load(isa, (await assembleRisc(src(2))).image);
    const p = load(isa, image);
    const at = p.proc.pc + 4;
    const m = machineFor(p, 'compile');
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    p.proc.memory.writeBytes(at, patched.proc.memory.readBytes(at, 4));
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(p.proc.exitStatus).toBe(1);
    m.flush(at + 3, 1); // any byte of the instruction will do
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(p.proc.exitStatus).toBe(2);
  });

  it('drops only the regions that hold the range', async () => {
    const p = await loadRisc(`
_start: li t0, far
        jmp zero, (t0)
far:    li v0, 1
        li a0, 3
        callsys
`);
    const m = machineFor(p, 'compile');
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(m.stats.regionsCompiled).toBe(2);
    m.flush(p.sym('far'), 4);
    expect(m.run(p.proc.pc)).toEqual({ kind: 'exit' });
    expect(m.stats.regionsCompiled).toBe(3); // only the region at `far` was compiled again
  });
});
