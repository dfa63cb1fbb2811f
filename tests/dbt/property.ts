// Running a differential property with fast-check and reporting the
// smallest disagreement seen (shrinking is bounded by the arbitraries, as a
// run of three engines is not cheap).

import fc from 'fast-check';
import type { Outcome } from './helpers.js';

/** Runs `check` on `runs` values; throws the shortest failure message seen. Returns how the interpreter's runs ended. */
export function propertyCheck<T>(arb: fc.Arbitrary<T>, check: (v: T) => Outcome, runs: number): Record<string, number> {
  let smallest: string | undefined;
  const seen: Record<string, number> = { exit: 0, fault: 0, 'max-steps': 0 };
  const details = fc.check(
    fc.property(arb, (v) => {
      try {
        const o = check(v);
        seen[o.stop]++;
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (smallest === undefined || msg.length < smallest.length) smallest = msg;
        throw e;
      }
    }),
    { numRuns: runs },
  );
  if (details.failed) {
    throw new Error(`${smallest ?? String(details.errorInstance)}\n\n(fast-check: failed after ${details.numRuns} runs and ${details.numShrinks} shrinks; seed ${details.seed}, path "${details.counterexamplePath}")`);
  }
  return seen;
}
