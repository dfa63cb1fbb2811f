// Stage: code generator. Turns an optimized IR block (src/opt) into host
// machine code for any host spec that has lowering rules (its `host` section
// and `lower` rules, isa-specs/LOWERING.md): instruction selection by the
// rules' patterns, guest state in fixed host registers, values in temps,
// encoding by the host's own encoder, exit stubs the runtime can chain.
// It knows no ISA: everything host-specific comes from the host spec. It
// hands the DBT runtime (src/dbt) HostCode, encodeChain, the runtime area's
// layout (HOST_LAYOUT) and where guest state lives (guestSlotHome); and
// checkRules, which runs every rule against the IR's meaning.

export { generateBlock, encodeChain, canChain, EncodeError, SelectError, type HostCode, type HostExit, type GenerateOptions } from './generate.js';
export { HOST_LAYOUT, BUDGET, FAULT_CODES, guestSlotHome, type SlotHome } from './layout.js';
export { checkRules, type CheckOptions } from './check.js';
