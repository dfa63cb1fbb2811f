// `xlat explain`: block by block, the guest code, the IR as lifted and after
// optimization, what is left for the runtime to compute, and the host code —
// exactly what the runtime would translate (src/dbt/plan.ts).

import { describe, expect, it } from 'vitest';
import { xlatAsync } from '../fixtures/cli.js';

describe.concurrent('xlat explain', () => {
  it('shows a block from its label: guest bytes, IR before and after, host code, and flags left for faults to compute', async () => {
    const r = await xlatAsync(['explain', 'samples/bench/cisc32/fib.s', '--at', 'fib', '--blocks', '1']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^==== block 0x00001038 <\w+>: 6 guest instructions, \d+ host instructions ====$/);
    expect(lines.slice(1, 8)).toEqual([
      '---- guest (cisc32)',
      '  00001038:  55                             push r5',
      '  00001039:  89 e5                          mov r5, r4',
      '  0000103b:  83 ec 04                       sub r4, 4',
      '  0000103e:  8b 45 08                       mov r0, [r5 + 8]',
      '  00001041:  83 f8 02                       cmp r0, 2',
      '  00001044:  72 1f                          jb fib_ret',
    ]);
    expect(r.stdout).toContain('---- IR as lifted\n  block 0x1038..0x1046 (6 insns)');
    expect(r.stdout).toMatch(/---- IR after optimization \(\d+ ops -> \d+\)/);
    // sub r4, 4 sets flags that cmp overwrites; only the load between could see them
    expect(r.stdout).toContain('---- left unwritten, computed by the runtime if the instruction at 0x0000103e faults: z s c o');
    expect(r.stdout).toContain('---- host code (risc32), at 0x01010000 in the code cache');
    expect(r.stdout).toContain('; guest 0000103e');
  });

  it('says which flags a block leaves for its successors, and the host code records the count for them', async () => {
    const r = await xlatAsync(['explain', 'samples/bench/cisc32/sieve.s', '--at', 'sv_mark', '--blocks', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('---- left for the successors, computed by the runtime if one faults first: z s o');
    expect(r.stdout).toMatch(/stw r30, 0x2540\(r29\)/); // mark_lazy: the count at LAZY_OFFSET (9536)
  });

  it('only a block that can go back checks the step budget; the others just take their count', async () => {
    const r = await xlatAsync(['explain', 'samples/bench/cisc32/sieve.s', '--at', 'sv_mark', '--blocks', '2']);
    expect(r.status, r.stderr).toBe(0);
    const [mark, notPrime] = r.stdout.split(/^(?===== block )/m).filter((b) => b.startsWith('===='));
    // sv_mark: cmp; ja sv_not_prime — both exits forward.
    expect(mark).toMatch(/in the code cache\n  01010000: {2}[0-9a-f ]+ {3}subl r30, 2, r30\n; guest 00001074/);
    expect(mark).not.toContain('blt r30');
    // sv_not_prime: inc; jmp sv_next_i — back.
    expect(notPrime).toMatch(/subl r30, 2, r30\n  [0-9a-f]+: {2}[0-9a-f ]+ {3}blt r30, /);
  });

  it('follows direct successors breadth first, up to --blocks', async () => {
    const all = await xlatAsync(['explain', 'samples/cisc32/hello.s', '--blocks', '5']);
    // _start, the block after the write call, and what follows the exit call (a fetch fault past .text)
    expect(all.stdout.match(/^==== block .*$/gm)).toEqual([
      expect.stringMatching(/^==== block 0x00001000 <_start>: 5 guest instructions, /),
      expect.stringMatching(/^==== block 0x00001016: 3 guest instructions, /),
      expect.stringMatching(/^==== block 0x00001022: 0 guest instructions, /),
    ]);
    const two = await xlatAsync(['explain', 'samples/cisc32/hello.s', '--blocks', '2']);
    expect(two.stdout.match(/^==== block /gm)?.length).toBe(2);
  });

  it('rejects an unknown label with one line and status 1', async () => {
    const r = await xlatAsync(['explain', 'samples/bench/cisc32/fib.s', '--at', 'nowhere']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('xlat: --at nowhere: no such label in samples/bench/cisc32/fib.s (give a label or an address)\n');
  });

  it('rejects an address beyond 32 bits rather than wrapping it', async () => {
    const r = await xlatAsync(['explain', 'samples/bench/cisc32/fib.s', '--at', '0x100001000']);
    expect([r.status, r.stderr]).toEqual([1, 'xlat: --at 0x100001000: not a 32-bit address\n']);
  });

  it('refuses a file made by xlat translate (its code is the guest\'s, not the host\'s)', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'xlat-explain-'));
    expect((await xlatAsync(['asm', 'samples/cisc32/hello.s', '-o', join(dir, 'h.elf')])).status).toBe(0);
    expect((await xlatAsync(['translate', join(dir, 'h.elf'), '-o', join(dir, 'h.host.elf')])).status).toBe(0);
    const r = await xlatAsync(['explain', join(dir, 'h.host.elf')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/: made by xlat translate: explain the guest program it came from/);
  });
});
