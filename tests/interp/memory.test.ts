import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Memory, PERM_P, PERM_R, PERM_W, PERM_X, WATCH } from '../../src/interp/memory.js';
import { GuestFault, MemFault, exitStatusFor, faultKindOf } from '../../src/interp/fault.js';
import { XlatError } from '../../src/spec/diagnostic.js';

const RW = PERM_R | PERM_W;

function faultOf(f: () => unknown): MemFault {
  try {
    f();
  } catch (e) {
    if (e instanceof MemFault) return e;
    throw e;
  }
  throw new Error('no fault');
}

describe('byte-exact permissions', () => {
  it('maps a segment to exactly its size', () => {
    const m = new Memory();
    m.map(0x1000, 0x1234, RW);
    expect(m.load8(0x2233)).toBe(0);
    m.store8(0x2233, 5);
    expect(m.load8(0x2233)).toBe(5);
    const f = faultOf(() => m.load8(0x2234));
    expect(f.addr).toBe(0x2234);
    expect(f.access).toBe('read');
    expect(faultOf(() => m.store8(0x2234, 1)).access).toBe('write');
    expect(faultOf(() => m.load8(0xfff)).addr).toBe(0xfff);
  });

  it('reports the first byte of an access that straddles the end', () => {
    const m = new Memory();
    m.map(0x1000, 0x1234, RW);
    expect(faultOf(() => m.load32(0x2232)).addr).toBe(0x2232);
    expect(faultOf(() => m.load16(0x2233)).addr).toBe(0x2233);
    expect(faultOf(() => m.store32(0x2231, 0)).addr).toBe(0x2231);
    expect(m.load16(0x2232)).toBe(0);
  });

  it('faults at the first byte when the access runs into an unmapped page', () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, RW);
    expect(faultOf(() => m.load32(0x1ffe)).addr).toBe(0x1ffe);
    expect(faultOf(() => m.load32(0xffe)).addr).toBe(0xffe); // only the first bytes unmapped
  });

  it('lets an access cross a page boundary inside one mapping', () => {
    const m = new Memory();
    m.map(0x1000, 0x2000, RW);
    m.store32(0x1ffe, 0x11223344);
    expect(m.load32(0x1ffe)).toBe(0x11223344);
    m.store16(0x1fff, 0xabcd);
    expect(m.load16(0x1fff)).toBe(0xabcd);
  });

  it('a faulting store writes nothing', () => {
    const m = new Memory();
    m.map(0x5000, 2, RW);
    faultOf(() => m.store32(0x5000, -1));
    expect([m.load8(0x5000), m.load8(0x5001)]).toEqual([0, 0]);
    m.map(0x6000, 0x1000, PERM_R);
    m.map(0x7000, 0x1000, RW);
    expect(faultOf(() => m.store32(0x6ffe, -1)).addr).toBe(0x6ffe);
    expect(m.load16(0x7000)).toBe(0);
  });

  it('checks write and fetch permission', () => {
    const m = new Memory();
    m.map(0x1000, 0x10, PERM_R | PERM_X);
    m.map(0x2000, 0x10, RW);
    expect(faultOf(() => m.store8(0x1000, 1)).addr).toBe(0x1000);
    expect(m.fetchable(0x1000, 8)).toBe(8);
    expect(m.fetchable(0x100c, 8)).toBe(4);
    expect(m.fetchable(0x1010, 8)).toBe(0);
    expect(m.fetchable(0x2000, 4)).toBe(0);
  });

  it('fetches across pages of one executable mapping', () => {
    const m = new Memory();
    m.map(0x1000, 0x1003, PERM_R | PERM_X);
    expect(m.fetchable(0x1ffe, 15)).toBe(5);
    expect(m.fetchable(0x1ffe, 3)).toBe(3);
  });

  it('anyByte sees every byte of a range, those of partly mapped pages too', () => {
    const m = new Memory();
    m.map(0x1000, 0x100, PERM_R | PERM_X);
    m.map(0x1100, 0x20, RW | PERM_X); // mid-page, neither page start nor end
    m.map(0x3000, 0x1000, RW);
    const wx = (p: number) => (p & (PERM_W | PERM_X)) === (PERM_W | PERM_X);
    expect(m.anyByte(0, 0x10000, wx)).toBe(true);
    expect(m.anyByte(0x1000, 0x1100, wx)).toBe(false);
    expect(m.anyByte(0x111f, 0x1120, wx)).toBe(true);
    expect(m.anyByte(0x1120, 0x3000, wx)).toBe(false);
    expect(m.anyByte(0x2000, 0x3001, (p) => p !== 0)).toBe(true);
    expect(m.anyByte(0x2000, 0x3000, (p) => p !== 0)).toBe(false);
  });

  it('isMapped checks every byte', () => {
    const m = new Memory();
    m.map(0x1000, 0x3000, RW);
    m.map(0x4000, 0x800, PERM_R);
    expect(m.isMapped(0x1000, 0x3000, RW)).toBe(true);
    expect(m.isMapped(0x1000, 0x3001, RW)).toBe(false);
    expect(m.isMapped(0x1000, 0x3800, PERM_R)).toBe(true);
    expect(m.isMapped(0x1000, 0x3801, PERM_R)).toBe(false);
    expect(m.isMapped(0x123, 0, PERM_W)).toBe(true);
    expect(m.isMapped(0xfffffff0, 0x20, PERM_R)).toBe(false);
  });

  it('unmaps and protects byte ranges', () => {
    const m = new Memory();
    m.map(0x1000, 0x2000, RW);
    m.unmap(0x1800, 0x10);
    expect(m.load8(0x17ff)).toBe(0);
    expect(faultOf(() => m.load8(0x1800)).addr).toBe(0x1800);
    expect(m.load8(0x1810)).toBe(0);
    m.protect(0x2000, 0x1000, PERM_R);
    expect(m.load32(0x2000)).toBe(0);
    expect(faultOf(() => m.store32(0x2000, 1)).access).toBe('write');
    expect(() => m.protect(0x1000, 0x1000, PERM_R)).toThrow(XlatError);
    m.map(0x1800, 0x10, RW); // the page is whole again
    expect(m.pages[1] & (PERM_R | PERM_W | PERM_X)).toBe(RW);
  });

  it('zero-fills a mapping made again', () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, RW);
    m.store32(0x1100, 42);
    m.unmap(0x1000, 0x1000);
    m.map(0x1000, 0x1000, RW);
    expect(m.load32(0x1100)).toBe(0);
  });

  it('treats addresses as unsigned 32-bit', () => {
    const m = new Memory();
    expect(faultOf(() => m.load8(-1)).addr).toBe(0xffffffff);
    expect(faultOf(() => m.load32(0xfffffffe)).addr).toBe(0xfffffffe);
    m.map(0x1000, 0x1000, RW);
    m.store32(0x1000 - 0x100000000, 7);
    expect(m.load32(0x1000)).toBe(7);
  });

  it('refuses mappings above 1 GiB and grows below it', () => {
    const m = new Memory();
    expect(() => m.map(0x3fff0000, 0x20000, RW)).toThrow('address space above 0x40000000 not supported');
    expect(() => new Memory('little', 0x40000001)).toThrow(XlatError);
    m.map(0x1000, 4, RW);
    m.store32(0x1000, 0x5a5a5a5a);
    m.map(0x02000000, 0x1000, RW);
    expect(m.u8.length).toBeGreaterThanOrEqual(0x02001000);
    m.store32(0x02000ffc, -2);
    expect(m.load32(0x02000ffc)).toBe(-2);
    expect(m.load32(0x1000)).toBe(0x5a5a5a5a);
  });
});

describe('byte order', () => {
  it('little-endian', () => {
    const m = new Memory('little');
    m.map(0x1000, 0x1000, RW);
    m.store32(0x1000, 0x11223344);
    expect([...m.readBytes(0x1000, 4)]).toEqual([0x44, 0x33, 0x22, 0x11]);
    expect(m.load16(0x1000)).toBe(0x3344);
    m.store16(0x1010, 0xbeef);
    expect([...m.readBytes(0x1010, 2)]).toEqual([0xef, 0xbe]);
  });

  it('big-endian', () => {
    const m = new Memory('big');
    m.map(0x1000, 0x1000, RW);
    m.store32(0x1000, 0x11223344);
    expect([...m.readBytes(0x1000, 4)]).toEqual([0x11, 0x22, 0x33, 0x44]);
    expect(m.load16(0x1000)).toBe(0x1122);
    m.store16(0x1010, 0xbeef);
    expect([...m.readBytes(0x1010, 2)]).toEqual([0xbe, 0xef]);
  });

  it('load32 is signed, narrower loads zero-extended, stores truncate', () => {
    const m = new Memory();
    m.map(0x1000, 0x1000, RW);
    m.store32(0x1000, 0xffffffff);
    expect(m.load32(0x1000)).toBe(-1);
    expect(m.load16(0x1000)).toBe(0xffff);
    expect(m.load8(0x1000)).toBe(0xff);
    m.store8(0x1004, 0x1ff);
    m.store16(0x1008, -1);
    expect(m.load8(0x1004)).toBe(0xff);
    expect(m.load16(0x1008)).toBe(0xffff);
  });
});

describe('code watching', () => {
  function setup(): { m: Memory; calls: Array<[number, number, number]> } {
    const m = new Memory();
    m.map(0x1000, 0x2000, PERM_R | PERM_W | PERM_X);
    const calls: Array<[number, number, number]> = [];
    // The listener sees the store already done.
    m.onCodeWrite = (addr, len) => calls.push([addr, len, m.load8(addr)]);
    return { m, calls };
  }

  it('reports stores to watched pages after they complete', () => {
    const { m, calls } = setup();
    m.watch(0x1234);
    expect(m.isWatched(0x1000)).toBe(true);
    expect(m.pages[1] & WATCH).toBe(WATCH);
    m.store8(0x1004, 7);
    m.store32(0x1ffc, 0x0a0b0c0d);
    m.store16(0x2000, 1); // other page: not reported
    expect(calls).toEqual([
      [0x1004, 1, 7],
      [0x1ffc, 4, 0x0d],
    ]);
  });

  it('reports a store straddling into a watched page', () => {
    const { m, calls } = setup();
    m.watch(0x2000);
    m.store32(0x1ffe, -1);
    expect(calls).toEqual([[0x1ffe, 4, 0xff]]);
  });

  it('reports bulk writes and remaps, but not faulting stores', () => {
    const { m, calls } = setup();
    m.watch(0x1000);
    m.writeBytes(0x1100, Uint8Array.of(9, 9));
    m.map(0x1000, 0x10, PERM_R | PERM_X);
    faultOf(() => m.store8(0x1000, 1));
    expect(calls.map((c) => [c[0], c[1]])).toEqual([
      [0x1100, 2],
      [0x1000, 0x10],
    ]);
  });

  it('unwatchAll stops the reports', () => {
    const { m, calls } = setup();
    m.watch(0x1000);
    m.watch(0x2000);
    m.unwatchAll();
    m.store32(0x1000, 1);
    m.store32(0x2000, 1);
    expect(calls).toEqual([]);
    expect(m.isWatched(0x2000)).toBe(false);
    m.watch(0x2000);
    m.unwatch(0x2000);
    m.store8(0x2000, 3);
    expect(calls).toEqual([]);
  });
});

describe('fast-path limits', () => {
  it('a page mapped part-way is read and written on the fast path up to its end, and faults past it', () => {
    const m = new Memory();
    m.map(0x2000, 0x30c, PERM_R | PERM_W); // a small .bss: its page is only partly mapped
    expect(m.pages[2] & (PERM_R | PERM_W)).toBe(0); // per-byte permissions for the page...
    expect([m.readLimit[2], m.writeLimit[2]]).toEqual([0x30c, 0x30c]); // ...and the prefix the fast path may use
    m.store32(0x2308, 0x11223344);
    expect(m.load32(0x2308)).toBe(0x11223344);
    expect(faultOf(() => m.load32(0x2309)).addr).toBe(0x2309);
    expect(faultOf(() => m.store8(0x230c, 1)).addr).toBe(0x230c);
    m.protect(0x2000, 0x100, PERM_R); // a read-only start: nothing is writable from the page's start
    expect([m.readLimit[2], m.writeLimit[2]]).toEqual([0x30c, 0]);
    expect(faultOf(() => m.store8(0x2000, 1)).addr).toBe(0x2000);
    m.store8(0x2100, 5); // writable, on the slow path
    expect(m.load8(0x2100)).toBe(5);
    m.map(0x2000, 0x1000, PERM_R | PERM_W);
    expect([m.readLimit[2], m.writeLimit[2]]).toEqual([0x1000, 0x1000]);
    m.unmap(0x2000, 0x1000);
    expect([m.readLimit[2], m.writeLimit[2]]).toEqual([0, 0]);
  });

  it('a watched page, partly mapped or not, writes through the slow path and reports', () => {
    const m = new Memory();
    m.map(0x1000, 0x1100, PERM_R | PERM_W | PERM_X);
    const calls: number[] = [];
    m.onCodeWrite = (addr) => calls.push(addr);
    m.watch(0x2000);
    expect([m.readLimit[2], m.writeLimit[2]]).toEqual([0x100, 0]);
    m.store8(0x20ff, 1);
    m.store8(0x1000, 1); // not watched
    m.unwatch(0x2000);
    expect(m.writeLimit[2]).toBe(0x100);
    m.store8(0x20fe, 1);
    expect(calls).toEqual([0x20ff]);
  });

  it('privileged pages are not on the fast path', () => {
    const m = new Memory();
    m.map(0x3000, 0x1000, PERM_P);
    expect([m.readLimit[3], m.writeLimit[3]]).toEqual([0, 0]);
    expect(faultOf(() => m.load8(0x3000)).addr).toBe(0x3000);
  });
});

describe('properties', () => {
  const LIMIT = 0x8000;
  const width = fc.constantFrom(1, 2, 4);
  const anyAddr = fc.integer({ min: 0, max: LIMIT + 8 });
  const mapping = fc.record({
    addr: fc.integer({ min: 0, max: LIMIT - 1 }),
    size: fc.integer({ min: 1, max: 0x1800 }),
    perms: fc.integer({ min: 0, max: 7 }),
    unmap: fc.boolean(),
  });

  it('a store then a load of the same width round-trips at any writable, readable address', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'little' | 'big'>('little', 'big'),
        fc.integer({ min: 0x1000, max: 0x6000 }),
        fc.integer({ min: 1, max: 0x3000 }),
        fc.integer({ min: 0, max: 0x3000 }),
        width,
        fc.integer({ min: -0x80000000, max: 0x7fffffff }),
        (endian, base, size, off, w, v) => {
          const m = new Memory(endian);
          m.map(base, size, RW);
          const a = base + (off % size);
          if (a + w > base + size) return;
          (w === 1 ? m.store8 : w === 2 ? m.store16 : m.store32).call(m, a, v);
          const got = w === 1 ? m.load8(a) : w === 2 ? m.load16(a) : m.load32(a);
          expect(got).toBe(w === 1 ? v & 0xff : w === 2 ? v & 0xffff : v | 0);
        },
      ),
    );
  });

  // A byte-wise model of permissions and contents: every access succeeds
  // exactly when every byte allows it, faults at its first byte otherwise,
  // and a faulting store changes nothing.
  it('agrees with a per-byte model', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'little' | 'big'>('little', 'big'),
        fc.array(mapping, { maxLength: 6 }),
        fc.array(
          fc.record({
            store: fc.boolean(),
            w: width,
            anyAddr,
            // most accesses land next to an edge of a mapping, where the bugs are
            near: fc.nat({ max: 2 }),
            ref: fc.nat(),
            d: fc.integer({ min: -4, max: 3 }),
            v: fc.integer(),
          }),
          { maxLength: 40 },
        ),
        (endian, maps, accesses) => {
          const m = new Memory(endian);
          const perm = new Uint8Array(LIMIT + 16);
          const data = new Uint8Array(LIMIT + 16);
          for (const { addr, size, perms, unmap } of maps) {
            const s = Math.min(size, LIMIT - addr);
            if (unmap) m.unmap(addr, s);
            else m.map(addr, s, perms);
            perm.fill(unmap ? 0 : perms, addr, addr + s);
            if (!unmap) data.fill(0, addr, addr + s);
          }
          const edges = maps.flatMap(({ addr, size }) => [addr, Math.min(addr + size, LIMIT)]);
          for (const { store, w, anyAddr: far, near, ref, d, v } of accesses) {
            const addr = near > 0 && edges.length > 0 ? Math.max(0, edges[ref % edges.length] + d) : far;
            const need = store ? PERM_W : PERM_R;
            let ok = true;
            for (let i = 0; i < w; i++) if ((perm[addr + i] & need) === 0) ok = false;
            const bytes: number[] = [];
            for (let i = 0; i < w; i++) bytes.push((v >>> (8 * i)) & 0xff);
            if (endian === 'big') bytes.reverse();
            let fault: MemFault | undefined;
            let got = 0;
            try {
              if (store) (w === 1 ? m.store8 : w === 2 ? m.store16 : m.store32).call(m, addr, v);
              else got = w === 1 ? m.load8(addr) : w === 2 ? m.load16(addr) : m.load32(addr);
            } catch (e) {
              if (!(e instanceof MemFault)) throw e;
              fault = e;
            }
            expect(fault === undefined).toBe(ok);
            if (fault) {
              expect(fault.addr).toBe(addr);
              continue;
            }
            if (store) data.set(bytes, addr);
            else {
              const b = [...data.subarray(addr, addr + w)];
              if (endian === 'little') b.reverse();
              let want = 0;
              for (const x of b) want = want * 256 + x;
              expect(got).toBe(w === 4 ? want | 0 : want);
            }
          }
          for (let a = 0; a < LIMIT + 16; a += 97) {
            expect(m.permAt(a)).toBe(perm[a]);
            expect(m.isMapped(a, 5, PERM_R)).toBe([0, 1, 2, 3, 4].every((i) => (perm[a + i] & PERM_R) !== 0));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('no access to an unmapped address ever succeeds', () => {
    fc.assert(
      fc.property(fc.array(mapping, { maxLength: 4 }),
        fc.oneof(fc.integer({ min: 0, max: LIMIT + 8 }), fc.integer({ min: 0, max: 0xffffffff })),
        width, (maps, addr, w) => {
        const m = new Memory();
        for (const { addr: a, size, perms } of maps) m.map(a, Math.min(size, LIMIT - a), perms | PERM_R | PERM_W | PERM_X);
        fc.pre(m.permAt(addr) === 0);
        expect(faultOf(() => (w === 1 ? m.load8(addr) : w === 2 ? m.load16(addr) : m.load32(addr))).addr).toBe(addr);
        expect(faultOf(() => (w === 1 ? m.store8(addr, 1) : w === 2 ? m.store16(addr, 1) : m.store32(addr, 1))).addr).toBe(addr);
        expect(m.fetchable(addr, 4)).toBe(0);
      }),
    );
  });
});

describe('faults', () => {
  it('prints the kind, pc and, for memory faults, the address', () => {
    const f = GuestFault.fromMem(new MemFault(0x10, 'write'), 0x1004);
    expect(f.line()).toBe('xlat: fault: segmentation fault at pc=0x00001004 addr=0x00000010');
    expect(f.access).toBe('write');
    expect(new GuestFault('illegal instruction', 0xabc).line()).toBe('xlat: fault: illegal instruction at pc=0x00000abc');
    expect(new GuestFault('divide error', -4, 5).line()).toBe('xlat: fault: divide error at pc=0xfffffffc');
  });

  it('maps spec fault names to kinds and kinds to exit statuses', () => {
    expect(faultKindOf('illegal')).toBe('illegal instruction');
    expect(faultKindOf('divide')).toBe('divide error');
    expect(faultKindOf('arithmetic')).toBe('arithmetic fault');
    expect(faultKindOf('alignment')).toBe('alignment fault');
    expect(faultKindOf('breakpoint')).toBe('breakpoint');
    expect(
      (['segmentation fault', 'illegal instruction', 'divide error', 'arithmetic fault', 'breakpoint', 'alignment fault'] as const).map(
        exitStatusFor,
      ),
    ).toEqual([139, 132, 136, 136, 133, 135]);
  });
});
