// A section header as the reader sees it: with its index and resolved name,
// which every message about it mentions.

import type { SectionHeader } from './structs.js';

export interface Section {
  index: number;
  name: string;
  header: SectionHeader;
}

export function describe(s: Section): string {
  return s.name === '' ? `section ${s.index}` : `section ${s.index} (${s.name})`;
}
