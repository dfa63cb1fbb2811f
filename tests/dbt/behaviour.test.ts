// What the translator does beyond computing the right answer, each checked
// against the interpreter too (runAll: same stop, fault line, output, count,
// registers, flags and memory on interp, dbt, and dbt --host-engine interp):
// hot loops chain and stay out of the dispatcher; returns and jump tables
// resolve through the indirect-branch table; self-modifying code (in the
// same straight run, in another block already translated and chained, and
// code brought in by a `read` system call) runs the new bytes; faults in the
// middle of a long block are precise, flags included; --max-steps stops
// exactly where the interpreter stops.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assemble } from '../../src/asm/index.js';
import { randomFault, randomOps } from '../fixtures/programs.js';
import { modelsFor, runAll, runAllSync, runEngine, symbol } from './helpers.js';
import { propertyCheck } from './property.js';

const hex8 = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** The .text bytes of a snippet (for code that a program reads from stdin). */
async function codeBytes(isa: string, snippet: string): Promise<Uint8Array> {
  const m = await modelsFor(isa);
  const image = assemble(`.text\n_start:\n${snippet}\n`, 'snippet.s', m.asm);
  return image.segments.find((s) => s.name === '.text')!.data;
}

const ciscExit = (reg: string) => `mov r3, ${reg}\nmov r0, 1\nsyscall`;
const riscExit = (reg: string) => `mov ${reg}, a0\nli v0, 1\ncallsys`;

// ---- chaining ----

const ciscHotLoop = (n: number) => `
.text
_start:
        mov r1, ${n}
        mov r0, 0
        mov r2, 1
top:    add r0, r1
        xor r2, r0
        rol r2, 3
        test r1, 1
        jne odd
        add r0, 7
odd:    dec r1
        jne top
        ${ciscExit('r0')}
`;

const riscHotLoop = (n: number) => `
.text
_start:
        li t0, ${n}
        clr v0
        li a3, 1
top:    addl v0, t0, v0
        xor a3, v0, a3
        sll a3, 3, t8
        srl a3, 29, t9
        bis t8, t9, a3
        blbs t0, odd
        addl v0, 7, v0
odd:    subl t0, 1, t0
        bne t0, top
        ${riscExit('v0')}
`;

describe('chaining', () => {
  for (const [isa, prog] of [
    ['cisc32', ciscHotLoop],
    ['risc32', riscHotLoop],
  ] as const) {
    it(`a hot ${isa} loop chains its blocks: the dispatcher is not entered per iteration`, async () => {
      const short = await runAll(isa, prog(1000));
      const long = await runAll(isa, prog(100_000));
      for (const r of [long.dbt, long.dbtInterp]) {
        const s = r.stats!;
        expect(r.outcome.stop).toBe('exit');
        expect(s.chainLinks).toBeGreaterThan(0);
        expect(s.guestInsns).toBe(long.interp.outcome.steps);
        expect(s.guestInsns).toBeGreaterThan(500_000);
        // dispatches per 1000 guest instructions
        expect((1000 * s.dispatches) / s.guestInsns).toBeLessThan(1);
      }
      // after warm-up, 99,000 more iterations cost no more dispatches
      expect(long.dbt.stats!.dispatches - short.dbt.stats!.dispatches).toBeLessThanOrEqual(2);
      expect(long.dbtInterp.stats!.dispatches - short.dbtInterp.stats!.dispatches).toBeLessThanOrEqual(2);
    });
  }
});

// ---- indirect branches ----

describe('indirect branches', () => {
  it('cisc32 returns (9,000, from three call sites and two depths) mostly stay in host code', async () => {
    const src = `
.text
_start:
        mov r6, 3000
        mov r7, 0
top:    push r6
        call add_arg
        add sp, 4
        call twice
        dec r6
        jne top
        ${ciscExit('r7')}
add_arg: mov r0, [sp + 4]
        add r7, r0
        ret
twice:  call bump
        ret
bump:   inc r7
        ret
`;
    const r = await runAll('cisc32', src, [], { dbt: { countHost: true } });
    expect(r.interp.outcome.status).toBe((3000 * 3001) / 2 + 3000 & 0xff);
    for (const e of [r.dbt, r.dbtInterp]) {
      expect(e.stats!.indirectLookups).toBeGreaterThanOrEqual(9000);
      expect(e.stats!.indirectMisses).toBeLessThanOrEqual(20);
      expect(e.stats!.dispatches).toBeLessThanOrEqual(40);
    }
  });

  it('risc32 returns through ra and calls through jsr mostly stay in host code', async () => {
    const src = `
.text
_start:
        li s0, 3000
        clr s1
top:    mov s0, a0
        call add_arg
        li t0, twice
        jsr ra, (t0)
        subl s0, 1, s0
        bne s0, top
        ${riscExit('s1')}
add_arg: addl s1, a0, s1
        ret
twice:  lda sp, -16(sp)
        stw ra, 0(sp)
        call bump
        ldw ra, 0(sp)
        lda sp, 16(sp)
        ret
bump:   addl s1, 1, s1
        ret
`;
    const r = await runAll('risc32', src, [], { dbt: { countHost: true } });
    expect(r.interp.outcome.status).toBe((3000 * 3001) / 2 + 3000 & 0xff);
    for (const e of [r.dbt, r.dbtInterp]) {
      expect(e.stats!.indirectLookups).toBeGreaterThanOrEqual(9000);
      expect(e.stats!.indirectMisses).toBeLessThanOrEqual(20);
    }
  });

  it('a jump table (jmp [r3 + table]) resolves in host code', async () => {
    const src = `
.text
_start:
        mov r6, 4000
        mov r7, 0
top:    mov r3, r6
        and r3, 3
        shl r3, 2
        jmp [r3 + table]
c0:     add r7, 1
        jmp next
c1:     add r7, 10
        jmp next
c2:     add r7, 100
        jmp next
c3:     add r7, 1000
next:   dec r6
        jne top
        mov r0, r7
        shr r0, 8
        xor r0, r7
        ${ciscExit('r0')}
.data
table:  .word c0, c1, c2, c3
`;
    const r = await runAll('cisc32', src, [], { dbt: { countHost: true } });
    expect(r.interp.outcome.regs.r7).toBe(hex8(1000 * 1111));
    for (const e of [r.dbt, r.dbtInterp]) {
      expect(e.stats!.indirectLookups).toBeGreaterThanOrEqual(4000);
      expect(e.stats!.indirectMisses).toBeLessThanOrEqual(20);
      expect(e.stats!.dispatches).toBeLessThanOrEqual(40);
    }
  });
});

// ---- sections declared without r ----

describe('a section declared without r is still read (the manuals fault no read of a mapped segment)', () => {
  for (const flags of ['w', 'x', '']) {
    it(`cisc32: a load from a "${flags}" section, and write() of a buffer in it`, async () => {
      const src = `
_start: mov r1, f
        mov r6, [r1]
        mov r0, 4
        mov r3, 1
        mov r2, 4
        syscall
        mov r3, r6
        add r3, r0              ; 43 + 4 bytes written
        mov r0, 1
        syscall
.section .foo, "${flags}"
f:      .byte 43, 0, 0, 0
`;
      const r = await runAll('cisc32', src);
      expect(r.interp.outcome.stop).toBe('exit');
      expect(r.interp.outcome.status).toBe(47);
      expect(r.interp.outcome.stdout).toBe(String.raw`+\x00\x00\x00`);
    });
  }

  it('risc32: a load from a "w" section', async () => {
    const src = `
_start: li t0, f
        ldw a0, 0(t0)
        li v0, 1
        callsys
.section .foo, "w"
f:      .word 43
`;
    const r = await runAll('risc32', src);
    expect(r.interp.outcome.status).toBe(43);
  });
});

describe('self-modifying code in a writable code segment that starts part-way into a page', () => {
  // Another assembler may put an rwx segment at any address: split one
  // assembled .text into an rx head [0x1000, 0x1100) and an rwx rest.
  for (const isaName of ['cisc32', 'risc32'] as const) {
    it(`${isaName}: the patched instruction runs as patched on every engine`, async () => {
      const m = await modelsFor(isaName);
      const src = isaName === 'cisc32'
        ? `_start: jmp code\n.space 0x100 - 2\ncode: mov r3, target\n      mov r2, 7\n      mov byte [r3 + 1], r2\ntarget: mov r0, 1\n      mov r3, r0\n      mov r0, 1\n      syscall\n`
        : `_start: br code\n.space 0x100 - 4\ncode: li t0, target\n      li t1, 7\n      stb t1, 0(t0)\ntarget: lda a0, 1(r31)\n      li v0, 1\n      callsys\n`;
      const image = assemble(src, 'prog.s', m.asm);
      const text = image.segments[0];
      expect(text.name).toBe('.text');
      const head = { ...text, data: text.data.subarray(0, 0x100), memSize: 0x100 };
      const rest = { ...text, name: '.code', vaddr: 0x1100, flags: { r: true, w: true, x: true }, data: text.data.subarray(0x100), memSize: text.memSize - 0x100 };
      const split = { ...image, segments: [head, rest, ...image.segments.slice(1)] };
      for (const engine of ['interp', 'dbt', 'dbt-interp'] as const) {
        const r = runEngine(m, split, engine, [], {});
        expect([engine, r.outcome.stop, r.outcome.status]).toEqual([engine, 'exit', 7]);
      }
    });
  }
});

describe('an instruction cut by the end of its segment', () => {
  it('faults at the instruction with addr its first byte on every engine (the first byte of the access)', async () => {
    const r = await runAll('cisc32', `_start: nop\nnop\n.byte 0xB8, 1, 2\n`);
    expect(r.interp.outcome.fault).toBe('xlat: fault: segmentation fault at pc=0x00001002 addr=0x00001002');
    const q = await runAll('risc32', `_start: nop\n.byte 0x1F, 0x04\n`);
    expect(q.interp.outcome.fault).toBe('xlat: fault: segmentation fault at pc=0x00001004 addr=0x00001004');
  });
});

// ---- self-modifying code ----

describe('self-modifying code', () => {
  it('a store patches the immediate of an instruction later in the same straight run', async () => {
    const src = `
.section .code, "rwx"
_start:
        mov r3, target
        mov r2, 7
        mov byte [r3 + 1], r2   ; mov r0, 1 -> mov r0, 7
target: mov r0, 1
        ${ciscExit('r0')}
`;
    const r = await runAll('cisc32', src);
    expect(r.interp.outcome.status).toBe(7);
  });

  it('a store turns the next instruction of the same run into another one (inc -> dec)', async () => {
    const src = `
.section .code, "rwx"
_start:
        mov r0, 10
        mov r3, target
        mov r2, 0x48            ; dec r0
        add r5, r0
        mov byte [r3], r2
        add r5, r0
target: inc r0
        add r5, r0
        ${ciscExit('r0')}
`;
    const r = await runAll('cisc32', src);
    expect(r.interp.outcome.status).toBe(9);
  });

  it('a store patches another block that was already translated and chained (jumped to, and called)', async () => {
    const src = `
.section .code, "rwx"
_start:
        mov r6, 0
        mov r7, 0
again:  jmp blockb
back:   add r7, r0
        call getv
        add r7, r0
        inc r6
        cmp r6, 10
        jne cont
        mov r3, blockb
        mov r2, 5
        mov byte [r3 + 1], r2   ; blockb: mov r0, 1 -> mov r0, 5
        mov r3, getv
        mov r2, 3
        mov byte [r3 + 1], r2   ; getv: mov r0, 100 -> mov r0, 3
cont:   cmp r6, 20
        jb again
        ${ciscExit('r7')}
blockb: mov r0, 1
        jmp back
getv:   mov r0, 100
        ret
`;
    const r = await runAll('cisc32', src);
    expect(r.interp.outcome.regs.r7).toBe(hex8(10 * (1 + 100) + 10 * (5 + 3)));
    for (const e of [r.dbt, r.dbtInterp]) expect(e.stats!.invalidations).toBeGreaterThan(0);
  });

  it('cisc32 code read from stdin into an rwx section (over code that already ran) runs', async () => {
    const fresh = await codeBytes('cisc32', 'mov r0, 42\nadd r0, r7\nret');
    const src = `
.text
_start:
        mov r7, 0
        call jit                ; the code that is there at first: r0 = 1
        add r7, r0
        mov r0, 3               ; read(0, jit, 64): new code over it
        mov r3, 0
        mov r1, jit
        mov r2, 64
        syscall
        call jit                ; r0 = 42 + r7
        add r7, r0
        ${ciscExit('r7')}
.section .jit, "rwx"
jit:    mov r0, 1
        ret
        .space 64
`;
    const r = await runAll('cisc32', src, [], { stdin: fresh });
    expect(r.interp.outcome.status).toBe(1 + 42 + 1);
  });

  it('risc32 code read from stdin into an rwx section runs (same-ISA translation)', async () => {
    const fresh = await codeBytes('risc32', 'li v0, 42\naddl v0, s1, v0\nret');
    const src = `
.text
_start:
        clr s1
        call jit
        addl s1, v0, s1
        li v0, 3
        clr a0
        li a1, jit
        li a2, 64
        callsys
        call jit
        addl s1, v0, s1
        ${riscExit('s1')}
.section .jit, "rwx"
jit:    li v0, 1
        ret
        .space 64
`;
    const r = await runAll('risc32', src, [], { stdin: fresh });
    expect(r.interp.outcome.status).toBe(1 + 42 + 1);
  });
});

// ---- precise faults ----

/** A long straight run of flag-setting cisc32 code around a faulting instruction. */
function ciscLongBlock(fault: string[]): string {
  const before = [
    'mov r0, 0x12345678', 'mov r1, 0x9abcdef0', 'mov r2, 0x7fffffff', 'mov r3, 0x80000000', 'mov r5, 0', 'mov r7, 3',
    'add r0, r1', 'adc r2, r3', 'sbb r1, r0', 'xor r7, r0', 'rol r7, 5', 'sub r2, 0x1234', 'imul r1, r7', 'inc r3',
    'shr r0, 3', 'mov r1, r7', 'sar r2, r1', 'and r7, 0x3f', 'or r2, r7', 'neg r1', 'add r0, 0x80000000', 'dec r5', 'cmp r0, r3',
  ];
  const after = ['cmp r1, r1', 'add r0, r2', 'sub r3, r1', 'test r0, r0', 'inc r7', 'xor r2, r2'];
  return `.text\n_start:\n${[...before, ...fault, ...after].join('\n')}\n${ciscExit('r0')}\n.data\ndata: .space 32\ndata_end:\n`;
}

describe('precise faults', () => {
  const ciscFaults: Array<[string, string[], string]> = [
    ['a load from an unmapped address', ['mov r6, 0x10', 'the_fault: add r2, [r6 + 8]'], 'segmentation fault'],
    ['a store to .text', ['mov r6, _start', 'the_fault: mov [r6 + 4], r1'], 'segmentation fault'],
    ['a load that runs off the end of .data', ['mov r6, data_end - 2', 'the_fault: mov r2, [r6]'], 'segmentation fault'],
    ['a divide by zero', ['mov r6, 0', 'the_fault: divu r0, r6'], 'divide error'],
    ['divs -2^31 / -1', ['mov r6, -1', 'mov r2, 0x80000000', 'the_fault: divs r2, r6'], 'divide error'],
    ['ud', ['the_fault: ud'], 'illegal instruction'],
    ['brk', ['the_fault: brk'], 'breakpoint'],
    ['a rep stosb that runs off .data part-way', ['mov r7, data_end - 5', 'mov r1, 12', 'the_fault: rep stosb'], 'segmentation fault'],
    ['a cmov whose condition is false, from an unmapped address', ['mov r6, 0x20', 'cmp r6, r6', 'the_fault: cmovne r2, [r6]'], 'segmentation fault'],
  ];
  for (const [what, fault, kind] of ciscFaults) {
    it(`cisc32: ${what} in the middle of a long block reports the interpreter's pc, registers and flags`, async () => {
      const r = await runAll('cisc32', ciscLongBlock(fault));
      const o = r.interp.outcome;
      expect(o.stop).toBe('fault');
      expect(o.fault).toContain(`${kind} at pc=${hex8(symbol(r.image, 'the_fault'))}`);
      expect(r.dbt.outcome.regs).toEqual(o.regs);
    });
  }

  it('cisc32: a fault in a hot, chained loop on its 9th iteration (the index walks off .data)', async () => {
    const src = `
.text
_start:
        mov r6, data
        mov r0, 0
        mov r2, 0x55
top:    add r0, r2
        rol r2, 1
        cmp r0, r2
the_load: add r0, [r6 + 12]
        sbb r2, r0
        add r6, 16
        jmp top
.data
data:   .word 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
        .word 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
`;
    const r = await runAll('cisc32', src);
    expect(r.interp.outcome.fault).toBe(`xlat: fault: segmentation fault at pc=${hex8(symbol(r.image, 'the_load'))} addr=${hex8(symbol(r.image, 'data') + 128 + 12)}`);
  });

  it('cisc32: a divide fault in a block that overlaps an earlier one (a jump into the middle of a 64-instruction run) counts the instructions the interpreter counts', async () => {
    // The first pass translates the run from _start (64 instructions, the
    // most a block holds); the second enters at mid, a block of its own that
    // ends later, and faults on the divide both blocks contain.
    const nops = (n: number) => Array(n).fill('nop').join('\n');
    const src = `
.text
_start:
        mov r1, 3
        mov r6, 0
${nops(10)}
mid:
${nops(10)}
the_fault: divu r0, r1
${nops(60)}
        inc r6
        mov r1, 0
        cmp r6, 2
        jb mid
        ${ciscExit('r0')}
`;
    const r = await runAll('cisc32', src);
    expect(r.interp.outcome.fault).toBe(`xlat: fault: divide error at pc=${hex8(symbol(r.image, 'the_fault'))}`);
    expect(r.interp.outcome.steps).toBe(2 + 20 + 1 + 60 + 4 + 10);
  });

  const riscFaults: Array<[string, string[], string]> = [
    ['a misaligned ldw', ['li t4, data + 2', 'the_fault: ldw t5, 0(t4)'], 'alignment fault'],
    ['a misaligned stw to an unmapped address (alignment is checked first)', ['li t4, 0x12', 'the_fault: stw t5, 0(t4)'], 'alignment fault'],
    ['a load from an unmapped address', ['li t4, 0x500000', 'the_fault: ldbu t5, 3(t4)'], 'segmentation fault'],
    ['a store to .text', ['li t4, _start', 'the_fault: stw t5, 8(t4)'], 'segmentation fault'],
    ['a divide by zero', ['the_fault: divlu t0, r31, t5'], 'arithmetic fault'],
    ['bpt', ['the_fault: bpt'], 'breakpoint'],
  ];
  for (const [what, fault, kind] of riscFaults) {
    it(`risc32: ${what} in the middle of a long block (registers 16 and up spilled) reports the interpreter's state`, async () => {
      const before = ['li t0, 0x12345678', 'li a0, 0x9abcdef0', 'li t10, 77', 'li ra, 0x4000'];
      for (let i = 0; i < 16; i++) before.push(`addl r${(i * 7) % 26}, r${16 + (i % 12)}, r${16 + ((i * 5) % 12)}`, `xor r${16 + (i % 12)}, ${i * 13}, r${(i * 3) % 26}`);
      const after = ['clr t0', 'addl a0, a1, a0', 'li t10, 5'];
      const src = `.text\n_start:\n${[...before, ...fault, ...after].join('\n')}\n${riscExit('t0')}\n.data\ndata: .space 32\n`;
      const r = await runAll('risc32', src);
      expect(r.interp.outcome.fault).toContain(`${kind} at pc=${hex8(symbol(r.image, 'the_fault'))}`);
      expect(r.dbt.outcome.regs).toEqual(r.interp.outcome.regs);
    });
  }
});

describe('flags at a fault', () => {
  // Flags set before the fault and overwritten after it (dead on the
  // straight path, so a dead-flag pass may drop them): a fault must still
  // show them.
  const cases: Array<[string, string[]]> = [
    ['cmp', ['mov r0, 5', 'mov r1, 7', 'cmp r0, r1']],
    ['add with carry out, then inc (c unchanged)', ['mov r0, 0xffffffff', 'add r0, 2', 'inc r0']],
    ['sub, then a shift by 0 (no flag changes)', ['mov r0, 0x80000000', 'sub r0, 1', 'shl r0, 0']],
    ['sub, then shift by r1 = 32 (count 0: no change)', ['mov r1, 32', 'mov r0, 3', 'sub r0, 4', 'shr r0, r1']],
    ['add overflow, then rol (c only)', ['mov r0, 0x7fffffff', 'add r0, 1', 'mov r2, 0x80000000', 'rol r2, 1']],
    ['imul overflow', ['mov r0, 0x10000', 'imul r0, r0']],
    ['adc / sbb chain', ['mov r0, 0xffffffff', 'add r0, 1', 'adc r2, 0', 'sbb r3, 1', 'sbb r5, 0']],
    ['neg, dec', ['mov r0, 0', 'neg r0', 'mov r1, 0x80000000', 'dec r1']],
  ];
  const faults: Array<[string, string[]]> = [
    ['a load fault', ['mov r6, 0x10', 'mov r7, [r6]']],
    ['a divide fault', ['mov r6, 0', 'divs r7, r6']],
    ['ud', ['ud']],
  ];
  cases.forEach(([what, setters], i) => {
    it(`${what}, then a fault in the same block (${faults[i % 3][0]}, ${faults[(i + 1) % 3][0]})`, async () => {
      for (const [, fault] of [faults[i % 3], faults[(i + 1) % 3]]) {
        const src = `.text\n_start:\n${[...setters, ...fault, 'cmp r0, r0', 'test r7, r7'].join('\n')}\n${ciscExit('r0')}\n`;
        const r = await runAll('cisc32', src);
        expect(r.interp.outcome.stop).toBe('fault');
      }
    });
  });

  it('the flags of the block before the faulting one (its successor would overwrite them)', async () => {
    const src = `
.text
_start:
        mov r0, 5
        mov r1, 7
        mov r3, 0x10
        cmp r0, r1
        jmp next
next:   mov r2, [r3]
        cmp r1, r1
        ${ciscExit('r0')}
`;
    const r = await runAll('cisc32', src);
    expect(r.interp.outcome.regs).toMatchObject({ z: '0', s: '1', c: '1', o: '0' });
  });

  // Lazy flags (src/dbt/lazy.ts): the compare block leaves z, s and o
  // unwritten — both successors overwrite them after a store — and the
  // runtime computes them when the store faults, on a chained entry.
  const lazyLoop = (store: string, size: number) => `
.text
_start:
        mov r6, data
        mov r0, 0x1234567
        mov r2, 0x40
top:    rol r0, 7           ; flags that differ from one pass to the next
        cmp r0, r2
        je lower            ; (never: both successors run, by address)
higher: ${store.replace('X', 'r0')}
        add r6, 4           ; overwrites every flag
        jmp top
lower:  ${store.replace('X', 'r2')}
        sub r6, -4
        jmp top
.data
data:   .space ${size}
`;
  it('cisc32: flags a block sets and overwrites later, with a load between that faults: the runtime computes them', async () => {
    const src = `
.text
_start:
        mov r6, data
        mov r0, 0x7ffffff0
top:    add r0, 0x11        ; flags (o and s change as r0 wraps) that the next cmp overwrites
        mov r1, [r6]        ; faults once r6 walks off .data
        cmp r1, r0
        add r6, 4
        jmp top
.data
data:   .space 64
`;
    const r = await runAll('cisc32', src, [], { dbt: { countHost: true } });
    expect(r.interp.outcome.stop).toBe('fault');
    expect(r.dbt.stats!.deferBlocks).toBeGreaterThan(0);
    expect(r.dbt.stats!.lazySettled).toBeGreaterThan(0);
  });

  const divisors = (n: number) => `.word ${Array.from({ length: n }, (_, i) => i + 1).join(', ')}, 0`;
  for (const [what, store] of [['a store', 'mov [r6], X'], ['a load', 'add X, [r6 + 8]'], ['a divide (by a 0 word)', 'mov r1, X\n        divs r1, [r6]']] as const) {
    it(`cisc32: the compare's flags when ${what} faults in a chained successor that would overwrite them`, async () => {
      // Several lengths, so that the fault comes after passes with different flags.
      for (const size of [120, 124, 128, 132]) {
        const src = store.includes('divs') ? lazyLoop(store, 0).replace('data:   .space 0', `data:   ${divisors(size / 4)}`) : lazyLoop(store, size);
        const r = await runAll('cisc32', src, [], { dbt: { countHost: true } });
        expect(r.interp.outcome.stop).toBe('fault');
        expect(r.dbt.stats!.lazyBlocks).toBeGreaterThan(0);
        expect(r.dbt.stats!.lazySettled).toBeGreaterThan(0);
        expect(r.dbt.stats!.chainLinks).toBeGreaterThan(2);
      }
    });
  }

  it('random flag-setting code, then a random fault, then more code: 16 programs', async () => {
    const m = await modelsFor('cisc32');
    const ops = randomOps('cisc32');
    const init = fc.array(fc.tuple(fc.constantFrom('r0', 'r1', 'r2', 'r3', 'r5', 'r6', 'r7'), fc.integer({ min: 0, max: 0xffffffff })), { minLength: 7, maxLength: 7 });
    propertyCheck(
      fc.tuple(init, fc.array(ops, { minLength: 4, maxLength: 16 }), randomFault('cisc32'), fc.array(ops, { minLength: 0, maxLength: 6 })),
      ([regs, a, f, b]) => {
        const src = `.text\n_start:\n${[...regs.map(([r, v]) => `mov ${r}, ${v}`), ...a.flat(), ...f, ...b.flat()].join('\n')}\n${ciscExit('r0')}\nro: .space 64\n.data\ndata: .space 1024\ndata_end:\n.bss\nbss: .space 1024\n`;
        return runAllSync(m, src).interp.outcome;
      },
      16,
    );
  });
});

// ---- --max-steps ----

describe('--max-steps stops where the interpreter stops', () => {
  it('in the middle of hot chained blocks, the last partial block finishing on the interpreter', async () => {
    for (const maxSteps of [1, 2, 7, 12_345, 99_999]) {
      const r = await runAll('cisc32', ciscHotLoop(100_000), [], { maxSteps });
      expect(r.interp.outcome.stop).toBe('max-steps');
      expect(r.dbt.stats!.guestInsns).toBe(maxSteps);
    }
  });

  it('risc32 (same-ISA) likewise', async () => {
    for (const maxSteps of [3, 10_001]) {
      const r = await runAll('risc32', riscHotLoop(100_000), [], { maxSteps });
      expect(r.interp.outcome.stop).toBe('max-steps');
    }
  });

  it('cisc32: the limit reached right before a jump to non-executable memory is a max-steps stop, not a fault', async () => {
    const src = `
.text
_start:
        mov r3, data
        jmp r3
.data
data:   .word 0
`;
    const r = await runAll('cisc32', src, [], { maxSteps: 2 });
    expect(r.interp.outcome.stop).toBe('max-steps');
  });

  it('risc32: the limit reached right before a jump to non-executable memory is a max-steps stop, not a fault', async () => {
    const src = `
.text
_start:
        li t0, data
        jmp r31, (t0)
.data
data:   .word 0
`;
    const r = await runAll('risc32', src, [], { maxSteps: 3 });
    expect(r.interp.outcome.stop).toBe('max-steps');
  });

  it('cisc32: a stop between two blocks shows the flags the first block set (the second overwrites them)', async () => {
    const src = `
.text
_start:
        mov r0, 5
        mov r1, 7
        cmp r0, r1
        jmp next
next:   cmp r1, r1
        ${ciscExit('r0')}
`;
    const r = await runAll('cisc32', src, [], { maxSteps: 4 });
    expect(r.interp.outcome.regs).toMatchObject({ z: '0', s: '1', c: '1', o: '0' });
  });

  it('risc32: a stop between two blocks shows a register the first block set (the second overwrites it)', async () => {
    const src = `
.text
_start:
        li t0, 5
        li t1, 7
        cmplt t0, t1, t2
        br next
next:   clr t2
        ${riscExit('t2')}
`;
    const r = await runAll('risc32', src, [], { maxSteps: 4 });
    expect(r.interp.outcome.regs.r3).toBe(hex8(1));
  });

  it('self-modifying code stopped part-way', async () => {
    const src = `
.section .code, "rwx"
_start:
        mov r3, target
        mov r2, 7
        mov byte [r3 + 1], r2
target: mov r0, 1
        mov r5, r0
        ${ciscExit('r0')}
`;
    for (const maxSteps of [3, 4, 5]) await runAll('cisc32', src, [], { maxSteps });
  });
});
