// What an ElfImage must satisfy before it is written: exactly what the reader
// demands of a file, so anything writeElf produces reads back unchanged. A
// failure here is a bug in the stage that built the image, but it is still
// reported as an XlatError so the CLI prints it plainly.

import { XlatError } from '../spec/diagnostic.js';
import { MAX_NAME_BYTES, PN_XNUM, SHN_LORESERVE, SHSTRTAB_NAME, STRTAB_NAME, SYMTAB_NAME } from './constants.js';
import type { ElfImage } from './image.js';

const RESERVED_NAMES = new Set([SYMTAB_NAME, STRTAB_NAME, SHSTRTAB_NAME]);
/** Sections besides segments and notes: null, .symtab, .strtab, .shstrtab. */
const FIXED_SECTIONS = 4;
const U32_LIMIT = 2 ** 32;

function fail(message: string): never {
  throw new XlatError(`cannot write ELF: ${message}`);
}

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < U32_LIMIT;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** A name the reader will accept back from a string table. */
function checkStringable(what: string, name: string): void {
  if (name.includes('\0')) fail(`${what} name ${JSON.stringify(name)} contains a NUL`);
  if (new TextEncoder().encode(name).length > MAX_NAME_BYTES) fail(`${what} name is longer than ${MAX_NAME_BYTES} bytes`);
}

function checkName(what: string, name: string, seen: Set<string>): void {
  if (name === '') fail(`${what} has no name`);
  checkStringable(what, name);
  if (RESERVED_NAMES.has(name)) fail(`${what} may not be called ${name}`);
  if (seen.has(name)) fail(`two sections are called ${name}`);
  seen.add(name);
}

function checkSegments(image: ElfImage, names: Set<string>): void {
  if (image.segments.length === 0) fail('the image has no segments');
  if (image.segments.length >= PN_XNUM) fail('too many segments');
  for (const s of image.segments) {
    checkName('a segment', s.name, names);
    if (!isU32(s.vaddr)) fail(`segment ${s.name}: bad address ${s.vaddr}`);
    if (!isU32(s.memSize)) fail(`segment ${s.name}: bad size ${s.memSize}`);
    if (s.data.length > s.memSize) fail(`segment ${s.name}: more data than memory size`);
    if (s.vaddr + s.memSize > U32_LIMIT) fail(`segment ${s.name} at ${hex(s.vaddr)} wraps past 4 GiB`);
  }
  const placed = image.segments.filter((s) => s.memSize > 0).sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < placed.length; i++) {
    const prev = placed[i - 1]!;
    const next = placed[i]!;
    if (prev.vaddr + prev.memSize > next.vaddr) {
      fail(`segments ${prev.name} and ${next.name} overlap at ${hex(next.vaddr)}`);
    }
  }
}

function checkSymbols(image: ElfImage): void {
  const segmentNames = new Set(image.segments.map((s) => s.name));
  for (const sym of image.symbols) {
    checkStringable('a symbol', sym.name);
    if (!isU32(sym.value) || !isU32(sym.size)) fail(`symbol ${sym.name}: bad value or size`);
    if (sym.section !== undefined && !segmentNames.has(sym.section)) {
      fail(`symbol ${sym.name}: no segment called ${sym.section}`);
    }
  }
}

export function checkImage(image: ElfImage): void {
  if (image.endian !== 'little' && image.endian !== 'big') fail(`bad byte order ${String(image.endian)}`);
  if (!Number.isInteger(image.machine) || image.machine < 0 || image.machine > 0xffff) {
    fail(`bad machine number ${image.machine}`);
  }
  if (!isU32(image.entry)) fail(`bad entry point ${image.entry}`);
  const names = new Set<string>();
  checkSegments(image, names);
  for (const note of image.notes) checkName('a note', note.name, names);
  if (image.segments.length + image.notes.length + FIXED_SECTIONS > SHN_LORESERVE) {
    fail('too many sections');
  }
  checkSymbols(image);
}
