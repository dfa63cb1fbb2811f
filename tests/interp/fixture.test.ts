import { expect, it } from 'vitest';
import { runAsm } from '../fixtures/run.js';

it('the run fixture assembles and runs a program to its exit', async () => {
  const r = await runAsm('cisc32', 'mov r0, 1\nmov r3, 7\nsyscall\n');
  expect(r.stop).toBe('exit');
  expect(r.exitStatus).toBe(7);
  expect(r.reg('r3')).toBe(7);
});
