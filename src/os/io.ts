// The guest's standard streams, behind an interface so that tests (and the
// benchmark's checksum verification) can run a guest without touching the
// real ones. The Node implementation writes through, as a kernel would: a
// write that fails (a closed pipe, a full disk) returns -errno to the guest
// at that call, so a program like cat can react to it.

import { readSync, writeSync } from 'node:fs';
import { constants } from 'node:os';

export interface Io {
  /**
   * Reads up to max bytes of standard input, blocking until at least one is
   * available; an empty result means end of input.
   */
  read(max: number): Uint8Array;
  /** `bytes` may be a view of guest memory: copy it if it is kept. Returns the count written or -errno. */
  write(fd: 1 | 2, bytes: Uint8Array): number;
  /** Writes out anything buffered. Call when the process ends, however it ends. */
  flush(): void;
}

const READ_CHUNK = 1 << 16;

/** -errno for a Node I/O error (EIO when Node gives no number). */
function negErrno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const n = (constants.errno as Record<string, number>)[code];
  return -(n ?? 5);
}

/** The process's own fds 0, 1 and 2. */
export class NodeIo implements Io {
  read(max: number): Uint8Array {
    const out = new Uint8Array(Math.min(max, READ_CHUNK));
    if (out.length === 0) return out;
    for (;;) {
      try {
        const n = readSync(0, out, 0, out.length, null);
        return out.subarray(0, n);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') sleep(5); // stdin is non-blocking (a tty or pipe shared with a parent)
        else return out.subarray(0, 0); // EOF, or a read error: the guest sees end of input
      }
    }
  }

  write(fd: 1 | 2, bytes: Uint8Array): number {
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(fd, bytes, off, bytes.length - off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') sleep(5);
        else return off > 0 ? off : negErrno(e);
      }
    }
    return off;
  }

  flush(): void {
    // Nothing is buffered.
  }
}

/** Standard streams in memory, for tests: stdin is given, stdout and stderr are recorded. */
export class MemoryIo implements Io {
  private readonly input: Uint8Array;
  private pos = 0;
  /** How many bytes one read may return at most (to exercise short reads). */
  readChunk: number;
  /** Every write in order, to check interleaving. */
  readonly log: Array<{ fd: 1 | 2; bytes: Uint8Array }> = [];
  flushes = 0;

  constructor(stdin: Uint8Array | string = '', readChunk = Infinity) {
    this.input = typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin;
    this.readChunk = readChunk;
  }

  read(max: number): Uint8Array {
    const n = Math.min(max, this.readChunk, this.input.length - this.pos);
    const r = this.input.slice(this.pos, this.pos + n);
    this.pos += n;
    return r;
  }

  write(fd: 1 | 2, bytes: Uint8Array): number {
    this.log.push({ fd, bytes: bytes.slice() });
    return bytes.length;
  }

  flush(): void {
    this.flushes++;
  }

  get stdout(): Uint8Array {
    return this.joined(1);
  }

  get stderr(): Uint8Array {
    return this.joined(2);
  }

  stdoutText(): string {
    return new TextDecoder().decode(this.stdout);
  }

  stderrText(): string {
    return new TextDecoder().decode(this.stderr);
  }

  private joined(fd: 1 | 2): Uint8Array {
    const parts = this.log.filter((w) => w.fd === fd);
    const r = new Uint8Array(parts.reduce((n, w) => n + w.bytes.length, 0));
    let off = 0;
    for (const w of parts) {
      r.set(w.bytes, off);
      off += w.bytes.length;
    }
    return r;
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}
