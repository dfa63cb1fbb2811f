import { describe, expect, it } from 'vitest';
import { formatExpr } from '../../src/asm/expr.js';
import type { Operand } from '../../src/asm/types.js';
import { fakeIsa } from './fake-isa.js';
import { asm, src } from './helpers.js';

/** The operands `op` was planned with, written compactly. */
function operandsOf(text: string): unknown[] {
  const isa = fakeIsa();
  asm(src('.equ N, 3', 'x:', `op ${text}`), isa);
  return isa.seen[0]!.operands.map(show);
}

function show(o: Operand): unknown {
  switch (o.kind) {
    case 'reg':
      return `reg ${o.name}`;
    case 'imm':
      return `imm ${formatExpr(o.expr)}`;
    case 'mem':
      return `mem ${o.style} ${o.base} ${o.disp ? formatExpr(o.disp) : '-'}`;
    case 'prefixed':
      return [o.prefix, show(o.inner)];
  }
}

describe('operand shapes', () => {
  it.each<[string, unknown[]]>([
    ['r3', ['reg r3']],
    ['R3, Sp', ['reg r3', 'reg sp']],
    ['[r3]', ['mem bracket r3 -']],
    ['[ r3 + 4 ]', ['mem bracket r3 +4']],
    ['[r3 - 4 + 8]', ['mem bracket r3 -4 + 8']],
    ['[r3 - (4 + 8)]', ['mem bracket r3 -(4 + 8)']],
    ['[r3 + x * 2]', ['mem bracket r3 +x * 2']],
    ['(s0)', ['mem paren s0 -']],
    ['8(sp)', ['mem paren sp 8']],
    ['x(r1)', ['mem paren r1 x']],
    ['(N - 1) * 4(s0)', ['mem paren s0 (N - 1) * 4']],
    ['(N - 1) * 4', ['imm (N - 1) * 4']],
    ['(N)', ['imm N']],
    ['byte [r3]', [['byte', 'mem bracket r3 -']]],
    ['BYTE r1', [['byte', 'reg r1']]],
    ['-1', ['imm -1']],
    ["'a', ','", ['imm 97', 'imm 44']],
    ['x + 1, [r1 + 2], 3(r2)', ['imm x + 1', 'mem bracket r1 +2', 'mem paren r2 3']],
    ['', []],
  ])('op %s', (text, expected) => {
    expect(operandsOf(text)).toEqual(expected);
  });

  it('reads a bracket displacement with its sign: [r3 - 4 + 8] is r3 + 4', () => {
    const isa = fakeIsa();
    asm('op [r3 - 4 + 8]\n.word 0', isa);
    const mem = isa.seen[0]!.operands[0]!;
    expect(mem.kind === 'mem' && mem.disp).toMatchObject({ kind: 'binary', op: '+', left: { kind: 'unary', op: '-' } });
  });

  it('gives operands the place where they start', () => {
    const isa = fakeIsa();
    asm('  op  r1, byte [r2]', isa);
    expect(isa.seen[0]!.operands).toMatchObject([
      { loc: { line: 1, col: 7 } },
      { loc: { col: 11 }, inner: { loc: { col: 16 } } },
    ]);
  });
});
