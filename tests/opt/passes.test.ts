// Each optimizer pass on small hand-built blocks, then the whole pipeline on
// lifted cisc32 blocks: dead flag elimination, and the fault point that keeps
// flags alive.

import { describe, expect, it } from 'vitest';
import { Builder } from '../../src/ir/builder.js';
import { printBlock, verifyBlock, type Exit, type IrBlock } from '../../src/ir/index.js';
import {
  memoryForwarding,
  cse,
  deadCode,
  deadSetregs,
  foldConstants,
  guestStateForwarding,
  liveInSlots,
  optimize,
  overwrittenBeforeRead,
  simplify,
} from '../../src/opt/index.js';
import { liftAsm, load } from '../ir/helpers.js';

const cisc = await load('cisc32');
const isa = cisc.isa;
const S = isa.regNames;

/** Build a block with `f`, returning its body text (no header) after `pass`. */
function run(pass: (b: IrBlock) => IrBlock, f: (b: Builder) => Exit): string {
  const b = new Builder();
  const exit = f(b);
  const out = pass(b.finish(0x1000, 0x1004, 0, exit));
  expect(verifyBlock(out)).toEqual([]);
  return printBlock(out, isa).split('\n').slice(1).join('\n');
}

const direct: Exit = { kind: 'direct', pc: 0x1004 };

describe('constant folding', () => {
  it('computes with the interpreter’s 32-bit arithmetic', () => {
    const t = run(foldConstants, (b) => {
      const max = b.const(32, 0x7fffffff);
      const min = b.const(32, -0x80000000);
      const m1 = b.const(32, -1);
      const zero = b.const(32, 0);
      b.setreg(S.r0, b.bin('add', 32, max, b.const(32, 1)));
      b.setreg(S.r1, b.bin('divs', 32, min, m1));
      b.setreg(S.r2, b.bin('divu', 32, max, zero));
      b.setreg(S.r3, b.bin('sar', 32, min, b.const(32, 33)));
      b.setreg(S.c, b.bin('ltu', 1, m1, zero));
      b.setreg(S.s, b.bin('lts', 1, m1, zero));
      b.setreg(S.r5, b.ext(32, true, b.const(8, 0x80)));
      return direct;
    });
    expect(t).toBe(
      [
        'v0:i32 = const 0x7fffffff',
        'v1:i32 = const 0x80000000',
        'v2:i32 = const -1',
        'v3:i32 = const 0',
        'v4:i32 = const 1',
        'v5:i32 = const 0x80000000', // 0x7fffffff + 1 wraps
        'setreg r0 = v5',
        'v6:i32 = const 0x80000000', // -2^31 / -1 wraps
        'setreg r1 = v6',
        'v7:i32 = const 0', // a zero divisor gives 0 in the IR
        'setreg r2 = v7',
        'v8:i32 = const 33',
        'v9:i32 = const 0xc0000000', // counts are mod 32: sar by 1
        'setreg r3 = v9',
        'v10:i1 = const 0',
        'setreg c = v10',
        'v11:i1 = const 1',
        'setreg s = v11',
        'v12:i8 = const 128',
        'v13:i32 = const -128',
        'setreg r5 = v13',
        'exit direct 0x1004',
      ].join('\n'),
    );
  });

  it('resolves constant guards and exits', () => {
    const t = run(foldConstants, (b) => {
      const a = b.getreg(32, S.r0);
      const no = b.const(1, 0);
      const yes = b.const(1, 1);
      b.setreg(S.r1, b.load(32, 32, a, no));
      b.store(32, a, a, no);
      b.fault('divide', 0x1000, yes);
      b.setreg(S.r2, b.select(32, yes, a, b.const(32, 5)));
      return { kind: 'branch', cond: yes, taken: 0x2000, fallthrough: 0x1004 };
    });
    expect(t).toBe(
      [
        'v0:i32 = getreg r0',
        'v1:i1 = const 0',
        'v2:i1 = const 1',
        'v3:i32 = const 0',
        'setreg r1 = v3',
        'fault divide @0x1000',
        'v4:i32 = const 5',
        'setreg r2 = v0',
        'exit direct 0x2000',
      ].join('\n'),
    );
  });
});

describe('simplification and copy propagation', () => {
  it('drops identities and knows results of self-operations', () => {
    const t = run(simplify, (b) => {
      const x = b.getreg(32, S.r0);
      const f = b.getreg(1, S.z);
      b.setreg(S.r1, b.bin('add', 32, x, b.const(32, 0)));
      b.setreg(S.r2, b.bin('and', 32, b.const(32, -1), x));
      b.setreg(S.r3, b.bin('shl', 32, x, b.const(32, 32)));
      b.setreg(S.r5, b.bin('xor', 32, x, x));
      b.setreg(S.c, b.bin('ltu', 1, x, x));
      b.setreg(S.o, b.bin('eq', 1, f, b.const(1, 0)));
      b.setreg(S.s, b.select(1, f, b.const(1, 1), b.const(1, 0)));
      b.setreg(S.r7, b.select(32, f, x, x));
      return direct;
    });
    expect(t).toBe(
      [
        'v0:i32 = getreg r0',
        'v1:i1 = getreg z',
        'v2:i32 = const 0',
        'setreg r1 = v0',
        'v4:i32 = const -1',
        'setreg r2 = v0',
        'v6:i32 = const 32',
        'setreg r3 = v0',
        'v8:i32 = const 0',
        'setreg r5 = v8',
        'v9:i1 = const 0',
        'setreg c = v9',
        'v10:i1 = const 0',
        'v11:i1 = lnot v1',
        'setreg o = v11',
        'v12:i1 = const 1',
        'setreg s = v1',
        'setreg r7 = v0',
        'exit direct 0x1004',
      ].join('\n'),
    );
  });

  it('turns an indirect exit to a choice of two constants into a branch, and unnegates branch conditions', () => {
    const t = run(simplify, (b) => {
      const c = b.un('lnot', 1, b.getreg(1, S.z));
      return { kind: 'indirect', target: b.select(32, c, b.const(32, 0x2000), b.const(32, 0x1004)) };
    });
    // The select on lnot z became a select on z with its arms swapped.
    expect(t.split('\n').pop()).toBe('exit branch v0 ? 0x1004 : 0x2000');
    const u = run((x) => simplify(simplify(x)), (b) => {
      const c = b.un('lnot', 1, b.getreg(1, S.z));
      return { kind: 'branch', cond: c, taken: 0x2000, fallthrough: 0x1004 };
    });
    expect(u.split('\n').pop()).toBe('exit branch v0 ? 0x1004 : 0x2000');
  });
});

describe('common subexpressions', () => {
  it('shares equal pure ops (commutative ones in either order), not loads', () => {
    const t = run(cse, (b) => {
      const x = b.getreg(32, S.r0);
      const y = b.getreg(32, S.r1);
      b.setreg(S.r2, b.bin('add', 32, x, y));
      b.setreg(S.r3, b.bin('add', 32, y, x));
      b.setreg(S.r5, b.load(32, 32, x, undefined));
      b.setreg(S.r6, b.load(32, 32, x, undefined));
      return direct;
    });
    expect(t).toBe(
      [
        'v0:i32 = getreg r0',
        'v1:i32 = getreg r1',
        'v2:i32 = add v0, v1',
        'setreg r2 = v2',
        'setreg r3 = v2',
        'v4:i32 = load32 v0',
        'setreg r5 = v4',
        'v5:i32 = load32 v0',
        'setreg r6 = v5',
        'exit direct 0x1004',
      ].join('\n'),
    );
  });
});

describe('memory forwarding', () => {
  it('reuses a load until a store that may overlap it', () => {
    const t = run(memoryForwarding, (b) => {
      const x = b.getreg(32, S.r0);
      const y = b.getreg(32, S.r1);
      b.setreg(S.r5, b.load(32, 32, x, undefined));
      b.setreg(S.r6, b.load(32, 32, x, undefined));
      b.store(8, y, y, undefined); // y may be anywhere
      b.setreg(S.r7, b.load(32, 32, x, undefined));
      return direct;
    });
    expect(t).toBe(
      [
        'v0:i32 = getreg r0',
        'v1:i32 = getreg r1',
        'v2:i32 = load32 v0',
        'setreg r5 = v2',
        'setreg r6 = v2',
        'store8 [v1] = v1',
        'v4:i32 = load32 v0', // a store came between
        'setreg r7 = v4',
        'exit direct 0x1004',
      ].join('\n'),
    );
  });

  it('forwards a stored value to a load of the same bytes, keeping the load for its fault; stores to other offsets of the base do not stop it', () => {
    const t = run(memoryForwarding, (b) => {
      const sp = b.getreg(32, S.r4);
      const v = b.getreg(32, S.r1);
      const w = b.getreg(32, S.r2);
      const four = b.const(32, 4);
      const below = b.bin('sub', 32, sp, four);
      b.store(32, below, v, undefined);
      b.store(32, sp, w, undefined); // 4 bytes above: apart
      b.store(8, b.bin('add', 32, below, b.const(32, 8)), w, undefined); // sp + 4: apart
      b.setreg(S.r5, b.load(32, 32, b.bin('add', 32, sp, b.const(32, -4)), undefined)); // = below
      b.setreg(S.r6, b.load(32, 32, below, undefined)); // readable now: no second load
      b.store(8, b.bin('sub', 32, sp, b.const(32, 1)), w, undefined); // overlaps below's last byte
      b.setreg(S.r7, b.load(32, 32, below, undefined));
      return direct;
    });
    expect(t).toBe(
      [
        'v0:i32 = getreg r4',
        'v1:i32 = getreg r1',
        'v2:i32 = getreg r2',
        'v3:i32 = const 4',
        'v4:i32 = sub v0, v3',
        'store32 [v4] = v1',
        'store32 [v0] = v2',
        'v5:i32 = const 8',
        'v6:i32 = add v4, v5',
        'store8 [v6] = v2',
        'v7:i32 = const -4',
        'v8:i32 = add v0, v7',
        'v14:i32 = load32 v8', // kept for its fault
        'setreg r5 = v1',
        'setreg r6 = v1',
        'v11:i32 = const 1',
        'v12:i32 = sub v0, v11',
        'store8 [v12] = v2',
        'v13:i32 = load32 v4',
        'setreg r7 = v13',
        'exit direct 0x1004',
      ].join('\n'),
    );
  });

  it('forgets everything at a syscall, and never forwards a guarded store', () => {
    const t = run(memoryForwarding, (b) => {
      const x = b.getreg(32, S.r0);
      const g = b.getreg(1, S.zf);
      b.store(32, x, x, g);
      b.setreg(S.r5, b.load(32, 32, x, undefined));
      b.syscall(0x1000, undefined);
      b.setreg(S.r6, b.load(32, 32, x, undefined));
      return direct;
    });
    expect(t).toContain('store32 [v0] = v0 if v1\nv2:i32 = load32 v0\nsetreg r5 = v2');
    expect(t).toContain('v3:i32 = load32 v0\nsetreg r6 = v3');
  });
});

describe('guest-state forwarding', () => {
  it('reads a slot’s known value and drops writes of the value it holds', () => {
    const t = run(guestStateForwarding, (b) => {
      const x = b.getreg(32, S.r0);
      b.setreg(S.r0, x);
      const y = b.bin('add', 32, x, x);
      b.setreg(S.r1, y);
      b.setreg(S.r2, b.getreg(32, S.r1));
      b.syscall(0x1000, undefined);
      b.setreg(S.r3, b.getreg(32, S.r1));
      return direct;
    });
    expect(t).toBe(
      [
        'v0:i32 = getreg r0',
        'v1:i32 = add v0, v0',
        'setreg r1 = v1',
        'setreg r2 = v1',
        'syscall @0x1000',
        'v3:i32 = getreg r1',
        'setreg r3 = v3',
        'exit direct 0x1004',
      ].join('\n'),
    );
  });
});

describe('dead setregs and dead code', () => {
  it('drops a setreg overwritten before any fault point or read; keeps it across one', () => {
    const ops = (b: Builder): Exit => {
      const x = b.getreg(32, S.r0);
      b.setreg(S.z, b.const(1, 0)); // dead: set again below
      b.setreg(S.s, b.const(1, 0)); // kept: the load shows it
      b.setreg(S.c, b.const(1, 0)); // kept: read by getreg before it is set again
      b.setreg(S.o, b.const(1, 0));
      b.setreg(S.z, b.const(1, 1));
      b.getreg(1, S.c);
      b.setreg(S.r1, x);
      b.load(32, 32, x, undefined);
      b.setreg(S.s, b.const(1, 1));
      b.setreg(S.c, b.const(1, 1));
      return direct;
    };
    expect(run((blk) => deadSetregs(blk), ops).match(/setreg \w+/g)).toEqual([
      'setreg s',
      'setreg c',
      'setreg o',
      'setreg z',
      'setreg r1',
      'setreg s',
      'setreg c',
    ]);
    // s is dead at the exit; o is not (the load comes after it).
    expect(run((blk) => deadSetregs(blk, new Set([S.o, S.s])), ops).match(/setreg \w+/g)).toEqual([
      'setreg s',
      'setreg c',
      'setreg o',
      'setreg z',
      'setreg r1',
      'setreg c',
    ]);
  });

  it('removes unused pure values but keeps unused loads (they can fault)', () => {
    const t = run(deadCode, (b) => {
      const x = b.getreg(32, S.r0);
      b.bin('mul', 32, x, x);
      b.load(8, 8, x, undefined);
      b.getreg(32, S.r1);
      return direct;
    });
    expect(t).toBe(['v0:i32 = getreg r0', 'v2:i8 = load8 v0', 'exit direct 0x1004'].join('\n'));
  });
});

describe('optimize on lifted cisc32 blocks', () => {
  const block = ['add r0, r1', 'cmp r0, r2', 'jne far', 'nop', 'far: nop'];
  const flags = new Set([S.z, S.s, S.c, S.o]);
  const opt = (lines: string[], deadAtExit?: Set<number>): string => {
    const lifted = liftAsm(cisc, lines);
    return printBlock(
      optimize(lifted, {
        deadAtExit,
        afterPass: (name, b) => expect(verifyBlock(b), name).toEqual([]),
      }),
      isa,
    );
  };

  it('add; cmp; jne — with flags dead at the exit only the compare jne reads survives', () => {
    expect(opt(block, flags)).toBe(
      [
        'block 0x1000..0x1006 (3 insns)',
        '--- 0x1000 (2 bytes)',
        'v0:i32 = getreg r1',
        'v1:i32 = getreg r0',
        'v2:i32 = add v1, v0',
        'setreg r0 = v2',
        '--- 0x1002 (2 bytes)',
        'v16:i32 = getreg r2',
        '--- 0x1004 (2 bytes)',
        'v28:i1 = ne v2, v16',
        'exit branch v28 ? 0x1007 : 0x1006',
      ].join('\n'),
    );
  });

  it('add; cmp; jne — otherwise cmp’s flags are stored for the successor, add’s are still dead', () => {
    const t = opt(block);
    expect(t.match(/setreg \w+/g)).toEqual(['setreg r0', 'setreg z', 'setreg s', 'setreg c', 'setreg o']);
    expect(t.indexOf('setreg z')).toBeGreaterThan(t.indexOf('--- 0x1002'));
  });

  it('a load between the two flag writes keeps the first ones: a fault there must show them', () => {
    const t = opt(['add r0, r1', 'mov r3, [r4 + 8]', 'cmp r0, r2', 'jne far', 'nop', 'far: nop'], flags);
    const first = t.slice(0, t.indexOf('--- 0x1002'));
    expect(first.match(/setreg \w+/g)).toEqual(['setreg r0', 'setreg z', 'setreg s', 'setreg c', 'setreg o']);
    const rest = t.slice(t.indexOf('--- 0x1002'));
    expect(rest.match(/setreg \w+/g)).toEqual(['setreg r3']);
    expect(t).toMatch(/load32 v\d+\nsetreg r3/);
  });

  it('keeps every insn marker', () => {
    const lines = ['add r0, r1', 'mov r2, 5', 'xor r2, r2', 'nop', 'jmp far', 'far: nop'];
    expect(opt(lines, flags).match(/^--- /gm)).toHaveLength(5);
  });
});

describe('overwrittenBeforeRead and liveInSlots', () => {
  it('add r0, r1 sets the four flags before reading them, and reads r0 and r1', () => {
    const b = liftAsm(cisc, ['add r0, r1', 'nop']);
    expect(overwrittenBeforeRead(b)).toEqual(new Set([S.z, S.s, S.c, S.o]));
    expect(liveInSlots(b)).toEqual(new Set([S.r0, S.r1]));
  });

  it('nothing is overwritten past the first fault point', () => {
    expect(overwrittenBeforeRead(liftAsm(cisc, ['mov r3, [r4]', 'add r0, r1', 'nop']))).toEqual(new Set());
    expect(overwrittenBeforeRead(liftAsm(cisc, ['mov r3, 1', 'push r0', 'add r0, r1', 'nop']))).toEqual(new Set([S.r3]));
  });

  it('adc reads c before it sets it', () => {
    const b = liftAsm(cisc, ['adc r0, r1', 'nop']);
    expect(overwrittenBeforeRead(b)).toEqual(new Set([S.z, S.s, S.o]));
    expect(liveInSlots(b)).toEqual(new Set([S.r0, S.r1, S.c]));
  });
});
