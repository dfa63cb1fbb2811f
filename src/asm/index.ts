// The assembler stage. Its front end (this folder) knows no ISA: it reads the
// assembly language every xlat ISA shares — lines, labels, expressions,
// directives, sections — and leaves each instruction to an ISA back end built
// from the spec file (IsaAssembler). Sizes are chosen by one fixed-point rule,
// so that any assembler written from the manuals gives the same bytes. What it
// hands on is an ElfImage (segments, entry, symbols) for the ELF writer.

export type { Evaluator, Expr, Form, IsaAssembler, Operand, Slot } from './types.js';
export { assemble, type AsmIsa } from './assemble.js';
export { detectIsa, misplacedIsa, parseLine, type LabelDef, type LineSyntax, type ParsedLine, type Statement } from './parser.js';
export { evalExpr, formatExpr, parseExpr } from './expr.js';
export { lexLine, type Token } from './lexer.js';
