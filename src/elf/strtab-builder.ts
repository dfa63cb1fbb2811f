// A string table under construction: offset 0 is the empty string, as ELF
// requires, and repeated names share one copy.

export class StringTableBuilder {
  private readonly chunks: Uint8Array[] = [new Uint8Array(1)];
  private readonly offsets = new Map<string, number>([['', 0]]);
  private size = 1;

  /** Offset of `name` in the table (the caller has ruled out NUL bytes). */
  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    const offset = this.size;
    const bytes = new TextEncoder().encode(name);
    this.chunks.push(bytes, new Uint8Array(1));
    this.size += bytes.length + 1;
    this.offsets.set(name, offset);
    return offset;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
