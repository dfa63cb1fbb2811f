// Random whole programs (programs.ts), with and without their symbols: the
// same stdout, exit status and fault line interpreted, through the DBT,
// translated and run, and translated with a profile and run; the profile the
// DBT records is the interpreter's; and a profile never leaves more blocks
// to translate at run time.

import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/cli.js';
import { assembleTo, runMatrix, sameOutcomes } from './helpers.js';
import { randomProgram } from './programs.js';

const tmp = tempDir('xlat-aot-random-');
afterAll(() => tmp.cleanup());

describe('random programs', () => {
  it('run the same every way, with and without a profile', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(randomProgram, async ({ source, strip }) => {
        const name = `p${n++}`;
        const elf = join(tmp.dir, `${name}.elf`);
        await assembleTo(elf, source, { strip });
        const m = await runMatrix(tmp.dir, name, elf, [], undefined, false);
        const ctx = `${strip ? '(stripped)\n' : ''}${source}\n${JSON.stringify(m.outcomes, null, 1)}`;
        expect(sameOutcomes(m), ctx).toEqual([]);
        expect(m.profiles.dbt, ctx).toBe(m.profiles.interp);
        expect(m.profiled.runTime, ctx).toBeLessThanOrEqual(m.plain.runTime);
        // With symbols, every label is a function symbol: nothing is left for run time.
        if (!strip) expect(m.plain.runTime, ctx).toBe(0);
      }),
      { numRuns: 12 },
    );
  });
});
