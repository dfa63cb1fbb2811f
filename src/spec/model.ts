// The checked, fully expanded form of one ISA spec: plain data (JSON-safe, so
// it can be cached) that every later stage reads. Families, modes, enums and
// macros are already expanded here: each Variant is one concrete encoding with
// one syntax and one semantics tree.

import type { SourceLoc } from './diagnostic.js';

export type Endian = 'little' | 'big';

/** A register of the machine state. Every register, flag included, has one slot. */
export interface Register {
  /** Slot in the state array (Int32Array) the engines keep. */
  slot: number;
  name: string; // canonical (printed) name
  bits: number; // 1 for flags
  /** Register file this register belongs to, and its index there. */
  file?: string;
  index?: number;
  /** Reads 0, writes discarded. */
  zero?: boolean;
  /**
   * Made by the spec loader, not declared: the ports through which
   * `syscall(nr, args...)` passes values to the OS. No assembly name.
   */
  port?: boolean;
  flag?: boolean;
}

export interface RegFile {
  name: string;
  bits: number;
  /** slots[i] = state slot of register i of the file */
  slots: number[];
}

/** A field of an encoding: bits of one token, possibly concatenated pieces. */
export interface Field {
  name: string;
  /** Bit ranges [hi, lo] within the token, most significant piece first. */
  ranges: Array<[number, number]>;
  bits: number;
  signed: boolean;
  /** The field names a register of this file. */
  regFile?: string;
  /** The field is an enum (condition codes and the like). */
  enumName?: string;
}

export interface TokenUse {
  token: string;
  bits: number;
  /** byte offset of this token within the instruction */
  offset: number;
}

/** A named value derived from one field by an invertible transform. */
export type Transform =
  | { kind: 'field'; field: string }
  | { kind: 'scale'; by: number; arg: Transform }
  | { kind: 'shl'; by: number; arg: Transform }
  | { kind: 'add'; by: number; arg: Transform }
  | { kind: 'pcrel'; arg: Transform }; // npc + arg

// ---- semantics (register-transfer language), fully expanded ----

export type BinOp =
  | 'add' | 'sub' | 'mul' | 'and' | 'or' | 'xor'
  | 'shl' | 'shr' | 'sar' | 'rol' | 'ror'
  | 'eq' | 'ne' | 'ltu' | 'lts' | 'leu' | 'les' | 'gtu' | 'gts' | 'geu' | 'ges'
  | 'divu' | 'divs' | 'remu' | 'rems' | 'mulhu' | 'mulhs'
  | 'land' | 'lor';

export type UnOp = 'neg' | 'not' | 'lnot';

export type Expr =
  | { k: 'const'; w: number; v: number } // v as unsigned for w<32, int32 bits for w=32
  | { k: 'field'; w: number; field: string } // operand field value (sign/zero-extended per field)
  | { k: 'operand'; w: number; name: string } // derived operand (Transform), read from the decoded record
  | { k: 'pc'; w: number } // address of this instruction
  | { k: 'npc'; w: number } // address of the next instruction
  | { k: 'local'; w: number; name: string }
  | { k: 'read'; w: number; loc: Loc }
  | { k: 'bin'; w: number; op: BinOp; a: Expr; b: Expr }
  | { k: 'un'; w: number; op: UnOp; a: Expr }
  | { k: 'ext'; w: number; signed: boolean; a: Expr } // widen a to w
  | { k: 'slice'; w: number; hi: number; lo: number; a: Expr }
  | { k: 'cond'; w: number; c: Expr; t: Expr; f: Expr }
  | { k: 'addrof'; w: number; loc: Loc }; // address of a memory location

/** Something that can be read and (usually) written. */
export type Loc =
  | { k: 'reg'; w: number; slot: number } // a fixed register
  | { k: 'regx'; w: number; file: string; index: Expr } // register of a file by index
  | { k: 'mem'; w: number; addr: Expr } // memory, width w (8, 16, 32), ISA byte order
  | { k: 'low'; w: number; loc: Loc }; // the low w bits of a wider register location

export type FaultName = 'illegal' | 'breakpoint' | 'divide' | 'arithmetic' | 'alignment';

export type Stmt =
  | { k: 'let'; name: string; e: Expr }
  /**
   * loc = e. A probe (`probe m;` in the spec) is m = m: it raises any fault an
   * access to m could and changes nothing, so a later store to m cannot fault.
   */
  | { k: 'set'; loc: Loc; e: Expr; probe?: true }
  | { k: 'if'; c: Expr; t: Stmt[]; f: Stmt[] }
  | { k: 'jump'; e: Expr }
  | { k: 'fault'; fault: FaultName }
  | { k: 'syscall' };

// ---- syntax ----

/** A piece of an operand template, as parsed from a syntax string. */
export type OperandTemplate =
  | { kind: 'reg'; field: string } // a register field
  | { kind: 'fixedreg'; slot: number } // a fixed register written literally
  | { kind: 'value'; name: string; pcrel: boolean } // immediate from field or derived operand
  | { kind: 'mem'; style: 'bracket' | 'paren'; base: OperandTemplate; disp: OperandTemplate | null }
  | { kind: 'prefixed'; prefix: string; inner: OperandTemplate };

export interface OperandValue {
  name: string;
  transform: Transform;
  pcrel: boolean;
}

export interface Variant {
  id: number;
  /** Printed mnemonic (canonical); asm also accepts `aliases`. */
  mnemonic: string;
  aliases: string[];
  operands: OperandTemplate[];
  /** Total length in bytes. */
  length: number;
  tokens: TokenUse[];
  /** Per byte: which bits are fixed and to what. */
  mask: number[];
  match: number[];
  /** Every field of every token this variant uses (bound or not), with the token index. */
  fields: Array<Field & { tokenIndex: number }>;
  /** Derived values (e.g. pc-relative targets). */
  values: OperandValue[];
  /** Fixed field values (for fields constrained to one value), used by the encoder. */
  fixed: Record<string, number>;
  sem: Stmt[];
  /** Does this instruction possibly change control flow (jump, fault, syscall)? */
  control: boolean;
  loc: SourceLoc;
  /** Index of the source `insn` item (variants of one insn share it). */
  insn: number;
}

export type PseudoExpr =
  | { k: 'param'; name: string }
  | { k: 'const'; v: number }
  | { k: 'bin'; op: BinOp; a: PseudoExpr; b: PseudoExpr }
  | { k: 'un'; op: UnOp; a: PseudoExpr }
  | { k: 'sext'; bits: number; a: PseudoExpr }
  | { k: 'slice'; hi: number; lo: number; a: PseudoExpr };

export type PseudoCond =
  | { k: 'const'; param: string }
  | { k: 'fits'; param: string; bits: number; signed: boolean }
  | { k: 'and'; a: PseudoCond; b: PseudoCond }
  | { k: 'true' };

/** One instruction of a pseudo-instruction's expansion, as assembly text pieces. */
export interface PseudoInsn {
  mnemonic: string;
  /** operand templates where values may be computed from params */
  operands: PseudoOperand[];
}

export type PseudoOperand =
  | { kind: 'reg'; param?: string; slot?: number }
  | { kind: 'value'; e: PseudoExpr }
  | { kind: 'mem'; style: 'bracket' | 'paren'; base: PseudoOperand; disp: PseudoOperand | null };

export interface Pseudo {
  mnemonic: string;
  params: Array<{ name: string; kind: 'reg' | 'value' }>;
  /** Alternatives tried in order; the first whose condition holds is used. */
  cases: Array<{ when: PseudoCond; insns: PseudoInsn[] }>;
  /** The disassembler prints this form for a single matching instruction. */
  print: boolean;
  loc: SourceLoc;
}

export interface EnumModel {
  name: string;
  bits: number;
  values: Array<{ value: number; names: string[] }>;
}

export interface AbiModel {
  syscallNumber: number; // state slot
  syscallArgs: number[]; // state slots
  syscallResult: number; // state slot
  calls: Array<{ number: number; name: string }>;
  stackPointer: number; // state slot
}

export interface IsaModel {
  name: string;
  file: string;
  /** sha256 of the spec text; the cache key. */
  hash: string;
  endian: Endian;
  elfMachine: number;
  insnAlign: number;
  maxLength: number;
  registers: Register[];
  files: RegFile[];
  /** lower-case name or alias -> state slot */
  regNames: Record<string, number>;
  enums: EnumModel[];
  variants: Variant[];
  pseudos: Pseudo[];
  abi: AbiModel;
  /** Keywords allowed before operands in syntax (e.g. `byte`). */
  operandPrefixes: string[];
  /** Present when the spec can be a host of the binary translator (a `host` section and `lower` rules). */
  host?: HostModel;
}

// ---- host: register roles and lowering rules (isa-specs/LOWERING.md) ----

/**
 * Names a lowering template may use for the runtime's layout (their values
 * are the code generator's HOST_LAYOUT): service addresses in page zero and
 * offsets from the `base` register.
 */
export const HOST_LAYOUT_NAMES = [
  'DISPATCH', 'FAULT', 'TABLE_OFFSET', 'TABLE_BITS', 'TABLE_ENTRIES', 'TABLE_ENTRY_SIZE',
  'FLAG_OFFSET', 'INDIRECT_COUNT_OFFSET', 'LAZY_OFFSET', 'SPILL_OFFSET', 'TEMP_OFFSET', 'BUDGET',
] as const;

/** A lowering rule's width: the op's working width, or '*' for every width. */
export type LowerWidth = number | '*';

export type LowerPattern =
  /** An op; `width` null: 32 for ops that have a width, ignored for the others. */
  | { k: 'op'; op: string; width: LowerWidth | null; args: LowerPattern[] }
  /** A value in a register. */
  | { k: 'reg'; name: string }
  /** A constant (`#k`): an IR constant, or a constant argument of a block-level rule. */
  | { k: 'const'; name: string }
  /** A code address (`@l`): a branch target. */
  | { k: 'label'; name: string };

/**
 * A constant expression in a template or guard, over the rule's #constants,
 * labels, the HOST_LAYOUT names and `self` (the address of the rule's first
 * instruction). Evaluated in 32-bit arithmetic, as pseudo-instruction values.
 */
export type HostExpr =
  | { k: 'num'; v: number }
  | { k: 'name'; name: string }
  /** op as written in the spec: + - * & | ^ << >>u >>s == != <u <s <=u <=s >u >s >=u >=s && || */
  | { k: 'bin'; op: string; a: HostExpr; b: HostExpr }
  | { k: 'un'; op: '-' | '~' | '!'; a: HostExpr }
  | { k: 'cond'; c: HostExpr; t: HostExpr; f: HostExpr }
  | { k: 'slice'; hi: number; lo: number; a: HostExpr }
  /** sign-extend from `bits` (the width of the argument as written: a slice's, else 32) */
  | { k: 'sext'; bits: number; a: HostExpr }
  /** value fits n bits, signed (-2^(n-1) .. 2^(n-1)-1 as int32) or unsigned (0 .. 2^n-1 as uint32) */
  | { k: 'fits'; signed: boolean; bits: number; a: HostExpr };

/** An operand of a template instruction. */
export type LowerOperand =
  /** A register hole: d, t0.., a register variable of the pattern, or a role (exit, link, base). */
  | { kind: 'reg'; hole: string }
  /** A register written literally (r31). */
  | { kind: 'fixedreg'; slot: number }
  /** A value: a constant expression, or a label (branch target). */
  | { kind: 'value'; e: HostExpr }
  | { kind: 'mem'; style: 'bracket' | 'paren'; base: LowerOperand; disp: LowerOperand | null }
  | { kind: 'prefixed'; prefix: string; inner: LowerOperand };

export interface LowerInsn {
  /** A local label on this instruction (a branch target inside the template). */
  label?: string;
  /** Mnemonic of an instruction or pseudo-instruction of the host. */
  mnemonic: string;
  operands: LowerOperand[];
  /** The template as written (for messages). */
  text: string;
}

export interface LowerRule {
  /** Index in HostModel.rules (declaration order). */
  index: number;
  /** The root op's name (an IR op such as add or load32, or a block-level construct such as exit_direct). */
  name: string;
  /** The pattern; its root is always an op (arguments empty for a bare name). */
  pattern: Extract<LowerPattern, { k: 'op' }>;
  guard: HostExpr | null;
  prio: number;
  /** `=> a;`: the result is the register of pattern variable a (no code). */
  alias?: string;
  insns: LowerInsn[];
  /** Number of temporaries {t0}.. the template uses. */
  temps: number;
  /** file:line:col of the rule. */
  where: string;
}

export interface HostModel {
  /** Guest state slot i lives in host register state[i] (state slots of the host); later slots spill. */
  state: number[];
  /** Scratch registers of the code generator. */
  temps: number[];
  /** Holds the address of the runtime area (lookup table, flag word, spill slots). */
  base: number;
  /** Carries the next guest pc to the runtime. */
  exit: number;
  /** Carries the address of the exit stub that left (0: not chainable). */
  link: number;
  /** Counts down the guest instructions the runtime lets run; a block leaves through BUDGET when it goes negative. */
  count: number;
  rules: LowerRule[];
}
