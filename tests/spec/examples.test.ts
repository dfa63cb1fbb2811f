import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { isaAssembler } from '../../src/asm/backend.js';
import { runInterp } from '../../src/cli/run.js';
import { MemoryIo, createProcess } from '../../src/os/index.js';
import { loadSpecFile } from '../../src/spec/index.js';

describe('the acc8 walk-through of isa-specs/README.md', () => {
  it('loads, assembles and runs hello', async () => {
    const isa = await loadSpecFile('examples/acc8/acc8.isa', { noCache: true });
    expect(isa.name).toBe('acc8');
    const image = assemble(readFileSync('examples/acc8/hello.s', 'utf8'), 'hello.s', isaAssembler(isa));
    const io = new MemoryIo('');
    const proc = createProcess(image, isa, ['hello'], { io });
    const r = runInterp(proc, { maxSteps: 100_000 });
    expect(r.stop.kind).toBe('exit');
    expect(proc.exitStatus).toBe(0);
    expect(io.stdoutText()).toBe('Hi!\n');
  });

  it('reports the four mistakes of the broken copy at once', async () => {
    const text = readFileSync('examples/acc8/broken/acc8.isa', 'utf8');
    const { compileSpec } = await import('../../src/spec/index.js');
    await expect(compileSpec(text, 'examples/acc8/broken/acc8.isa')).rejects.toThrow(
      [
        "examples/acc8/broken/acc8.isa:70:71: unknown name 'u9'",
        'examples/acc8/broken/acc8.isa:72:68: width mismatch: expected a 1-bit value, found 32 bits',
        "examples/acc8/broken/acc8.isa:83:29: value 16 does not fit the 4-bit field 'op'",
        "examples/acc8/broken/acc8.isa:82:1: encoding of 'nop' overlaps 'sys' at examples/acc8/broken/acc8.isa:81:1: some bytes would decode as both",
      ].join('\n'),
    );
  });
});
