// Puts an ELF image into a fresh address space. Bad images are refused here,
// with the file's name, rather than turning into confusing faults later.

import type { ElfImage, ElfSegment } from '../elf/image.js';
import type { IsaModel } from '../spec/model.js';
import { XlatError } from '../spec/diagnostic.js';
import { ADDRESS_LIMIT, DEFAULT_MEMORY_SIZE, Memory, PERM_R, PERM_W, PERM_X } from '../interp/memory.js';
import { LOWEST_MAPPABLE, STACK_BASE, STACK_TOP, pageUp } from './layout.js';

export interface LoadedImage {
  memory: Memory;
  entry: number;
  /** First 4 KiB boundary at or after the end of the highest segment. */
  initialBreak: number;
}

export function loadImage(image: ElfImage, isa: IsaModel, path: string, minMemory = 0): LoadedImage {
  if (image.machine !== isa.elfMachine) {
    throw new XlatError(`${path}: machine 0x${hex4(image.machine)} is not ${isa.name} (0x${hex4(isa.elfMachine)})`);
  }
  if (image.endian !== isa.endian) {
    throw new XlatError(`${path}: ${image.endian}-endian file, but ${isa.name} is ${isa.endian}-endian`);
  }
  const segs = image.segments.filter((s) => s.memSize > 0);
  checkSegments(segs, path);

  let top = 0;
  for (const s of segs) top = Math.max(top, s.vaddr + s.memSize);
  // An engine that maps more (a translator's code cache) asks for room up front: growing copies.
  const memory = new Memory(isa.endian, Math.max(DEFAULT_MEMORY_SIZE, pageUp(top), pageUp(minMemory)));
  for (const s of segs) {
    memory.map(s.vaddr, s.memSize, permsOf(s));
    memory.writeBytes(s.vaddr, s.data);
  }
  // No segments at all: the heap starts where the first segment could have.
  const initialBreak = top === 0 ? LOWEST_MAPPABLE : pageUp(top);
  return { memory, entry: image.entry >>> 0, initialBreak };
}

function checkSegments(segs: ElfSegment[], path: string): void {
  for (const s of segs) {
    const where = `${path}: segment ${s.name} [0x${hex8(s.vaddr)}, 0x${hex8(s.vaddr + s.memSize)})`;
    if (s.data.length > s.memSize) throw new XlatError(`${where} holds more data than its size in memory`);
    if (s.vaddr < LOWEST_MAPPABLE) throw new XlatError(`${where} lies below 0x${hex8(LOWEST_MAPPABLE)}`);
    if (s.vaddr + s.memSize > ADDRESS_LIMIT) {
      throw new XlatError(`${where}: address space above 0x40000000 not supported`);
    }
    if (s.vaddr < STACK_TOP && s.vaddr + s.memSize > STACK_BASE) {
      throw new XlatError(`${where} overlaps the stack [0x${hex8(STACK_BASE)}, 0x${hex8(STACK_TOP)})`);
    }
  }
  const sorted = [...segs].sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a.vaddr + a.memSize > b.vaddr) throw new XlatError(`${path}: segments ${a.name} and ${b.name} overlap`);
  }
}

/**
 * A loaded segment is always readable, whatever its flags say about r: the
 * manuals' memory faults are an unmapped address, a write to a segment that
 * is not writable and a fetch from one that is not executable — never a read
 * of a mapped one (as on x86, whose pages cannot be write- or execute-only).
 * So a `.section s, "w"` (or "x", or "") is read like any other, and write()
 * takes a buffer in it.
 */
function permsOf(s: ElfSegment): number {
  return PERM_R | (s.flags.w ? PERM_W : 0) | (s.flags.x ? PERM_X : 0);
}

function hex4(v: number): string {
  return (v >>> 0).toString(16).padStart(4, '0');
}

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
