// Stage 2, decode: from an IsaModel, a decision-tree decoder that turns the
// bytes at an address into a Decoded record (variant id, length, field and
// derived values) or says the bytes are illegal or run out; and the
// disassembler that prints decoded instructions from the spec's syntax
// templates (pseudo-instructions included) so that the text assembles back to
// the same bytes. The interpreter, the lifter and the host machine take
// Decoded records from here; the CLI takes listings.

export { isShort, isDecoded, type Decoded, type DecodedLike, type DecodeResult, type Decoder, type Encoding, type Short } from './types.js';
export { buildDecoder, fieldValue, derivedValue, operandValue } from './decoder.js';
export { buildTree, lookup, treeStats, ILLEGAL, type DecodeTree } from './tree.js';
export { formatInsn, disassemble, symbolMap, type DisassembleOptions } from './disasm.js';
export { formatImm, formatAddr, type SymbolAt } from './operands.js';
