// Bounds-checked access to the bytes of a file being read. Every read goes
// through here, so a bad offset becomes an XlatError naming the file rather
// than a RangeError escaping from DataView.

import { XlatError } from '../spec/diagnostic.js';
import type { FieldSource } from './structs.js';

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export class FileView implements FieldSource {
  private readonly view: DataView;
  readonly size: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    readonly little: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.size = bytes.byteLength;
  }

  fail(message: string): XlatError {
    return new XlatError(`${this.file}: ${message}`);
  }

  /** Whether [offset, offset + length) lies inside the file. */
  contains(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.size;
  }

  private need(offset: number, length: number): void {
    if (!this.contains(offset, length)) throw this.fail(`truncated file (read at ${hex(offset)})`);
  }

  u8(offset: number): number {
    this.need(offset, 1);
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    this.need(offset, 2);
    return this.view.getUint16(offset, this.little);
  }

  u32(offset: number): number {
    this.need(offset, 4);
    return this.view.getUint32(offset, this.little);
  }

  /** A copy, so the image never aliases the caller's buffer. */
  copy(offset: number, length: number): Uint8Array {
    this.need(offset, length);
    return this.bytes.slice(offset, offset + length);
  }
}
