// Static discovery on stripped programs: recursive traversal from the entry
// point only, jump tables resolved from the IR (scaled and byte-indexed, the
// bounds check on either edge of the branch), and the patterns that must be
// left alone (a signed bound, no bound at all), which stay unresolved.

import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { isaAssembler } from '../../src/asm/backend.js';
import { discover } from '../../src/aot/index.js';
import { buildDecoder } from '../../src/decode/index.js';
import { loadImage } from '../../src/os/index.js';
import { loadIsa } from '../../src/spec/index.js';

async function found(body: string, data = '') {
  const isa = await loadIsa('cisc32');
  const image = assemble(`.isa cisc32\n.text\n_start:\n${body}\n.data\n${data}\n`, 't.s', isaAssembler(isa));
  const sym = (name: string) => image.symbols.find((s) => s.name === name)!.value >>> 0;
  const { memory } = loadImage(image, isa, 't.s');
  // Stripped: only the entry point is known.
  const d = discover(isa, buildDecoder(isa), memory, { entry: image.entry, symbols: [], smcChecks: false });
  return { d, has: (name: string) => d.blocks.has(sym(name)) };
}

const CASES = ['c0: mov r7, 10', '    jmp done', 'c1: mov r7, 11', '    jmp done', 'c2: mov r7, 12', '    jmp done', 'c3: mov r7, 13', '    jmp done'];
const EXIT = ['dflt: mov r7, 99', 'done: mov r0, 1', '    mov r3, r7', '    syscall'];
const TABLE = 'table: .word c0, c1, c2, c3';

describe('discovery', () => {
  it('resolves a scaled jump table bounded by `cmp; ja` (jmp [reg*4 + table])', async () => {
    const { d, has } = await found(['mov r0, [r4]', 'cmp r0, 3', 'ja dflt', 'shl r0, 2', 'jmp [r0 + table]', ...CASES, ...EXIT].join('\n'), TABLE);
    expect(d.indirect).toMatchObject({ tables: 1, tableTargets: 4, unresolved: 0 });
    for (const c of ['c0', 'c1', 'c2', 'c3', 'dflt', 'done']) expect(has(c), c).toBe(true);
  });

  it('resolves a byte-indexed table (jmp [reg + table], the index scaled before the check), taking only whole entries', async () => {
    const { d, has } = await found(['mov r0, [r4]', 'shl r0, 2', 'cmp r0, 12', 'ja dflt', 'jmp [r0 + table]', ...CASES, ...EXIT].join('\n'), TABLE);
    expect(d.indirect).toMatchObject({ tables: 1, tableTargets: 4, unresolved: 0 });
    for (const c of ['c0', 'c1', 'c2', 'c3']) expect(has(c), c).toBe(true);
  });

  it('takes the bound from the taken edge too (`cmp; jb dispatch`)', async () => {
    const { d, has } = await found(['mov r0, [r4]', 'cmp r0, 4', 'jb dispatch', 'jmp dflt', 'dispatch:', 'shl r0, 2', 'jmp [r0 + table]', ...CASES, ...EXIT].join('\n'), TABLE);
    expect(d.indirect).toMatchObject({ tables: 1, tableTargets: 4 });
    expect(has('c3')).toBe(true);
  });

  it('leaves a table alone when the check is signed (negative indexes pass it)', async () => {
    const { d, has } = await found(['mov r0, [r4]', 'cmp r0, 3', 'jg dflt', 'shl r0, 2', 'jmp [r0 + table]', ...CASES, ...EXIT].join('\n'), TABLE);
    expect(d.indirect).toMatchObject({ tables: 0, unresolved: 1 });
    expect(has('c1')).toBe(false);
  });

  it('leaves a table alone without a bounds check', async () => {
    const { d, has } = await found(['mov r0, [r4]', 'shl r0, 2', 'jmp [r0 + table]', ...CASES, ...EXIT].join('\n'), TABLE);
    expect(d.indirect).toMatchObject({ tables: 0, unresolved: 1 });
    expect(has('c0')).toBe(false);
  });

  it('follows calls into the callee and on to the return site, and counts the return as one', async () => {
    const { d, has } = await found(['call f', 'after: mov r0, 1', 'mov r3, 0', 'syscall', 'f: push fp', 'mov fp, sp', 'mov sp, fp', 'pop fp', 'ret'].join('\n'));
    expect(has('f') && has('after')).toBe(true);
    expect(d.indirect).toMatchObject({ total: 1, returns: 1, unresolved: 0 });
  });

  it('follows a call through a register loaded with a constant in the same block', async () => {
    const { d, has } = await found(['mov r2, g', 'call r2', 'mov r0, 1', 'syscall', 'g: ret'].join('\n'));
    expect(has('g')).toBe(true);
    expect(d.indirect.unresolved).toBe(0);
  });
});
