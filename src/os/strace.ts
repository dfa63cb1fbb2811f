// One line per system call, in strace's form: the call by name, its
// arguments as the call reads them (a buffer as the bytes it holds, quoted
// and cut at STRING_LIMIT, as strace does; an address as hex) and the result,
// an error by its errno name. For `xlat run --strace`, like qemu-user's.

import { PERM_R } from '../interp/memory.js';
import type { Process } from './process.js';
import { EBADF, EFAULT, ENOSYS } from './layout.js';

const STRING_LIMIT = 32;
const ERRNO_NAMES: Record<number, string> = { [EBADF]: 'EBADF', [EFAULT]: 'EFAULT', [ENOSYS]: 'ENOSYS' };

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** The bytes at [buf, buf+len) as strace quotes them, or the address when they are not all readable. */
function quoted(proc: Process, buf: number, len: number): string {
  const n = Math.min(len, STRING_LIMIT);
  if (!proc.memory.isMapped(buf, n, PERM_R)) return hex(buf);
  let s = '"';
  for (const b of proc.memory.readBytes(buf, n)) {
    if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x09) s += '\\t';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${s}"${len > n ? '...' : ''}`;
}

function result(r: number): string {
  if (r >= 0) return String(r);
  const name = ERRNO_NAMES[-r];
  return `${r}${name ? ` ${name}` : ''}`;
}

/**
 * The line for a call that has returned `r` (undefined for exit, which does
 * not return). `name` is the ABI's name for the number, if any; a0..a2 are
 * the argument values as the call read them.
 */
export function straceLine(proc: Process, name: string | undefined, nr: number, args: readonly number[], r: number | undefined): string {
  const [a0 = 0, a1 = 0, a2 = 0] = args;
  switch (name) {
    case 'exit':
      return `exit(${a0}) = ?`;
    case 'read':
      // The bytes read, when there were any.
      return `read(${a0}, ${r !== undefined && r > 0 ? quoted(proc, a1 >>> 0, r) : hex(a1)}, ${a2 >>> 0}) = ${result(r ?? 0)}`;
    case 'write':
      return `write(${a0}, ${quoted(proc, a1 >>> 0, a2 >>> 0)}, ${a2 >>> 0}) = ${result(r ?? 0)}`;
    case 'brk':
      return `brk(${hex(a0)}) = ${hex(r ?? 0)}`;
    default:
      // A number the ABI does not name, or a name the system does not implement.
      return `${name ?? `syscall_${nr >>> 0}`}(${args.map(hex).join(', ')}) = ${result(r ?? -ENOSYS)}`;
  }
}
