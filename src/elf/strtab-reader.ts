// Reading names out of a string table section whose bytes are known to lie
// in the file. Names are cached by offset, since symbol tables often point
// many entries at one string.

import { MAX_NAME_BYTES, SHT_STRTAB } from './constants.js';
import type { FileView } from './file-view.js';
import { hex } from './file-view.js';
import type { Section } from './section.js';
import { describe } from './section.js';

const decoder = new TextDecoder('utf-8');

export class StringTable {
  private readonly cache = new Map<number, string>();

  private constructor(
    private readonly view: FileView,
    private readonly section: Section,
  ) {}

  /** The string table at `index`, or an error naming `user` (who wanted it). */
  static at(view: FileView, sections: readonly Section[], index: number, user: string): StringTable {
    const section = sections[index];
    if (!section) throw view.fail(`${user}: string table index ${index} out of range`);
    if (section.header.type !== SHT_STRTAB) throw view.fail(`${user}: ${describe(section)} is not a string table`);
    return new StringTable(view, section);
  }

  /** The NUL-terminated string at `offset`; `what` names it in errors. */
  get(offset: number, what: string): string {
    const cached = this.cache.get(offset);
    if (cached !== undefined) return cached;
    const { offset: start, size } = this.section.header;
    const table = describe(this.section);
    if (offset >= size) {
      throw this.view.fail(`bad string table offset ${hex(offset)} for ${what} (${table} is ${hex(size)} bytes)`);
    }
    const from = start + offset;
    const window = this.view.bytes.subarray(from, Math.min(start + size, from + MAX_NAME_BYTES + 1));
    const length = window.indexOf(0);
    if (length < 0) {
      throw window.length > MAX_NAME_BYTES
        ? this.view.fail(`${what} at offset ${hex(offset)} of ${table} is longer than ${MAX_NAME_BYTES} bytes`)
        : this.view.fail(`unterminated string at offset ${hex(offset)} of ${table} (${what})`);
    }
    const name = decoder.decode(window.subarray(0, length));
    this.cache.set(offset, name);
    return name;
  }
}
