// The process address-space layout and error numbers every ISA's manual shares
// (cisc32 §6; the others refer to it). Nothing here is ISA-specific.

export const PAGE = 0x1000;
/** Addresses below this are never mapped, so null pointers fault. */
export const LOWEST_MAPPABLE = 0x1000;
export const STACK_BASE = 0x00f00000;
export const STACK_TOP = 0x01000000;
/** The break may grow up to the stack, not into it. */
export const BRK_LIMIT = STACK_BASE;

export const EBADF = 9;
export const EFAULT = 14;
export const ENOSYS = 38;

export function pageUp(addr: number): number {
  return Math.ceil(addr / PAGE) * PAGE;
}
