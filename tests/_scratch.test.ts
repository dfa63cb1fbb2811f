import { it } from 'vitest';
import { modelsFor, runEngine, ENGINES } from './dbt/helpers.js';
import { assemble } from '../src/asm/index.js';
import { createProcess, MemoryIo } from '../src/os/index.js';
import { buildDecoder } from '../src/decode/index.js';
it('scratch', async () => {
  const m = await modelsFor('stack32');
  const img = assemble(`.text\n_start:\n push 1\n push 2\n add\n dup\n mul\n.byte 0x60\n.data\nx: .word 1\n`, 'p.s', m.asm);
  let t = performance.now();
  for (let i = 0; i < 20; i++) createProcess(img, m.isa, ['p'], { io: new MemoryIo('') });
  console.log('createProcess', (performance.now() - t) / 20);
  t = performance.now();
  for (let i = 0; i < 20; i++) buildDecoder(m.isa);
  console.log('buildDecoder', (performance.now() - t) / 20);
  for (const e of ENGINES) {
    t = performance.now();
    for (let i = 0; i < 20; i++) runEngine(m, img, e, [], {});
    console.log(e, (performance.now() - t) / 20);
  }
  t = performance.now();
  for (let i = 0; i < 20; i++) assemble(`.text\n_start:\n push ${i}\n push 2\n add\n dup\n mul\n.byte 0x60\n.data\nx: .word 1\n`, 'p.s', m.asm);
  console.log('asm', (performance.now() - t) / 20);
  const c = await modelsFor('cisc32');
  const img2 = assemble(`.text\n_start:\n mov r0, 1\n add r0, r1\n ud\n`, 'p.s', c.asm);
  for (const e of ENGINES) {
    t = performance.now();
    for (let i = 0; i < 20; i++) runEngine(c, img2, e, [], {});
    console.log('cisc', e, (performance.now() - t) / 20);
  }
});
