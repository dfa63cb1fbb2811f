import { describe, expect, it } from 'vitest';
import type { ElfImage } from '../../src/elf/index.js';
import { readElf, writeElf } from '../../src/elf/index.js';
import { XlatError } from '../../src/spec/diagnostic.js';
import { EH, Patcher, sampleImage } from './fixtures.js';

/** The message readElf throws for `bytes`; fails the test if it does not throw an XlatError. */
function readError(bytes: Uint8Array): string {
  try {
    readElf(bytes, 'prog.elf');
  } catch (e) {
    expect(e).toBeInstanceOf(XlatError);
    return (e as XlatError).message;
  }
  throw new Error('readElf accepted a bad file');
}

const SYMTAB = 2;
const STRTAB = 3;

function patched(endian: 'little' | 'big' = 'little', image: ElfImage = sampleImage(endian)): Patcher {
  return new Patcher(writeElf(image));
}

describe('readElf rejects bad files with one clear message', () => {
  it('bad magic', () => {
    expect(readError(new Uint8Array())).toBe('prog.elf: not an ELF file (bad magic)');
    expect(readError(new TextEncoder().encode('#!/bin/sh\n'))).toBe('prog.elf: not an ELF file (bad magic)');
  });

  it('not 32-bit', () => {
    const p = patched();
    p.bytes[4] = 2;
    expect(readError(p.bytes)).toBe('prog.elf: not a 32-bit ELF file (EI_CLASS 2)');
  });

  it('bad byte order', () => {
    const p = patched();
    p.bytes[5] = 3;
    expect(readError(p.bytes)).toBe('prog.elf: bad byte order (EI_DATA 3)');
  });

  it('truncated header', () => {
    expect(readError(writeElf(sampleImage()).subarray(0, 40))).toBe('prog.elf: truncated ELF header (40 bytes)');
  });

  it('wrong version', () => {
    expect(readError(patched().set32(EH.version, 2).bytes)).toMatch(/^prog\.elf: unsupported ELF version/);
  });

  it('not an executable', () => {
    expect(readError(patched().set16(EH.type, 1).bytes)).toBe(
      'prog.elf: not an executable (e_type 1, a relocatable object)',
    );
    expect(readError(patched('big').set16(EH.type, 3).bytes)).toBe(
      'prog.elf: not an executable (e_type 3, a shared object)',
    );
  });

  it('bad header entry sizes', () => {
    expect(readError(patched().set16(EH.phentsize, 56).bytes)).toBe('prog.elf: bad program header entry size 56');
    expect(readError(patched().set16(EH.shentsize, 64).bytes)).toBe('prog.elf: bad section header entry size 64');
    expect(readError(patched().set16(EH.ehsize, 64).bytes)).toBe('prog.elf: bad ELF header size 64');
  });

  it('program header table outside the file', () => {
    const p = patched();
    p.set32(EH.phoff, p.bytes.length - 40);
    expect(readError(p.bytes)).toBe('prog.elf: program header table outside the file');
    expect(readError(patched().set32(EH.phoff, 0xffffffff).bytes)).toBe(
      'prog.elf: program header table outside the file',
    );
  });

  it('no program headers, or none loadable', () => {
    expect(readError(patched().set16(EH.phnum, 0).bytes)).toBe('prog.elf: no program headers');
    const p = patched();
    for (let i = 0; i < 3; i++) p.set32(p.ph(i, 'type'), 4); // PT_NOTE
    expect(readError(p.bytes)).toBe('prog.elf: no loadable (PT_LOAD) segments');
  });

  it('dynamically linked', () => {
    const p = patched();
    p.set32(p.ph(2, 'type'), 3); // PT_INTERP
    expect(readError(p.bytes)).toMatch(/^prog\.elf: dynamically linked/);
  });

  it('segment past the end of the file', () => {
    const p = patched('big');
    p.set32(p.ph(1, 'offset'), p.bytes.length - 1);
    expect(readError(p.bytes)).toBe(
      `prog.elf: segment 1 (file offset 0x${(p.bytes.length - 1).toString(16)}+0x3) extends past the end of the file`,
    );
  });

  it('overlapping segments', () => {
    const p = patched();
    p.set32(p.ph(2, 'vaddr'), 0x1004);
    expect(readError(p.bytes)).toBe('prog.elf: segments 0 and 2 overlap at 0x1004');
  });

  it('filesz larger than memsz', () => {
    const p = patched();
    p.set32(p.ph(1, 'memsz'), 2);
    expect(readError(p.bytes)).toBe('prog.elf: segment 1: filesz 0x3 larger than memsz 0x2');
  });

  it('segment wrapping past 4 GiB', () => {
    const p = patched();
    p.set32(p.ph(2, 'vaddr'), 0xfffffe00);
    expect(readError(p.bytes)).toBe('prog.elf: segment 2 at 0xfffffe00 wraps past 4 GiB');
  });

  it('truncated section header table', () => {
    const file = writeElf(sampleImage());
    expect(readError(file.subarray(0, file.length - 1))).toMatch(
      /^prog\.elf: truncated section header table \(8 headers at 0x[0-9a-f]+\)$/,
    );
  });

  it('section past the end of the file', () => {
    const p = patched();
    p.set32(p.sh(4, 'size'), 0x100000);
    expect(readError(p.bytes)).toMatch(
      /^prog\.elf: section 4 \(file offset 0x[0-9a-f]+\+0x100000\) extends past the end of the file$/,
    );
  });

  it('bad section name offset', () => {
    const p = patched();
    p.set32(p.sh(2, 'name'), 0x9999);
    expect(readError(p.bytes)).toMatch(
      /^prog\.elf: bad string table offset 0x9999 for the name of section 2 \(section 7 \(\.shstrtab\) is 0x[0-9a-f]+ bytes\)$/,
    );
  });

  it('section name table that is not a string table', () => {
    expect(readError(patched().set16(EH.shstrndx, 1).bytes)).toBe(
      'prog.elf: section names: section 1 is not a string table',
    );
    expect(readError(patched().set16(EH.shstrndx, 99).bytes)).toBe(
      'prog.elf: section names: string table index 99 out of range',
    );
  });

  it('unterminated string', () => {
    const p = patched();
    const strtab = p.sectionOfType(STRTAB);
    const end = p.get32(p.sh(strtab, 'offset')) + p.get32(p.sh(strtab, 'size'));
    p.bytes[end - 1] = 0x41; // the last name loses its NUL
    expect(readError(p.bytes)).toMatch(/^prog\.elf: unterminated string at offset 0x[0-9a-f]+ of section 6 \(\.strtab\)/);
  });

  it('overlong name', () => {
    const image = sampleImage();
    image.symbols[0]!.name = 'x'.repeat(1024);
    const p = patched('little', image);
    expect(readElf(p.bytes, 'ok.elf').symbols[0]!.name).toHaveLength(1024);
    const strtab = p.sectionOfType(STRTAB);
    p.bytes[p.get32(p.sh(strtab, 'offset')) + 1 + 1024] = 0x78;
    expect(readError(p.bytes)).toMatch(/^prog\.elf: the name of symbol 1 at offset 0x1 of section 6 \(\.strtab\) is longer than 1024 bytes$/);
  });

  describe('symbol table', () => {
    it('bad entry size and size', () => {
      const p = patched();
      const symtab = p.sectionOfType(SYMTAB);
      expect(readError(p.set32(p.sh(symtab, 'entsize'), 24).bytes)).toBe(
        'prog.elf: section 5 (.symtab): bad entry size 24',
      );
      const q = patched();
      q.set32(q.sh(symtab, 'size'), q.get32(q.sh(symtab, 'size')) - 1);
      expect(readError(q.bytes)).toBe('prog.elf: section 5 (.symtab): size 0x5f is not a whole number of entries');
    });

    it('bad link to its string table', () => {
      const p = patched();
      const symtab = p.sectionOfType(SYMTAB);
      expect(readError(p.set32(p.sh(symtab, 'link'), 1).bytes)).toBe(
        'prog.elf: section 5 (.symtab): section 1 (.text) is not a string table',
      );
    });

    it('two symbol tables', () => {
      const p = patched();
      p.set32(p.sh(4, 'type'), SYMTAB);
      expect(readError(p.bytes)).toBe(
        'prog.elf: more than one symbol table (section 4 (.xlat.map) and section 5 (.symtab))',
      );
    });

    it('locals and globals on the wrong side of sh_info', () => {
      const p = patched();
      const symtab = p.sectionOfType(SYMTAB);
      p.set32(p.sh(symtab, 'info'), 2);
      expect(readError(p.bytes)).toBe(
        'prog.elf: symbol 2 (table): local symbol on the wrong side of sh_info 2 in section 5 (.symtab)',
      );
      p.set32(p.sh(symtab, 'info'), 99);
      expect(readError(p.bytes)).toBe('prog.elf: section 5 (.symtab): first global index 99 is past its 6 entries');
    });

    /** Patches byte `field` of symbol `i`'s entry. */
    function symbolPatch(field: number, value: number, width: 8 | 16 = 8): string {
      const p = patched();
      const symtab = p.sectionOfType(SYMTAB);
      const at = p.get32(p.sh(symtab, 'offset')) + 1 * 16 + field;
      if (width === 8) p.bytes[at] = value;
      else p.set16(at, value);
      return readError(p.bytes);
    }

    it('bad type, binding and section', () => {
      expect(symbolPatch(12, 0x06)).toBe('prog.elf: symbol 1 (loop): unsupported symbol type 6');
      expect(symbolPatch(12, 0x30)).toBe('prog.elf: symbol 1 (loop): unsupported binding 3');
      expect(symbolPatch(14, 0xfff2, 16)).toBe('prog.elf: symbol 1 (loop): unsupported section index 0xfff2');
      expect(symbolPatch(14, 300, 16)).toBe('prog.elf: symbol 1 (loop): section index 300 out of range');
      expect(symbolPatch(0, 0x7f)).toMatch(/^prog\.elf: bad string table offset 0x7f for the name of symbol 1 /);
    });
  });

  describe('accepts what another writer may leave in a valid executable', () => {
    const symPatched = (field: number, value: number, width: 8 | 16 = 8) => {
      const p = patched();
      const symtab = p.sectionOfType(SYMTAB);
      const at = p.get32(p.sh(symtab, 'offset')) + 1 * 16 + field;
      if (width === 8) p.bytes[at] = value;
      else p.set16(at, value);
      return readElf(p.bytes, 'prog.elf');
    };

    it('an undefined symbol (a weak reference, say) is left out', () => {
      const img = symPatched(14, 0, 16);
      expect(img.symbols.map((s) => s.name)).not.toContain('loop');
      expect(img.symbols.map((s) => s.name)).toContain('_start');
    });

    it('a symbol in a section that is not loaded is left out', () => {
      expect(symPatched(14, 4, 16).symbols.map((s) => s.name)).not.toContain('loop'); // section 4: .xlat.map
    });

    it('a symbol in an allocated section no segment holds (an empty .bss kept) is kept as absolute', () => {
      const p = patched();
      const symtab = p.sectionOfType(SYMTAB);
      const bss = 3 + 0; // the section index of .bss: after the null section, .text and .data
      expect(p.get32(p.sh(bss, 'type'))).toBe(8); // SHT_NOBITS
      p.set32(p.sh(bss, 'addr'), 0x5000); // outside every segment
      const at = p.get32(p.sh(symtab, 'offset')) + 3 * 16; // symbol 3: buf
      p.set32(at + 4, 0x5000);
      const buf = readElf(p.bytes, 'prog.elf').symbols.find((s) => s.name === 'buf');
      expect(buf).toEqual({ name: 'buf', value: 0x5000, size: 0x400, kind: 'object', global: false });
    });

    it('a segment with no file bytes may have any offset, even past the end of the file', () => {
      const p = patched();
      p.set32(p.ph(3, 'offset'), p.bytes.length + 0x1000); // .bss
      const img = readElf(p.bytes, 'prog.elf');
      expect(img.segments.find((s) => s.name === '.bss')).toMatchObject({ vaddr: 0x3000, memSize: 0x400 });
    });
  });

  it('duplicate segment names', () => {
    const p = patched();
    p.set32(p.sh(2, 'name'), p.get32(p.sh(1, 'name')));
    expect(readError(p.bytes)).toBe('prog.elf: two segments are called .text');
  });
});

describe('readElf tolerates what an executable may lack', () => {
  it('no section headers at all', () => {
    const p = patched('big');
    p.set16(EH.shnum, 0).set32(EH.shoff, 0).set16(EH.shstrndx, 0);
    const image = readElf(p.bytes, 'stripped.elf');
    expect(image.segments.map((s) => s.name)).toEqual(['seg0', 'seg1', 'seg2']);
    expect(image.segments.map((s) => s.data)).toEqual(sampleImage('big').segments.map((s) => s.data));
    expect(image.symbols).toEqual([]);
    expect(image.notes).toEqual([]);
    expect(image.machine).toBe(0x5332);
  });

  it('no symbol table', () => {
    const p = patched();
    p.set32(p.sh(5, 'type'), 0); // .symtab becomes SHT_NULL
    const image = readElf(p.bytes, 'a.elf');
    expect(image.symbols).toEqual([]);
    expect(image.segments.map((s) => s.name)).toEqual(['.text', '.data', '.bss']);
    expect(image.notes.map((n) => n.name)).toEqual(['.xlat.map']);
  });

  it('returns any machine number unchecked', () => {
    expect(readElf(patched().set16(EH.machine, 0x1234).bytes, 'a.elf').machine).toBe(0x1234);
  });

  it('symbols in a section that covers part of a segment', () => {
    const p = patched();
    // Shrink .text's section so it no longer describes the segment exactly.
    p.set32(p.sh(1, 'size'), 2);
    p.set32(p.sh(1, 'addr'), 0x1002);
    const image = readElf(p.bytes, 'a.elf');
    expect(image.segments[0]!.name).toBe('seg0');
    expect(image.symbols.find((s) => s.name === '_start')!.section).toBe('seg0');
  });
});

describe('writeElf rejects images it could not read back', () => {
  const seg = (name: string, vaddr: number, memSize: number, data = new Uint8Array()) => ({
    name,
    vaddr,
    flags: { r: true, w: true, x: false },
    data,
    memSize,
  });
  const cases: Array<[string, (i: ElfImage) => void, RegExp]> = [
    ['no segments', (i) => (i.segments = []), /no segments/],
    ['overlap', (i) => i.segments.push(seg('.x', 0x2008, 4)), /segments \.data and \.x overlap at 0x2008/],
    ['data beyond memSize', (i) => (i.segments[0]!.memSize = 2), /segment \.text: more data than memory size/],
    ['wrap', (i) => i.segments.push(seg('.hi', 0xffffff00, 0x200)), /segment \.hi at 0xffffff00 wraps past 4 GiB/],
    ['unknown symbol section', (i) => (i.symbols[0]!.section = '.nope'), /symbol loop: no segment called \.nope/],
    ['duplicate name', (i) => (i.notes[0]!.name = '.data'), /two sections are called \.data/],
    ['reserved name', (i) => (i.notes[0]!.name = '.symtab'), /may not be called \.symtab/],
    ['NUL in a name', (i) => (i.symbols[0]!.name = 'a\0b'), /contains a NUL/],
    ['bad address', (i) => (i.segments[0]!.vaddr = -1), /bad address/],
    ['bad machine', (i) => (i.machine = 0x10000), /bad machine number/],
  ];
  for (const [what, spoil, message] of cases) {
    it(what, () => {
      const image = sampleImage();
      spoil(image);
      expect(() => writeElf(image)).toThrow(XlatError);
      expect(() => writeElf(image)).toThrow(message);
    });
  }
});
