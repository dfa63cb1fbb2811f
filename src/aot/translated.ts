// Reading a file made by `xlat translate` back: recognized by its
// `.xlat.guest` note; checked against the specs and the runtime it is to run
// with; split into the guest's image (what the guest process loads) and the
// translated code with its map (what the runtime installs).

import type { Dbt } from '../dbt/index.js';
import type { ElfImage } from '../elf/index.js';
import { XlatError, loadIsa, type IsaModel } from '../spec/index.js';
import { CODE_SECTION, GUEST_NOTE, MAP_NOTE, decodeGuestNote, decodeMap, layoutStamp, type GuestNote, type MapBlock } from './format.js';

export interface Translated {
  note: GuestNote;
  guest: IsaModel;
  host: IsaModel;
  /** The guest's program as its own ELF image would have it. */
  guestImage: ElfImage;
  /** The host code (placed at note.codeAt = CODE_BASE) and its blocks. */
  code: Uint8Array;
  blocks: MapBlock[];
  /** Puts the file's blocks into a runtime made for guestImage (before it runs). */
  install(dbt: Dbt): void;
}

/** Whether an image is one `xlat translate` made. */
export function isTranslated(image: ElfImage): boolean {
  return image.notes.some((n) => n.name === GUEST_NOTE);
}

/** The parts of a translated file, with its ISAs loaded and checked; undefined for any other file. */
export async function readTranslated(image: ElfImage, file: string): Promise<Translated | undefined> {
  const gn = image.notes.find((n) => n.name === GUEST_NOTE);
  if (!gn) return undefined;
  const note = decodeGuestNote(gn.data, file);
  const again = `translate it again with this xlat`;
  if (note.layout !== layoutStamp()) throw new XlatError(`${file}: translated for another layout of the runtime's memory: ${again}`);
  const guest = await loadIsa(note.guest);
  const host = await loadIsa(note.host);
  if (guest.hash !== note.guestHash) throw new XlatError(`${file}: translated with another version of the ${guest.name} spec: ${again}`);
  if (host.hash !== note.hostHash) throw new XlatError(`${file}: translated with another version of the ${host.name} spec: ${again}`);
  if (image.machine !== host.elfMachine) throw new XlatError(`${file}: ELF machine 0x${image.machine.toString(16)} is not that of ${host.name}, the host it was translated for`);
  if (!host.host) throw new XlatError(`${file}: ${host.name} cannot be a host: its spec has no lowering rules`);
  const mapNote = image.notes.find((n) => n.name === MAP_NOTE);
  if (!mapNote) throw new XlatError(`${file}: no ${MAP_NOTE} note`);
  const blocks = decodeMap(mapNote.data, file);
  const codeSeg = image.segments.find((s) => s.name === CODE_SECTION);
  let code: Uint8Array = new Uint8Array(0);
  if (note.codeSize > 0) {
    if (!codeSeg || codeSeg.vaddr !== note.codeAt || codeSeg.data.length !== note.codeSize) throw new XlatError(`${file}: no ${CODE_SECTION} segment of ${note.codeSize} bytes at 0x${note.codeAt.toString(16)}`);
    code = codeSeg.data;
  }
  const names = new Set(note.guestSegments);
  const segments = image.segments.filter((s) => names.has(s.name));
  if (segments.length !== names.size) throw new XlatError(`${file}: the guest's segments (${note.guestSegments.join(' ')}) are not all there`);
  const sections = new Set(segments.map((s) => s.name));
  const guestImage: ElfImage = {
    endian: guest.endian,
    machine: guest.elfMachine,
    entry: image.entry,
    segments,
    symbols: image.symbols.filter((s) => s.section === undefined || sections.has(s.section)),
    notes: [],
  };
  return {
    note,
    guest,
    host,
    guestImage,
    code,
    blocks,
    install: (dbt) => dbt.installBlocks(code, blocks, { smcChecks: note.smcChecks, deadAtExit: note.deadAtExit }),
  };
}
