// ElfImage -> bytes. The layout decides where things go; this only encodes.

import { checkImage } from './check-image.js';
import { PHDR_SIZE, SHDR_SIZE } from './constants.js';
import type { ElfImage } from './image.js';
import { planLayout } from './layout.js';
import { putHeader, putProgramHeader, putSectionHeader } from './structs.js';

export function writeElf(image: ElfImage): Uint8Array {
  checkImage(image);
  const plan = planLayout(image);
  const le = image.endian === 'little';
  const out = new Uint8Array(plan.size);
  const view = new DataView(out.buffer);
  putHeader(view, le, plan.header);
  plan.programHeaders.forEach((p, i) => putProgramHeader(view, plan.header.phoff + i * PHDR_SIZE, le, p));
  for (const piece of plan.pieces) out.set(piece.bytes, piece.offset);
  plan.sectionHeaders.forEach((h, i) => putSectionHeader(view, plan.header.shoff + i * SHDR_SIZE, le, h));
  return out;
}
