// Random whole stack32 programs (tests/fixtures/programs-stack32.ts), with
// and without their symbols: the same stdout, exit status and fault line
// interpreted, through the DBT, translated ahead of time onto risc32 and run,
// and translated with a profile and run; the profile the DBT records is the
// interpreter's; and a profile never leaves more blocks to translate at run
// time.

import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/cli.js';
import { randomStackProgram, stackSource } from '../fixtures/programs-stack32.js';
import { assembleTo, runMatrix, sameOutcomes } from './helpers.js';

const tmp = tempDir('xlat-aot-stack32-');
afterAll(() => tmp.cleanup());

const RUNS = 5;

describe('stack32 programs translated ahead of time', () => {
  it('an indirect branch to unmapped memory: the same fault every way, and in the profile of every engine', async () => {
    const elf = join(tmp.dir, 'ret-unmapped.elf');
    await assembleTo(elf, '.isa stack32\n.text\n_start:\n  push 0x12\n  ret\n');
    const m = await runMatrix(tmp.dir, 'ret-unmapped', elf, [], undefined, true);
    expect(sameOutcomes(m), JSON.stringify(m.outcomes, null, 1)).toEqual([]);
    expect(m.outcomes.interp.lines).toEqual(['xlat: fault: segmentation fault at pc=0x00000012 addr=0x00000012']);
    // the return (at 0x1002) went to 0x12 once: recorded by the interpreter, the DBT and the translated file alike
    expect(JSON.parse(m.profiles.interp).indirect).toEqual({ '0x00001002': { '0x00000012': 1 } });
    expect(m.profiles.dbt).toBe(m.profiles.interp);
    expect(m.profiles.translated).toBe(m.profiles.interp);
  });

  it('an indirect jump to a pushed label: the same output every way, and the same profile from every engine', async () => {
    const elf = join(tmp.dir, 'push-jmpi.elf');
    await assembleTo(elf, '.isa stack32\n.text\n_start:\n  push f\n  jmpi\nf: push 0\n  push 0\n  push 5\n  push 60\n  syscall\n');
    const m = await runMatrix(tmp.dir, 'push-jmpi', elf, [], undefined, true);
    expect(sameOutcomes(m), JSON.stringify(m.outcomes, null, 1)).toEqual([]);
    expect(m.outcomes.interp.status).toBe(5);
    // jmpi (at 0x1003) went to f (0x1004) once
    expect(JSON.parse(m.profiles.interp).indirect).toEqual({ '0x00001003': { '0x00001004': 1 } });
    expect(m.profiles.dbt).toBe(m.profiles.interp);
    expect(m.profiles.translated).toBe(m.profiles.interp);
  });
});

describe('random stack32 programs', () => {
  it('run the same every way, with and without a profile', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.limitShrink(randomStackProgram('small', { pathFree: true }), 8), fc.boolean(), async (p, strip) => {
        const source = stackSource(p);
        const name = `p${n++}`;
        const elf = join(tmp.dir, `${name}.elf`);
        await assembleTo(elf, source, { strip });
        const stdin = Buffer.from(p.stdin).toString('latin1');
        const m = await runMatrix(tmp.dir, name, elf, [], stdin, false);
        const ctx = `${strip ? '(stripped)\n' : ''}${source}\n${JSON.stringify(m.outcomes, null, 1)}`;
        expect(sameOutcomes(m), ctx).toEqual([]);
        expect(m.profiles.dbt, ctx).toBe(m.profiles.interp);
        expect(m.profiled.runTime, ctx).toBeLessThanOrEqual(m.plain.runTime);
        // With symbols, every label is a function symbol: nothing is left for run time
        // (but a deliberate jump to data or unmapped memory, whose block is made when it runs).
        const wild = /jmpi|calli|ret/.test(p.fault?.lines.join('\n') ?? '');
        if (!strip && !wild) expect(m.plain.runTime, ctx).toBe(0);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
