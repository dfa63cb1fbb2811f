// The runtime's side of the contract: where the runtime area's parts are
// (offsets from the host's `base` register), the page-zero service addresses
// exit stubs jump to, the codes a fault exit passes, and where each guest
// state slot lives on the host (its home).

import type { FaultName, IsaModel } from '../spec/model.js';
import { HOST_LAYOUT_NAMES } from '../spec/model.js';

export const HOST_LAYOUT = {
  /** Service address (page zero): exit register = next guest pc, link register = patch site or 0. */
  DISPATCH: 0x10,
  /** Service address (page zero): exit register = guest pc of the fault, link register = a FAULT_CODES index. */
  FAULT: 0x14,
  /** Service address (page zero): the step budget ran out at a block's entry; exit register = that block's guest pc. */
  BUDGET: 0x18,
  /** The indirect-branch table: TABLE_ENTRIES entries of [guest pc (4 bytes), host address (4 bytes)]. */
  TABLE_OFFSET: 0,
  TABLE_BITS: 10,
  TABLE_ENTRIES: 1024,
  TABLE_ENTRY_SIZE: 8,
  TABLE_SIZE: 8192,
  /** A 32-bit word: non-zero when a store hit translated code (the SMC check exits). */
  FLAG_OFFSET: 8192,
  /** A 32-bit counter of indirect branches executed, kept only when the runtime asks (--stats). */
  INDIRECT_COUNT_OFFSET: 8196,
  /** Guest state slots that have no host register: 4 bytes each, zero-extended. */
  SPILL_OFFSET: 8256,
  SPILL_SLOTS: 256,
  /** The code generator's own spill slots (values it runs out of temps for; saved registers). */
  TEMP_OFFSET: 9280,
  TEMP_SLOTS: 64,
  /**
   * One 32-bit word per block that leaves guest state unwritten for its
   * successors to overwrite (src/dbt/lazy.ts): the count register's value
   * at the block's last exit; -1 after each runtime entry.
   */
  LAZY_OFFSET: 9536,
  LAZY_SLOTS: 512,
  /** Bytes of the runtime area; `base` must be a multiple of 8. */
  AREA_SIZE: 12288,
} as const;

/** Service address a block's entry check leaves through when the count register goes negative. */
export const BUDGET = HOST_LAYOUT.BUDGET;

/** What the link register holds at the FAULT service: an index into this list. 'fetch' is a fetch fault at the pc. */
export const FAULT_CODES: ReadonlyArray<FaultName | 'fetch'> = ['illegal', 'breakpoint', 'divide', 'arithmetic', 'alignment', 'fetch'];

/** The value of a HOST_LAYOUT name a template may use. */
export function layoutValue(name: string): number | undefined {
  return (HOST_LAYOUT_NAMES as readonly string[]).includes(name) ? (HOST_LAYOUT as Record<string, number>)[name] : undefined;
}

export type SlotHome = { reg: number } | { spill: number };

/** Where guest state slot `slot` lives while translated code runs: a host register slot, or a spill offset from base. */
export function guestSlotHome(host: IsaModel, guest: IsaModel, slot: number): SlotHome {
  const h = host.host;
  if (!h) throw new Error(`${host.name} has no lowering rules: it cannot be a host`);
  if (slot < 0 || slot >= guest.registers.length) throw new Error(`guest ${guest.name} has no state slot ${slot}`);
  if (slot < h.state.length) return { reg: h.state[slot] };
  const i = slot - h.state.length;
  if (i >= HOST_LAYOUT.SPILL_SLOTS) throw new Error(`guest state slot ${slot} is beyond the spill area`);
  return { spill: HOST_LAYOUT.SPILL_OFFSET + 4 * i };
}
