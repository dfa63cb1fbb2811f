// Every sample, as a guest, gives the same stdout, exit status and fault
// line interpreted, through the DBT, translated ahead of time and run, and
// translated again with a profile and run; the profile is the same whichever
// engine records it; a profile never leaves more to translate at run time.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sample, tempDir } from '../fixtures/cli.js';
import { assembleTo, reportNumber, runMatrix, sameOutcomes } from './helpers.js';

const tmp = tempDir('xlat-aot-samples-');
afterAll(() => tmp.cleanup());

const CASES: Array<{ name: string; args: string[]; stdin?: string }> = [
  { name: 'hello', args: [] },
  { name: 'echo', args: ['hello', 'from', 'xlat'] },
  { name: 'cat', args: [], stdin: 'one\ntwo\n' },
  { name: 'fib', args: ['15'] },
  { name: 'sieve', args: ['2000'] },
  { name: 'fault', args: [] },
  { name: 'smc', args: [] },
];

for (const isa of ['cisc32', 'risc32', 'stack32'] as const) {
  describe(`${isa} samples translated to risc32`, () => {
    for (const c of CASES) {
      if (c.name === 'smc' && isa !== 'cisc32') continue;
      it(`${c.name} ${c.args.join(' ')}: same output, status and fault line every way it runs`, async () => {
        const elf = join(tmp.dir, isa, `${c.name}.elf`);
        await assembleTo(elf, readFileSync(sample(isa, c.name), 'utf8'));
        const m = await runMatrix(join(tmp.dir, isa), c.name, elf, c.args, c.stdin, isa === 'cisc32');
        expect(sameOutcomes(m), JSON.stringify(m.outcomes, null, 1)).toEqual([]);
        if (c.name === 'fault') expect(m.outcomes.interp.lines[0]).toMatch(isa === 'stack32' ? /^xlat: fault: / : /^xlat: fault: segmentation fault at pc=/);
        // Everything reachable is found from the entry point and the symbols.
        expect(reportNumber(m.plain.report, 'guest bytes covered')).toBe(reportNumber(m.plain.report, 'of'));
        expect(m.plain.fromFile).toBe(reportNumber(m.plain.report, 'blocks found'));
        expect(m.profiled.runTime).toBeLessThanOrEqual(m.plain.runTime);
        if (c.name === 'smc') {
          // The code it writes is translated again at run time, with or without a profile.
          expect(m.plain.runTime).toBeGreaterThan(0);
        } else {
          expect(m.plain.runTime).toBe(0);
          // Exact counts: the interpreter, the DBT and the translated file record the same profile.
          expect(m.profiles.dbt).toBe(m.profiles.interp);
          if (isa === 'cisc32') expect(m.profiles.translated).toBe(m.profiles.interp);
        }
      });
    }
  });
}
