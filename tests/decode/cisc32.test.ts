// cisc32: byte strings assembled by hand from the manual (§2-3), decoded and
// printed.

import { describe, expect, it } from 'vitest';
import { fieldValue } from '../../src/decode/decoder.js';
import { bytes, decodeAll, load, textOf } from './helpers.js';

const cisc = await load('cisc32');
const t = (hex: string, addr = 0x1000, sym?: (a: number) => string | undefined): string => textOf(cisc, bytes(hex), addr, sym);

describe('cisc32 decode: exact forms', () => {
  it('decodes add r/m, reg with its fields', () => {
    const d = decodeAll(cisc, bytes('01 C8'));
    const v = cisc.isa.variants[d.variant];
    expect(v.mnemonic).toBe('add');
    expect(d.length).toBe(2);
    expect(fieldValue(d, v, 'mod')).toBe(3);
    expect(fieldValue(d, v, 'reg')).toBe(1);
    expect(fieldValue(d, v, 'rm')).toBe(0);
    expect(d.values).toEqual([]);
    expect(t('01 C8')).toBe('add r0, r1');
  });

  it('sign-extends imm8 (83 /0 ib)', () => {
    const d = decodeAll(cisc, bytes('83 C0 FF'));
    const v = cisc.isa.variants[d.variant];
    expect(fieldValue(d, v, 'sb')).toBe(-1);
    expect(fieldValue(d, v, 'ib')).toBe(255); // the unsigned view of the same bits
    expect(d.values).toEqual([-1]);
    expect(t('83 C0 FF')).toBe('add r0, -1');
    expect(t('83 F8 02')).toBe('cmp r0, 2');
    expect(t('83 EC 10')).toBe('sub r4, 0x10');
  });

  it('reads memory operands with disp8 and disp32', () => {
    expect(t('8B 43 10')).toBe('mov r0, [r3 + 0x10]');
    expect(t('8B 83 00 01 00 00')).toBe('mov r0, [r3 + 0x100]');
    expect(t('8B 43 FC')).toBe('mov r0, [r3 - 4]');
    expect(t('8B 43 F0')).toBe('mov r0, [r3 - 0x10]');
    expect(t('8B 83 00 00 00 80')).toBe('mov r0, [r3 - 0x80000000]');
    expect(t('8B 03')).toBe('mov r0, [r3]');
    expect(t('89 45 FC')).toBe('mov [r5 - 4], r0');
    // No rm value is special: r4 and r5 are plain bases.
    expect(t('8B 04')).toBe('mov r0, [r4]');
    expect(t('8B 05')).toBe('mov r0, [r5]');
    const d = decodeAll(cisc, bytes('8B 83 00 01 00 00'));
    expect(d.length).toBe(6);
    expect(d.values).toEqual([0x100]);
  });

  it('decodes every ALU operation in all four encodings', () => {
    const ops = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
    ops.forEach((op, k) => {
      const h = (n: number) => n.toString(16).padStart(2, '0');
      expect(t(`${h(8 * k + 1)} D9`)).toBe(`${op} r1, r3`);
      expect(t(`${h(8 * k + 3)} 0E`)).toBe(`${op} r1, [r6]`);
      expect(t(`83 ${h(0xc0 | (k << 3) | 2)} 07`)).toBe(`${op} r2, 7`);
      expect(t(`81 ${h(0x40 | (k << 3) | 2)} 08 78 56 34 12`)).toBe(`${op} [r2 + 8], 0x12345678`);
    });
  });

  it('prints a 32-bit immediate as its int32 value', () => {
    expect(t('81 C0 FF FF FF FF')).toBe('add r0, -1');
    expect(t('B8 78 56 34 12')).toBe('mov r0, 0x12345678');
    expect(t('BB 14 00 00 00')).toBe('mov r3, 0x14');
    expect(t('C7 C0 05 00 00 00')).toBe('mov r0, 5');
    expect(t('C7 46 04 00 00 00 80')).toBe('mov [r6 + 4], -0x80000000');
    expect(t('C7 C8 05 00 00 00')).toBe('(illegal)'); // C7 /1
  });

  it('decodes test, not, neg, inc, dec, push, pop', () => {
    expect(t('85 C0')).toBe('test r0, r0');
    expect(t('F7 C1 01 00 00 00')).toBe('test r1, 1');
    expect(t('F7 D0')).toBe('not r0');
    expect(t('F7 1B')).toBe('neg [r3]');
    expect(t('F7 C8')).toBe('(illegal)'); // F7 /1
    expect(t('40')).toBe('inc r0');
    expect(t('4F')).toBe('dec r7');
    expect(t('54')).toBe('push r4');
    expect(t('5D')).toBe('pop r5');
    expect(t('6A FF')).toBe('push -1');
    expect(t('68 00 01 00 00')).toBe('push 0x100');
  });

  it('decodes lea, and rejects lea with mod=3', () => {
    expect(t('8D 43 08')).toBe('lea r0, [r3 + 8]');
    expect(t('8D 00')).toBe('lea r0, [r0]');
    expect(t('8D C0')).toBe('(illegal)');
  });

  it('prints the byte forms with their prefix', () => {
    expect(t('0F B6 03')).toBe('movzx r0, byte [r3]');
    expect(t('0F BE C1')).toBe('movsx r0, byte r1');
    expect(t('88 0E')).toBe('mov byte [r6], r1');
    expect(t('88 C8')).toBe('mov byte r0, r1');
  });

  it('decodes shifts, and rejects C1 /2, /3, /6', () => {
    expect(t('C1 E0 05')).toBe('shl r0, 5');
    expect(t('C1 C0 FF')).toBe('rol r0, 0xff');
    expect(t('C1 F8 1F')).toBe('sar r0, 0x1f');
    expect(t('D3 E8')).toBe('shr r0, r1');
    expect(t('D3 0B')).toBe('ror [r3], r1');
    expect(t('C1 D0 01')).toBe('(illegal)');
    expect(t('C1 D8 01')).toBe('(illegal)');
    expect(t('C1 F0 01')).toBe('(illegal)');
    expect(t('D3 D0')).toBe('(illegal)');
  });

  it('decodes multiply and divide', () => {
    expect(t('0F AF C1')).toBe('imul r0, r1');
    expect(t('0F F0 C1')).toBe('divs r0, r1');
    expect(t('0F F1 41 04')).toBe('divu r0, [r1 + 4]');
    expect(t('0F F2 C1')).toBe('rems r0, r1');
    expect(t('0F F3 CA')).toBe('remu r1, r2');
  });

  it('computes pc-relative targets from the next instruction', () => {
    const d = decodeAll(cisc, bytes('0F 84 10 00 00 00'), 0x1000);
    expect(d.values).toEqual([0x1016]);
    expect(t('0F 84 10 00 00 00')).toBe('je 0x1016');
    expect(t('74 FE')).toBe('je 0x1000');
    expect(t('EB 00')).toBe('jmp 0x1002');
    expect(t('E9 FB FF FF FF')).toBe('jmp 0x1000');
    expect(t('E8 00 00 00 00')).toBe('call 0x1005');
    expect(t('E2 FE')).toBe('loop 0x1000');
    // Wraps modulo 2^32.
    expect(t('EB FD', 0)).toBe('jmp 0xffffffff');
  });

  it('prints a target as a symbol only where a symbol is exactly there', () => {
    const sym = (a: number) => (a === 0x1016 ? 'done' : undefined);
    expect(t('0F 84 10 00 00 00', 0x1000, sym)).toBe('je done');
    expect(t('0F 84 11 00 00 00', 0x1000, sym)).toBe('je 0x1017');
  });

  it('prints canonical condition names', () => {
    const names = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', null, null, 'l', 'ge', 'le', 'g'];
    names.forEach((cc, i) => {
      const h = i.toString(16);
      if (cc === null) {
        expect(t(`7${h} 00`)).toBe('(illegal)');
        expect(t(`0F 8${h} 00 00 00 00`)).toBe('(illegal)');
        expect(t(`0F 9${h} C0`)).toBe('(illegal)');
        expect(t(`0F 4${h} C1`)).toBe('(illegal)');
      } else {
        expect(t(`7${h} 00`)).toBe(`j${cc} 0x1002`);
        expect(t(`0F 8${h} 00 00 00 00`)).toBe(`j${cc} 0x1006`);
        expect(t(`0F 9${h} C3`)).toBe(`set${cc} r3`);
        expect(t(`0F 4${h} C1`)).toBe(`cmov${cc} r0, r1`);
      }
    });
  });

  it('decodes set<cc> only with mod=3 and reg=0', () => {
    expect(t('0F 90 C0')).toBe('seto r0');
    expect(t('0F 90 00')).toBe('(illegal)');
    expect(t('0F 90 40 00')).toBe('(illegal)');
    expect(t('0F 90 80 00 00 00 00')).toBe('(illegal)');
    expect(t('0F 94 C8')).toBe('(illegal)'); // reg = 1
  });

  it('decodes indirect calls and jumps', () => {
    expect(t('FF D0')).toBe('call r0');
    expect(t('FF 10')).toBe('call [r0]');
    expect(t('FF 20')).toBe('jmp [r0]');
    expect(t('FF 63 08')).toBe('jmp [r3 + 8]');
    expect(t('FF E3')).toBe('jmp r3');
    expect(t('FF C0')).toBe('(illegal)'); // FF /0
  });

  it('decodes string, system and single-byte instructions', () => {
    expect(t('F3 A4')).toBe('rep movsb');
    expect(t('F3 AA')).toBe('rep stosb');
    expect(t('F3 A5')).toBe('(illegal)');
    expect(t('90')).toBe('nop');
    expect(t('C3')).toBe('ret');
    expect(t('CC')).toBe('brk');
    expect(t('0F 05')).toBe('syscall');
    expect(t('0F 0B')).toBe('ud');
  });

  it('rejects bytes the manual does not list', () => {
    for (const h of ['7A 00', '7B 00', '00 C0', '02 C0', '05', '0F FF', '0F 00', 'F3', 'FF FF', 'D3 F0', '8F 00']) {
      expect(t(h), h).toMatch(/^\(illegal\)$|^\(short/);
    }
    for (const h of ['7A 00', '7B 00', '00 C0', '05', '0F FF C0', 'FF F8']) expect(t(h), h).toBe('(illegal)');
  });
});

describe('cisc32 decode: fetches that end early', () => {
  const run = (hex: string, avail: number) => cisc.dec.decode(bytes(hex), 0, avail, 0x1000);

  it('is short when the decision needs a byte past the end', () => {
    expect(run('0F', 1)).toEqual({ kind: 'short', need: 2 });
    expect(run('0F 84', 1)).toEqual({ kind: 'short', need: 2 });
    expect(run('', 0)).toEqual({ kind: 'short', need: 1 });
  });

  it('is short when the instruction runs past the end', () => {
    expect(run('83 C0', 2)).toEqual({ kind: 'short', need: 3 });
    expect(run('8B 43', 2)).toEqual({ kind: 'short', need: 3 });
    expect(run('0F 84 10 00 00 00', 5)).toEqual({ kind: 'short', need: 6 });
    expect(run('C7 80 00 00 00 00 00 00 00 00', 9)).toEqual({ kind: 'short', need: 10 });
  });

  it('is illegal, not short, when the available bytes already rule out every instruction', () => {
    expect(run('05', 1)).toBeNull();
    expect(run('8D C0', 2)).toBeNull();
    expect(run('0F 9A', 2)).toBeNull(); // cc 10
    expect(run('0F 90', 2)).toEqual({ kind: 'short', need: 3 }); // the ModRM byte decides
    expect(run('C1 D0', 2)).toBeNull();
  });

  it('decodes an instruction that ends exactly at the end', () => {
    expect(run('83 C0 FF', 3)).toMatchObject({ length: 3 });
    expect(run('83 C0 FF 90 90', 3)).toMatchObject({ length: 3 });
  });

  it('reads at an offset into the buffer', () => {
    const b = bytes('90 90 01 C8 C3');
    const d = cisc.dec.decode(b, 2, 3, 0x2000);
    expect(d).toMatchObject({ length: 2 });
  });
});
