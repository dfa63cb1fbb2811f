// The translated file's own data: the map round-trips; a damaged or stale
// file is refused with one clear message, never run; and a translated file
// stops at --max-steps exactly where the interpreter does.

import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_SECTION, GUEST_NOTE, MAP_NOTE, decodeMap, encodeMap, type MapBlock } from '../../src/aot/index.js';
import { translateCommand } from '../../src/cli/translate.js';
import { writeElf } from '../../src/elf/index.js';
import { XlatError } from '../../src/spec/index.js';
import { sample, tempDir } from '../fixtures/cli.js';
import { assembleTo, blockCounts, outcome, readImage, run } from './helpers.js';

const tmp = tempDir('xlat-aot-format-');
afterAll(() => tmp.cleanup());
const p = (x: string) => join(tmp.dir, x);

beforeAll(async () => {
  await assembleTo(p('fib.elf'), readFileSync(sample('cisc32', 'fib'), 'utf8'));
  await translateCommand(p('fib.elf'), { output: p('fib.host.elf') });
});

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const block: fc.Arbitrary<MapBlock> = fc.record({
  guestPc: u32,
  guestEnd: u32,
  hostAt: u32,
  size: u32,
  noChain: fc.boolean(),
  indirect: fc.boolean(),
  count: u32,
  pcMap: fc.array(fc.record({ guestPc: u32, hostStart: u32, hostEnd: u32 }), { maxLength: 4 }),
  exits: fc.array(fc.record({ guestTarget: u32, patchAt: u32, original: fc.uint8Array({ minLength: 1, maxLength: 12 }), linked: fc.boolean() }), { maxLength: 3 }),
});

/** The file with one note or segment changed. */
function tampered(name: string, change: (data: Uint8Array) => Uint8Array): string {
  const image = readImage(p('fib.host.elf'));
  for (const n of image.notes) if (n.name === name) n.data = change(new Uint8Array(n.data));
  for (const s of image.segments) if (s.name === name) s.data = change(new Uint8Array(s.data));
  const out = p(`bad-${name}.elf`);
  writeFileSync(out, writeElf(image));
  return out;
}

async function refusal(file: string): Promise<string> {
  try {
    await run(file, ['5']);
  } catch (e) {
    expect(e).toBeInstanceOf(XlatError);
    return (e as Error).message;
  }
  throw new Error(`${file} ran`);
}

describe('the translated file', () => {
  it('map: decode(encode(blocks)) = blocks', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 5 }), (blocks) => {
        expect(decodeMap(encodeMap(blocks), 'f')).toEqual(blocks);
      }),
    );
  });

  it('map: any truncation or garbage is one XlatError naming the note', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 3 }), fc.nat(), (blocks, cut) => {
        const data = encodeMap(blocks);
        const short = data.subarray(0, cut % data.length);
        expect(() => decodeMap(short, 'f')).toThrow(XlatError);
        expect(() => decodeMap(short, 'f')).toThrow(MAP_NOTE);
      }),
    );
    expect(() => decodeMap(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 'f')).toThrow(/no XMAP magic/);
  });

  it('is refused when made with another version of a spec', async () => {
    const file = tampered(GUEST_NOTE, (d) => new TextEncoder().encode(new TextDecoder().decode(d).replace(/^guest (\S+) \S+$/m, 'guest $1 0123')));
    expect(await refusal(file)).toMatch(/translated with another version of the cisc32 spec: translate it again/);
  });

  it('is refused when its map is damaged', async () => {
    const file = tampered(MAP_NOTE, (d) => d.subarray(0, d.length - 8));
    expect(await refusal(file)).toMatch(/bad \.xlat\.map note/);
  });

  it('is refused when its code does not match the map (a link that is not one)', async () => {
    // The first linked exit's bytes, zeroed.
    const image = readImage(p('fib.host.elf'));
    const map = decodeMap(image.notes.find((n) => n.name === MAP_NOTE)!.data, 'f');
    const at = map.flatMap((b) => b.exits).find((e) => e.linked)!.patchAt;
    const base = image.segments.find((s) => s.name === CODE_SECTION)!.vaddr;
    const file = tampered(CODE_SECTION, (d) => {
      d.fill(0, at - base, at - base + 4);
      return d;
    });
    expect(await refusal(file)).toMatch(/does not fit this runtime: exit at host 0x[0-9a-f]+ is not a link/);
  });

  it('stops at --max-steps where the interpreter does, run from the file, interpreted, profiling', async () => {
    for (const steps of [1, 57, 1000]) {
      const want = outcome(await run(p('fib.elf'), ['12'], { engine: 'interp', maxSteps: steps }));
      expect(want.lines[0]).toMatch(/stopped after/);
      const fromFile = await run(p('fib.host.elf'), ['12'], { maxSteps: steps, stats: true });
      expect(outcome(fromFile)).toEqual(want);
      // Stopping between blocks needs exact state there: the file's blocks (which leave dead flags to their successors) are not used.
      expect(blockCounts(fromFile.stats).fromFile).toBe(0);
      expect(outcome(await run(p('fib.host.elf'), ['12'], { maxSteps: steps, engine: 'interp' }))).toEqual(want);
      expect(outcome(await run(p('fib.host.elf'), ['12'], { maxSteps: steps, profile: p(`ms${steps}.profile`) }))).toEqual(want);
      expect(outcome(await run(p('fib.elf'), ['12'], { maxSteps: steps, engine: 'interp', profile: p(`mi${steps}.profile`) }))).toEqual(want);
    }
  });
});
