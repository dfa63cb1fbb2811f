import { it } from 'vitest';
import { cisc, risc, flags, sym, segment } from '../fixtures/guest.js';
it('explore', async () => {
  const r = await cisc(`mov r3, d\nmov r0, 0x12345678\nmov byte [r3], r0\nmovzx r1, byte [r3 + 1]\nshl r0, r1\nsetne r2\ncmovne r6, [r3]\nlea r7, [r3 - 4 + 8]\n.data\nd: .word 0xAABBCCDD, 7\n`);
  console.log(r.reg('r0').toString(16), r.reg('r1').toString(16), r.reg('r2'), r.reg('r6').toString(16), r.reg('r7').toString(16), flags(r), sym(r, 'd').toString(16), segment(r, '.data'), r.image.symbols);
  const q = await risc(`li t0, 0x12345678\naddl t0, 5, t1\n`);
  console.log(q.reg('t1').toString(16));
});
