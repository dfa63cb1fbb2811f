import { describe, expect, it } from 'vitest';
import { load, liftAsm } from '../ir/helpers.js';
import { optimize } from '../../src/opt/index.js';
import { Builder } from '../../src/ir/builder.js';
import { HostMachine } from '../../src/host/index.js';
import { Memory, PERM_R, PERM_W, PERM_X } from '../../src/interp/memory.js';
import {
  HOST_LAYOUT, canChain, encodeChain, generateBlock, guestSlotHome,
} from '../../src/codegen/index.js';
import type { IsaModel } from '../../src/spec/model.js';
import { BASE, CACHE, SCRATCH, compare, runHost } from './helpers.js';

const flagsOf = (isa: IsaModel) => new Set(['z', 's', 'c', 'o'].map((f) => isa.regNames[f]));

async function translate(lines: string[], opts: { smcChecks?: boolean; deadFlags?: boolean } = {}) {
  const c = await load('cisc32');
  const r = await load('risc32');
  const block = optimize(liftAsm(c, lines), opts.deadFlags === false ? {} : { deadAtExit: flagsOf(c.isa) });
  return { c, r, block, code: generateBlock(r.isa, c.isa, block, CACHE, { smcChecks: opts.smcChecks ?? false }) };
}

describe('generateBlock: host code for small blocks', () => {
  it('add r0, r1 is one addl into r0\'s host register, then a chainable exit stub', async () => {
    const { code } = await translate(['add r0, r1', 'jmp x', 'x:']);
    expect(code.listing).toBe(
      [
        '  00100000:  3e 51 c0 43   subl r30, 2, r30',
        '  00100004:  06 00 c0 eb   blt r30, 0x100020',
        '; guest 00001000',
        '  00100008:  09 00 2a 41   addl r9, r10, r9',
        '; guest 00001002',
        'L1:',
        '  0010000c:  04 10 7f 23   lda r27, 0x1004(r31)',
        '  00100010:  10 00 9f 27   ldah r28, 0x10(r31)',
        '  00100014:  0c 00 9c 23   lda r28, 0xc(r28)',
        '  00100018:  10 00 3f 20   lda r1, 0x10(r31)',
        '  0010001c:  00 00 e1 6b   jmp r31, (r1)',
        'L0:',
        '  00100020:  00 10 7f 23   lda r27, 0x1000(r31)',
        '  00100024:  18 00 3f 20   lda r1, 0x18(r31)',
        '  00100028:  00 00 e1 6b   jmp r31, (r1)',
        '',
      ].join('\n'),
    );
    expect(code.hostInsns).toBe(11);
    expect(code.exits).toEqual([{ guestTarget: 0x1004, patchAt: 0x10000c, original: Uint8Array.from([0x04, 0x10, 0x7f, 0x23]) }]);
    expect(code.pcMap).toEqual([
      { hostStart: 0x100008, hostEnd: 0x10000c, guestPc: 0x1000 },
      { hostStart: 0x10000c, hostEnd: 0x10002c, guestPc: 0x1002 },
    ]);
  });

  it('cmp + jne is a compare and a branch to the taken stub, falling through to the other', async () => {
    const { code } = await translate(['cmp r0, 5', 'jne x', 'nop', 'x:']);
    const body = code.listing.split('\n').slice(2, 7).join('\n');
    expect(body).toBe(
      [
        '; guest 00001000',
        '; guest 00001003',
        '  00100008:  a1 b5 20 41   cmpeq r9, 5, r1',
        '  0010000c:  05 00 20 e4   beq r1, 0x100024',
        'L2:',
      ].join('\n'),
    );
    expect(code.exits.map((e) => [e.guestTarget, e.patchAt])).toEqual([
      [0x1005, 0x100010],
      [0x1006, 0x100024],
    ]);
  });

  it('an indirect jump looks the target up inline and dispatches on a miss', async () => {
    const { code } = await translate(['mov r2, [r6 + 8]', 'jmp r2']);
    expect(code.listing).toContain('ldwu r11, 8(r15)');
    // the entry's address in link (r28): the runtime's data is reached only through base and link
    expect(code.listing).toContain('sll r27, 0x16, r28');
    expect(code.listing).toContain('ldw r2, 0(r28)');
    expect(code.listing).toContain('jmp r31, (r2)');
    expect(code.exits).toEqual([]);
  });

  it('keeps guest state where guestSlotHome says: registers, or spill slots', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    expect(guestSlotHome(r.isa, c.isa, c.isa.regNames.r0)).toEqual({ reg: r.isa.regNames.r9 });
    expect(guestSlotHome(r.isa, c.isa, c.isa.regNames.o)).toEqual({ reg: r.isa.regNames.r23 });
    expect(guestSlotHome(r.isa, r.isa, 14)).toEqual({ reg: r.isa.regNames.r26 });
    expect(guestSlotHome(r.isa, r.isa, 15)).toEqual({ spill: HOST_LAYOUT.SPILL_OFFSET });
    expect(guestSlotHome(r.isa, r.isa, 31)).toEqual({ spill: HOST_LAYOUT.SPILL_OFFSET + 64 });
    expect(() => generateBlock(c.isa, c.isa, liftAsm(c, ['nop', 'ret']), 0, { smcChecks: false })).toThrow(/cannot be a host/);
  });
});

describe('exits, chaining and the runtime contract', () => {
  it('encodeChain is a branch from the patch site; out of reach it cannot chain', async () => {
    const r = await load('risc32');
    expect(Array.from(encodeChain(r.isa, 0x100000, 0x100040))).toEqual([0x0f, 0x00, 0xe0, 0xc3]);
    expect(Array.from(encodeChain(r.isa, 0x100040, 0x100000))).toEqual([0xef, 0xff, 0xff, 0xc3]);
    expect(canChain(r.isa, 0x100000, 0x100000 + 0x3ffffc)).toBe(true);
    expect(canChain(r.isa, 0x100000, 0x100000 + 0x800000)).toBe(false);
  });

  it('a chained exit runs into its successor; restoring the original word unchains it', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    const flags = { deadAtExit: flagsOf(c.isa) };
    const a = generateBlock(r.isa, c.isa, optimize(liftAsm(c, ['add r0, r1', 'jmp x', 'x:']), flags), CACHE, { smcChecks: false });
    const bAt = CACHE + 0x100;
    const b = generateBlock(r.isa, c.isa, optimize(liftAsm(c, ['add r0, r0', 'nop', 'jmp y', 'y:']), flags), bAt, { smcChecks: false });
    const m = new Memory('little', BASE + 0x10000);
    m.map(CACHE, 0x1000, PERM_R | PERM_X);
    m.writeBytes(CACHE, a.bytes);
    m.writeBytes(bAt, b.bytes);
    m.map(BASE, HOST_LAYOUT.AREA_SIZE, PERM_R | PERM_W);
    const machine = new HostMachine(r.isa, m, () => false, { engine: 'interp' });
    const h = r.isa.host!;
    const run = () => {
      machine.regs.fill(0);
      machine.regs[h.base] = BASE;
      machine.regs[h.count] = 100;
      machine.regs[r.isa.regNames.r9] = 3;
      machine.regs[r.isa.regNames.r10] = 4;
      const stop = machine.run(CACHE);
      return { stop, exit: machine.regs[h.exit], link: machine.regs[h.link] >>> 0, r0: machine.regs[r.isa.regNames.r9] };
    };
    // Unchained: the dispatcher gets the next guest pc and the stub's address.
    expect(run()).toEqual({ stop: { kind: 'service', pc: HOST_LAYOUT.DISPATCH }, exit: 0x1004, link: a.exits[0].patchAt, r0: 7 });
    // Chained: block b runs too, and its own stub reaches the dispatcher.
    const e = a.exits[0];
    m.writeBytes(e.patchAt, encodeChain(r.isa, e.patchAt, bAt));
    machine.flush(e.patchAt, e.original.length);
    expect(run()).toEqual({ stop: { kind: 'service', pc: HOST_LAYOUT.DISPATCH }, exit: 0x1005, link: b.exits[0].patchAt, r0: 14 });
    m.writeBytes(e.patchAt, e.original);
    machine.flush(e.patchAt, e.original.length);
    expect(run().exit).toBe(0x1004);
  });

  it('each block takes its guest instructions from the count, and leaves through BUDGET before starting when too few are left', async () => {
    const { c, r, code } = await translate(['add r0, r1', 'add r0, r1', 'jmp x', 'x:']);
    const m = new Memory('little', BASE + 0x10000);
    m.map(CACHE, 0x1000, PERM_R | PERM_X);
    m.writeBytes(CACHE, code.bytes);
    m.map(BASE, HOST_LAYOUT.AREA_SIZE, PERM_R | PERM_W);
    const machine = new HostMachine(r.isa, m, () => false, { engine: 'interp' });
    const h = r.isa.host!;
    for (const [count, stop, left] of [
      [4, HOST_LAYOUT.DISPATCH, 1],
      [3, HOST_LAYOUT.DISPATCH, 0],
      [2, HOST_LAYOUT.BUDGET, -1],
    ]) {
      machine.regs[h.base] = BASE;
      machine.regs[h.count] = count;
      machine.regs[guestReg(r.isa, c.isa, 'r0')] = 1;
      expect(machine.run(CACHE)).toEqual({ kind: 'service', pc: stop });
      expect(machine.regs[h.count]).toBe(left);
      expect(machine.regs[h.exit]).toBe(stop === HOST_LAYOUT.BUDGET ? 0x1000 : 0x1006);
      expect(machine.regs[guestReg(r.isa, c.isa, 'r0')]).toBe(stop === HOST_LAYOUT.BUDGET ? 1 : 1 + 2 * machine.regs[guestReg(r.isa, c.isa, 'r1')]);
    }
  });

  it('an indirect exit jumps straight to the host code a table entry names', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    const block = optimize(liftAsm(c, ['jmp r2']), { deadAtExit: flagsOf(c.isa) });
    const code = generateBlock(r.isa, c.isa, block, CACHE, { smcChecks: false });
    const m = new Memory('little', BASE + 0x10000);
    m.map(CACHE, 0x1000, PERM_R | PERM_X);
    m.writeBytes(CACHE, code.bytes);
    m.map(BASE, HOST_LAYOUT.AREA_SIZE, PERM_R | PERM_W);
    const g = 0x4321;
    const entry = BASE + HOST_LAYOUT.TABLE_OFFSET + 8 * (g & 1023);
    m.store32(entry, g);
    m.store32(entry + 4, 0x40); // a page-zero address, so that the machine stops there
    const machine = new HostMachine(r.isa, m, () => false, { engine: 'interp' });
    machine.regs[r.isa.host!.base] = BASE;
    machine.regs[r.isa.host!.count] = 100;
    machine.regs[r.isa.regNames.r11] = g;
    expect(machine.run(CACHE)).toEqual({ kind: 'service', pc: 0x40 });
    machine.regs[r.isa.regNames.r11] = g + 1024; // same entry, another tag: a miss
    expect(machine.run(CACHE)).toEqual({ kind: 'service', pc: HOST_LAYOUT.DISPATCH });
    expect(machine.regs[r.isa.host!.exit]).toBe(g + 1024);
    expect(machine.regs[r.isa.host!.link]).toBe(0);
  });

  it('maps a guest syscall onto the host ABI: arguments, number, result; unknown numbers give -38', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    const block = optimize(liftAsm(c, ['syscall']));
    const regs = new Int32Array(c.isa.registers.length);
    const scratch = new Uint8Array(0x400);
    const at = (name: string) => c.isa.regNames[name];
    regs[at('r3')] = 11;
    regs[at('r1')] = 22;
    regs[at('r2')] = 33;
    regs[at('r5')] = 55;
    for (const [num, want] of [
      [4, 33], // write: the fake returns the count
      [45, 11 + 16], // brk (45 on cisc32, 17 on risc32)
      [77, -38], // unknown: no call
    ]) {
      regs[at('r0')] = num;
      const { diff, code } = compare(r.isa, c.isa, block, regs, scratch);
      expect(diff).toBeUndefined();
      const got = runHost(r.isa, c.isa, code, regs, scratch);
      expect(got.regs[at('r0')]).toBe(want);
      expect(got.regs[at('r5')]).toBe(55);
      expect(got.syscalls).toEqual(num === 77 ? [] : [num === 4 ? 'write(11, 22, 33)' : 'brk(11, 22, 33)']);
      expect(got.outcome).toEqual({ kind: 'next', pc: 0x1002, link: code.exits[0].patchAt });
    }
  });

  it('checks the SMC flag after a guest instruction that stores, and leaves unchained when it is set', async () => {
    const { c, r, code } = await translate(['mov [r6], r0', 'add r0, 1', 'jmp x', 'x:'], { smcChecks: true });
    expect(code.listing).toMatch(/ldw r\d+, 0x2000\(r29\)/);
    const regs = new Int32Array(c.isa.registers.length);
    regs[c.isa.regNames.r6] = SCRATCH;
    const scratch = new Uint8Array(0x400);
    // Flag clear: the block runs to its exit.
    expect(runHost(r.isa, c.isa, code, regs, scratch).outcome).toEqual({ kind: 'next', pc: 0x1007, link: code.exits[0].patchAt });
    // Flag set (as the runtime does when a store hits translated code): out after the store, unchained.
    const m = new Memory('little', BASE + 0x10000);
    m.map(SCRATCH, 0x400, PERM_R | PERM_W);
    m.map(CACHE, 0x1000, PERM_R | PERM_X);
    m.writeBytes(CACHE, code.bytes);
    m.map(BASE, HOST_LAYOUT.AREA_SIZE, PERM_R | PERM_W);
    m.store32(BASE + HOST_LAYOUT.FLAG_OFFSET, 1);
    const machine = new HostMachine(r.isa, m, () => false, { engine: 'interp' });
    machine.regs[r.isa.host!.base] = BASE;
    machine.regs[r.isa.host!.count] = 100;
    machine.regs[guestReg(r.isa, c.isa, 'r6')] = SCRATCH;
    machine.regs[guestReg(r.isa, c.isa, 'r0')] = 41;
    expect(machine.run(CACHE)).toEqual({ kind: 'service', pc: HOST_LAYOUT.DISPATCH });
    expect(machine.regs[r.isa.host!.exit]).toBe(0x1002);
    expect(machine.regs[r.isa.host!.link]).toBe(0);
    expect(m.load32(SCRATCH)).toBe(41);
    expect(machine.regs[guestReg(r.isa, c.isa, 'r0')]).toBe(41);
  });

  it('faults precisely: a guarded fault leaves through FAULT with the guest pc; a host memory fault maps to its guest instruction', async () => {
    const c = await load('cisc32');
    const r = await load('risc32');
    const block = optimize(liftAsm(c, ['add r1, 1', 'divu r0, r2', 'mov r3, [r7]', 'ret']));
    const regs = new Int32Array(c.isa.registers.length);
    regs[c.isa.regNames.r7] = 0x300000; // unmapped
    regs[c.isa.regNames.r2] = 0;
    const scratch = new Uint8Array(0x400);
    let res = compare(r.isa, c.isa, block, regs, scratch);
    expect(res.diff).toBeUndefined();
    expect(runHost(r.isa, c.isa, res.code, regs, scratch).outcome).toEqual({ kind: 'fault', fault: 'divide error', pc: 0x1003 });
    regs[c.isa.regNames.r2] = 3;
    res = compare(r.isa, c.isa, block, regs, scratch);
    expect(res.diff).toBeUndefined();
    const got = runHost(r.isa, c.isa, res.code, regs, scratch);
    expect(got.outcome).toEqual({ kind: 'fault', fault: 'segmentation fault', pc: 0x1006 });
    expect(got.regs[c.isa.regNames.r1]).toBe(1);
  });

  it('blocks of random IR ops on a host with few temps spill and still compute the same', async () => {
    // A block with more live values than temps: 12 loads, then their sum.
    const c = await load('cisc32');
    const r = await load('risc32');
    const b = new Builder();
    b.emit({ op: 'insn', pc: 0x1000, len: 2 });
    const base = b.getreg(32, c.isa.regNames.r6);
    const vs = Array.from({ length: 12 }, (_, i) => b.load(32, 32, b.bin('add', 32, base, b.const(32, 4 * i)), undefined));
    let sum = vs[0];
    for (let i = 1; i < vs.length; i++) sum = b.bin('xor', 32, b.bin('mul', 32, sum, b.const(32, 3)), vs[i]);
    for (let i = 0; i < 4; i++) b.setreg(i, b.bin('add', 32, sum, vs[11 - i]));
    const block = b.finish(0x1000, 0x1002, 1, { kind: 'direct', pc: 0x1002 });
    const regs = new Int32Array(c.isa.registers.length);
    regs[c.isa.regNames.r6] = SCRATCH;
    const scratch = Uint8Array.from({ length: 0x400 }, (_, i) => (i * 37) & 255);
    const res = compare(r.isa, c.isa, block, regs, scratch);
    expect(res.diff).toBeUndefined();
    expect(res.code.spills).toBeGreaterThan(0);
  });
});

function guestReg(host: IsaModel, guest: IsaModel, name: string): number {
  const h = guestSlotHome(host, guest, guest.regNames[name]);
  if (!('reg' in h)) throw new Error('spilled');
  return h.reg;
}
