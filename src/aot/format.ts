// What a translated file holds beyond its segments: two notes (non-loaded
// sections of the ELF file) that `xlat run` and `xlat disasm` read back.
//
// `.xlat.guest` — what the file was made from, as text, one `key value...`
// line each:
//
//   xlat-translated 1                       format version
//   guest cisc32 <sha256 of its spec>       the guest ISA (the runtime runs it)
//   host risc32 <sha256 of its spec>        the host ISA the code is for
//   layout <numbers>                        RUNTIME_BASE, CODE_BASE, CODE_LIMIT and
//                                           HOST_LAYOUT: the runtime's side of the code
//   code 0x01010000 <bytes>                 where the host code is (segment .xlat.code)
//   smc-checks yes|no                       code made with self-modifying-code checks
//   dead-at-exit yes|no                     blocks drop setregs their successors overwrite
//   guest-segments .text .data ...          which segments are the guest's image
//
// `.xlat.map` — the guest-to-host map, 32-bit little-endian words:
//
//   "XMAP" (0x50414d58), version 1, block count N, then N blocks:
//     guest pc, guest end (first byte after its instructions), host address,
//     host size, flags (bit 0: ends in a system call, never chained out of;
//     bit 1: ends in an indirect branch), profile count (0 without one),
//     P = pc-map entries, E = exits,
//     P x [guest pc of an instruction, host start, host end of its code],
//     E x [guest target, host patch address, flags (bit 0: linked at
//          translation time), L = length of the stub's own bytes], each
//          followed by those L bytes (what unchaining writes back), padded
//          with zeros to a multiple of 4.

import { HOST_LAYOUT } from '../codegen/index.js';
import { CODE_BASE, CODE_LIMIT, RUNTIME_BASE, type PretranslatedBlock } from '../dbt/index.js';
import { XlatError } from '../spec/index.js';

export const GUEST_NOTE = '.xlat.guest';
export const MAP_NOTE = '.xlat.map';
export const CODE_SECTION = '.xlat.code';
export const RUNTIME_SECTION = '.xlat.rt';

const FORMAT_VERSION = 1;
const MAP_MAGIC = 0x50414d58;
const MAP_VERSION = 1;

/** The numbers the translated code depends on: a file made for other ones is refused. */
export function layoutStamp(): string {
  const h = Object.entries(HOST_LAYOUT).map(([k, v]) => `${k}=${v}`);
  return [`RUNTIME_BASE=${RUNTIME_BASE}`, `CODE_BASE=${CODE_BASE}`, `CODE_LIMIT=${CODE_LIMIT}`, ...h].join(',');
}

export interface GuestNote {
  guest: string;
  guestHash: string;
  host: string;
  hostHash: string;
  layout: string;
  codeAt: number;
  codeSize: number;
  smcChecks: boolean;
  deadAtExit: boolean;
  guestSegments: string[];
}

export function encodeGuestNote(n: GuestNote): Uint8Array {
  const lines = [
    `xlat-translated ${FORMAT_VERSION}`,
    `guest ${n.guest} ${n.guestHash}`,
    `host ${n.host} ${n.hostHash}`,
    `layout ${n.layout}`,
    `code 0x${n.codeAt.toString(16)} ${n.codeSize}`,
    `smc-checks ${n.smcChecks ? 'yes' : 'no'}`,
    `dead-at-exit ${n.deadAtExit ? 'yes' : 'no'}`,
    `guest-segments ${n.guestSegments.join(' ')}`,
  ];
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

export function decodeGuestNote(data: Uint8Array, file: string): GuestNote {
  const bad = (what: string): never => {
    throw new XlatError(`${file}: bad ${GUEST_NOTE} note (${what})`);
  };
  const fields = new Map<string, string[]>();
  for (const line of new TextDecoder().decode(data).split('\n')) {
    const words = line.trim().split(/\s+/).filter((w) => w !== '');
    if (words.length) fields.set(words[0], words.slice(1));
  }
  const get = (key: string, n: number): string[] => {
    const v = fields.get(key);
    if (!v || v.length < n) bad(`no ${key}`);
    return v!;
  };
  const version = get('xlat-translated', 1)[0];
  if (version !== String(FORMAT_VERSION)) bad(`format ${version}, this xlat reads ${FORMAT_VERSION}: translate the program again`);
  const [guest, guestHash] = get('guest', 2);
  const [host, hostHash] = get('host', 2);
  const [codeAt, codeSize] = get('code', 2).map(Number);
  if (!Number.isSafeInteger(codeAt) || !Number.isSafeInteger(codeSize) || codeSize < 0) bad('code');
  const yesNo = (key: string): boolean => {
    const v = get(key, 1)[0];
    if (v !== 'yes' && v !== 'no') bad(key);
    return v === 'yes';
  };
  return {
    guest,
    guestHash,
    host,
    hostHash,
    layout: get('layout', 1)[0],
    codeAt,
    codeSize,
    smcChecks: yesNo('smc-checks'),
    deadAtExit: yesNo('dead-at-exit'),
    guestSegments: fields.get('guest-segments') ?? [],
  };
}

/** A block of the map: what the runtime installs, and its profile count. */
export interface MapBlock extends PretranslatedBlock {
  count: number;
}

const FLAG_NOCHAIN = 1;
const FLAG_INDIRECT = 2;
const EXIT_LINKED = 1;

export function encodeMap(blocks: readonly MapBlock[]): Uint8Array {
  const words: number[] = [MAP_MAGIC, MAP_VERSION, blocks.length];
  for (const b of blocks) {
    words.push(b.guestPc, b.guestEnd, b.hostAt, b.size, (b.noChain ? FLAG_NOCHAIN : 0) | (b.indirect ? FLAG_INDIRECT : 0), b.count, b.pcMap.length, b.exits.length);
    for (const m of b.pcMap) words.push(m.guestPc, m.hostStart, m.hostEnd);
    for (const e of b.exits) {
      words.push(e.guestTarget, e.patchAt, e.linked ? EXIT_LINKED : 0, e.original.length);
      for (let i = 0; i < e.original.length; i += 4) {
        let w = 0;
        for (let j = 3; j >= 0; j--) w = (w << 8) | (e.original[i + j] ?? 0);
        words.push(w);
      }
    }
  }
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return out;
}

export function decodeMap(data: Uint8Array, file: string): MapBlock[] {
  const bad = (what: string): never => {
    throw new XlatError(`${file}: bad ${MAP_NOTE} note (${what})`);
  };
  if (data.length % 4 !== 0) bad('its size is not a multiple of 4');
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = data.length / 4;
  let i = 0;
  const word = (): number => {
    if (i >= n) bad('truncated');
    return dv.getUint32(4 * i++, true);
  };
  if (word() !== MAP_MAGIC) bad('no XMAP magic');
  const version = word();
  if (version !== MAP_VERSION) bad(`version ${version}, this xlat reads ${MAP_VERSION}`);
  const count = word();
  // Each block takes at least 8 words: a count beyond that is a lie.
  if (count > n / 8) bad('block count');
  const blocks: MapBlock[] = [];
  for (let k = 0; k < count; k++) {
    const [guestPc, guestEnd, hostAt, size, flags, cnt, np, ne] = [word(), word(), word(), word(), word(), word(), word(), word()];
    if (np * 3 + ne * 4 > n - i) bad('truncated');
    const pcMap: MapBlock['pcMap'] = [];
    for (let j = 0; j < np; j++) {
      const guest = word();
      const hostStart = word();
      pcMap.push({ guestPc: guest, hostStart, hostEnd: word() });
    }
    const exits: MapBlock['exits'] = [];
    for (let j = 0; j < ne; j++) {
      const guestTarget = word();
      const patchAt = word();
      const f = word();
      const len = word();
      if (len === 0 || len > 64) bad('exit stub length');
      const original = new Uint8Array(len);
      for (let b = 0; b < len; b += 4) {
        const w = word();
        for (let q = 0; q < 4 && b + q < len; q++) original[b + q] = (w >>> (8 * q)) & 0xff;
      }
      exits.push({ guestTarget, patchAt, original, linked: (f & EXIT_LINKED) !== 0 });
    }
    blocks.push({ guestPc, guestEnd, hostAt, size, noChain: (flags & FLAG_NOCHAIN) !== 0, indirect: (flags & FLAG_INDIRECT) !== 0, count: cnt, pcMap, exits });
  }
  if (i !== n) bad('trailing data');
  return blocks;
}
