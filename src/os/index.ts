// The OS layer is the one place that knows what a process is outside its
// instructions: how it is laid out and started, and what its system calls do.
// Keeping it apart from the engines lets the interpreter, the translator and
// the host machine give a guest exactly the same world, so their runs can be
// compared byte for byte.

export type { Io } from './io.js';
export { NodeIo, MemoryIo } from './io.js';
export type { LoadedImage } from './loader.js';
export { loadImage } from './loader.js';
export type { Process, ProcessOptions } from './process.js';
export { createProcess, buildStartStack } from './process.js';
export type { SyscallName } from './syscalls.js';
export { syscall, exitProcess, sysRead, sysWrite, sysBrk } from './syscalls.js';
export {
  PAGE,
  LOWEST_MAPPABLE,
  STACK_BASE,
  STACK_TOP,
  BRK_LIMIT,
  EBADF,
  EFAULT,
  ENOSYS,
  pageUp,
} from './layout.js';
