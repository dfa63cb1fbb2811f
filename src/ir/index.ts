// Stage: IR. The lifter turns a guest block — instructions decoded from a
// pc up to the first that changes control flow — into one IR block: typed,
// three-address, straight-line ops over virtual values with explicit guest
// register reads and writes, predicated loads, stores and faults, insn
// markers at every guest instruction boundary, and one exit (direct, branch,
// indirect, syscall). It gives each instruction exactly the meaning the
// interpreter's handlers give it, from the same spec semantics. The printer
// and verifier describe and check blocks; the evaluator runs one against the
// interpreter's Memory. It hands IrBlocks to the optimizer (src/opt) and the
// code generator (src/codegen).

export * from './types.js';
export { liftBlock, endsBlock, DEFAULT_MAX_INSNS, type Fetch, type LiftOptions } from './lift.js';
export { printBlock, printOp, printExit, hex } from './print.js';
export { verifyBlock } from './verify.js';
export { Builder } from './builder.js';
export { evalBlock, type EvalOptions, type EvalResult } from './eval.js';
export { evalBin, evalUn, evalExt, evalSlice, evalBswap, mask, norm, signed, unsigned, COMPARISONS, SHIFTS, DIVISIONS, COMMUTATIVE } from './arith.js';
