// A tiny made-up ISA back end for testing the ISA-independent front end:
//   nop          90
//   j e          EB rel8 | E9 rel32        (pc-relative to the next instruction)
//   jr e         E2 rel8                   (one form only: out of reach is an error)
//   k e          6A imm8 | 68 imm32        (immediate, shortest that holds it)
//   p e          01 imm8 | 02 imm16 | 03 imm32
//   op ...       FF, and records its operands in `seen`
// Registers r0-r7, sp, s0; prefix `byte`; `rep` joins the next word.

import { errorAt } from '../../src/spec/diagnostic.js';
import type { AsmIsa } from '../../src/asm/assemble.js';
import type { Evaluator, Expr, Form, Operand, Slot } from '../../src/asm/types.js';
import type { SourceLoc } from '../../src/spec/diagnostic.js';

export interface FakeIsa extends AsmIsa {
  seen: Array<{ mnemonic: string; operands: Operand[] }>;
}

function fixed(bytes: number[]): Form {
  return { length: bytes.length, fits: () => null, encode: () => Uint8Array.from(bytes) };
}

function le(v: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (v >>> (8 * i)) & 0xff);
}

function inRange(v: number, bits: number): boolean {
  return v >= -(2 ** (bits - 1)) && v < 2 ** (bits - 1);
}

/** A form holding one value of `bits` bits after `opcode`; pc-relative if `rel`. */
function valueForm(opcode: number, bits: number, e: Expr, rel: boolean): Form {
  const length = 1 + bits / 8;
  const value = (v: number, addr: number): number => (rel ? v - (addr + length) : v);
  return {
    length,
    fits(ev: Evaluator, addr: number) {
      const v = ev.eval(e);
      if (v === undefined) return null;
      return inRange(value(v, addr), bits) ? null : `does not fit ${bits} bits`;
    },
    encode(ev: Evaluator, addr: number) {
      const v = value(ev.evalFinal(e), addr);
      if (!inRange(v, bits)) throw errorAt(e.loc, `${rel ? 'target' : 'value'} out of reach (${v})`);
      return Uint8Array.from([opcode, ...le(v, bits / 8)]);
    },
  };
}

function immOf(mnemonic: string, operands: Operand[], loc: SourceLoc): Expr {
  const [op] = operands;
  if (operands.length !== 1 || op!.kind !== 'imm') throw errorAt(loc, `${mnemonic} takes one immediate operand`);
  return op.expr;
}

export function fakeIsa(endian: 'little' | 'big' = 'little'): FakeIsa {
  const seen: FakeIsa['seen'] = [];
  return {
    name: 'fake',
    endian,
    elfMachine: 0x4655,
    seen,
    isRegister: (n) => /^r[0-7]$/.test(n) || n === 'sp' || n === 's0',
    operandPrefixes: ['byte'],
    mnemonicPrefixes: ['rep'],
    plan(mnemonic, operands, loc, ev): Slot[] {
      switch (mnemonic) {
        case 'nop':
          return [{ forms: [fixed([0x90])], loc }];
        case 'rep movs':
          return [{ forms: [fixed([0xf3, 0xa4])], loc }];
        case 'j': {
          const e = immOf(mnemonic, operands, loc);
          return [{ forms: [valueForm(0xeb, 8, e, true), valueForm(0xe9, 32, e, true)], loc }];
        }
        case 'jr':
          return [{ forms: [valueForm(0xe2, 8, immOf(mnemonic, operands, loc), true)], loc }];
        case 'k': {
          const e = immOf(mnemonic, operands, loc);
          return [{ forms: [valueForm(0x6a, 8, e, false), valueForm(0x68, 32, e, false)], loc }];
        }
        case 'p': {
          const e = immOf(mnemonic, operands, loc);
          return [{ forms: [valueForm(1, 8, e, false), valueForm(2, 16, e, false), valueForm(3, 32, e, false)], loc }];
        }
        case 'twice': {
          // A pseudo-instruction: as many nops as its constant operand says (plan-time evaluation).
          const e = immOf(mnemonic, operands, loc);
          if (!ev.isConstant(e)) throw errorAt(e.loc, 'twice needs a constant');
          return Array.from({ length: ev.evalFinal(e) }, () => ({ forms: [fixed([0x90])], loc }));
        }
        case 'op':
          seen.push({ mnemonic, operands });
          return [{ forms: [fixed([0xff])], loc }];
        default:
          throw errorAt(loc, `unknown instruction '${mnemonic}'`);
      }
    },
  };
}
