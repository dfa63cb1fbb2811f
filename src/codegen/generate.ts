// generateBlock: one IR block to host machine code at a given host address,
// with what the runtime needs to run it — the exit stubs' patch sites (for
// chaining), host ranges per guest instruction (for precise faults) and a
// listing — and encodeChain, the word that chains an exit stub to a block.

import { buildDecoder, formatInsn, isDecoded, type Decoder } from '../decode/index.js';
import type { IrBlock } from '../ir/types.js';
import type { IsaModel } from '../spec/model.js';
import { allocate } from './alloc.js';
import { EncodeError, encodeForms, encodeTemplate, formsSize, templateForms, type Env } from './encode.js';
import { buildLir } from './lir.js';
import { layoutValue } from './layout.js';
import { hostInfo } from './rules.js';
import { SelectError, Selector } from './select.js';

export interface HostExit {
  /** The guest pc the stub continues at. */
  guestTarget: number;
  /** Host address of the stub's first word: chaining overwrites it with encodeChain(patchAt, block). */
  patchAt: number;
  /** The bytes at patchAt as generated (to unchain). */
  original: Uint8Array;
}

export interface HostCode {
  bytes: Uint8Array;
  /** Host address of bytes[0] (the block's entry). */
  at: number;
  exits: HostExit[];
  /** Host ranges [hostStart, hostEnd) of each guest instruction, in order. */
  pcMap: Array<{ hostStart: number; hostEnd: number; guestPc: number }>;
  /** Host instructions generated (stubs included). */
  hostInsns: number;
  /** Host assembly text: labels, `; guest 0x...` per guest instruction, one line per instruction. */
  listing: string;
  /** Values spilled for want of temps. */
  spills: number;
}

export interface GenerateOptions {
  /** Check the SMC flag after each guest instruction that stores (blocks from writable pages). */
  smcChecks: boolean;
  /** Count indirect branches at base + INDIRECT_COUNT_OFFSET (for --stats). */
  countIndirect?: boolean;
  /** Record the count at the exit (mark_lazy) at base + this offset: the block leaves state pending for its successors. */
  markLazy?: number;
  /** Take the block's guest instructions from the count without checking it (LirOptions.chargeOnly). */
  chargeOnly?: boolean;
}

export { EncodeError, SelectError };

const decoders = new WeakMap<IsaModel, Decoder>();
function decoderOf(isa: IsaModel): Decoder {
  let d = decoders.get(isa);
  if (!d) {
    d = buildDecoder(isa);
    decoders.set(isa, d);
  }
  return d;
}

const hex = (n: number, w = 8) => (n >>> 0).toString(16).padStart(w, '0');

export function generateBlock(host: IsaModel, guest: IsaModel, block: IrBlock, at: number, opts: GenerateOptions): HostCode {
  const info = hostInfo(host);
  const lir = buildLir(host, guest, block, opts);
  const sel = new Selector(info, lir);
  const insts = sel.run();
  const { out, labels, table, spills } = allocate(info, lir, insts, sel);
  table.addr = new Array(labels).fill(NaN);

  // Layout: label addresses, until instruction sizes (which may depend on them) settle.
  const start = at >>> 0;
  let settled = false;
  for (let pass = 0; pass < 12 && !settled; pass++) {
    const next = new Array<number>(labels).fill(NaN);
    let addr = start;
    for (const e of out) {
      if (e.k === 'label') next[e.id] = addr;
      else if (e.k === 'insn') {
        if (e.forms === undefined) {
          e.env.touchedLabel = false;
          const forms = templateForms(host, e.t, e.env, addr);
          // Forms that no label's address went into stay what they are (and are encoded as they are).
          if (!e.env.touchedLabel) e.forms = forms;
          addr += formsSize(forms);
        } else addr += formsSize(e.forms);
      }
    }
    settled = next.every((x, i) => x === table.addr[i]);
    table.addr = next;
  }
  if (!settled) throw new SelectError('codegen: the layout does not settle');

  // Encode.
  const chunks: Uint8Array[] = [];
  /** What the listing shows: labels, guest markers, instructions (by their byte ranges). */
  const items: Array<string | { at: number; len: number }> = [];
  const markers: Array<{ pc: number; addr: number }> = [];
  const patches: Array<{ guest: number; label: number }> = [];
  let addr = start;
  let count = 0;
  for (const e of out) {
    switch (e.k) {
      case 'label':
        items.push(`L${e.id}:`);
        break;
      case 'marker':
        markers.push({ pc: e.pc >>> 0, addr });
        items.push(`; guest ${hex(e.pc)}`);
        break;
      case 'patch':
        patches.push(e);
        break;
      case 'insn':
        for (const b of e.forms ? encodeForms(e.forms, addr) : encodeTemplate(host, e.t, e.env, addr)) {
          chunks.push(b);
          items.push({ at: addr, len: b.length });
          addr += b.length;
          count++;
        }
        break;
    }
  }
  const bytes = new Uint8Array(addr - start);
  let p = 0;
  for (const c of chunks) {
    bytes.set(c, p);
    p += c.length;
  }
  const exits = patches.map((x) => {
    const patchAt = table.addr[x.label];
    const len = encodeChain(host, patchAt, patchAt).length;
    return { guestTarget: x.guest >>> 0, patchAt, original: bytes.slice(patchAt - start, patchAt - start + len) };
  });
  const pcMap = markers.map((m, i) => ({
    hostStart: m.addr,
    hostEnd: i + 1 < markers.length ? markers[i + 1].addr : addr,
    guestPc: m.pc,
  }));
  const code: HostCode = { bytes, at: start, exits, pcMap, hostInsns: count, listing: '', spills };
  // The listing is made when someone reads it (xlat explain, tests), not for every block translated.
  let listing: string | undefined;
  Object.defineProperty(code, 'listing', {
    enumerable: true,
    get: () => (listing ??= listingOf(host, bytes, start, items)),
  });
  return code;
}

function listingOf(host: IsaModel, bytes: Uint8Array, start: number, items: Array<string | { at: number; len: number }>): string {
  const dec = decoderOf(host);
  const lines = items.map((x) => {
    if (typeof x === 'string') return x;
    const b = bytes.subarray(x.at - start, x.at - start + x.len);
    const d = dec.decode(b, 0, b.length, x.at);
    const text = isDecoded(d) ? formatInsn(host, d, x.at) : '(bad)';
    return `  ${hex(x.at)}:  ${Array.from(b, (y) => hex(y, 2)).join(' ').padEnd(12)}  ${text}`;
  });
  return lines.join('\n') + '\n';
}

function ruleEnv(host: IsaModel, vals: Record<string, number>): Env {
  const h = host.host!;
  return {
    reg: (hole) => {
      if (hole === 'exit') return h.exit;
      if (hole === 'link') return h.link;
      if (hole === 'base') return h.base;
      throw new EncodeError(`register hole {${hole}} in a chain rule`);
    },
    value: (name) => (name in vals ? vals[name] : layoutValue(name)),
  };
}

/** The bytes that, written at host address `from` (an exit's patchAt), jump to the block at host address `to`. */
export function encodeChain(host: IsaModel, from: number, to: number): Uint8Array {
  const info = hostInfo(host);
  const r = info.byName.get('chain')?.[0];
  if (!r) throw new EncodeError(`${host.name} has no chain rule`);
  const name = (r.pattern.args[0] as { name: string }).name;
  const env = ruleEnv(host, { [name]: to >>> 0, self: from >>> 0 });
  const parts: Uint8Array[] = [];
  let addr = from >>> 0;
  for (const t of r.insns) {
    for (const b of encodeTemplate(host, t, env, addr)) {
      parts.push(b);
      addr += b.length;
    }
  }
  const out = new Uint8Array(addr - (from >>> 0));
  let p = 0;
  for (const b of parts) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

/** Whether an exit at `from` can be chained to `to` (the chain instruction reaches). */
export function canChain(host: IsaModel, from: number, to: number): boolean {
  try {
    encodeChain(host, from, to);
    return true;
  } catch (e) {
    if (e instanceof EncodeError || (e instanceof Error && /out of reach|does not fit/.test(e.message))) return false;
    throw e;
  }
}
