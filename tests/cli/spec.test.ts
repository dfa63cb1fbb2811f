// Contract 6: `xlat spec check` and `xlat isas`, including a user ISA found
// through XLAT_SPEC_PATH that the whole tool chain (asm, disasm, run) works on.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { SPECS, lines, readElf32, stackTraceLines, tempDir, xlatAsync } from '../fixtures/cli.js';

const tmp = tempDir('xlat-cli-spec-');
afterAll(() => tmp.cleanup());

/** A tiny ISA: four registers, 16-bit instructions, li / add / sys. */
const TOY = `# toy: a tiny ISA for the CLI tests.
isa toy {
  endian little;
  elf_machine 0x7479;
  insn_align 2;
}

regfile r : 32 = r0 .. r3;

token w : 16 {
  op = 15:12;
  rd = 11:10 : r;
  rs = 9:8 : r;
  imm = 7:0;
}

insn "li {rd}, {imm}" : op = 1 & rd & imm { rd = zext(imm, 32); }
insn "add {rd}, {rs}" : op = 2 & rd & rs { rd = rd + rs; }
insn "sys" : op = 15 { syscall; }

abi {
  syscall number r0 args r1, r2, r3 result r0;
  call exit = 1;
  call write = 4;
  stack r3;
}
`;

/** exit(40 + 2) */
const TOY_PROG = `.isa toy
_start:
  li r1, 40
  li r2, 2
  add r1, r2
  li r0, 1
  sys
`;

/**
 * A spec with three problems the loader must all report, each at its place:
 * line 17 an unknown name, line 18 a width mismatch (8 bits into a 32-bit
 * register), line 19 an encoding that overlaps line 16's.
 */
const BROKEN = `isa broken {
  endian little;
  elf_machine 0x7480;
  insn_align 2;
}

regfile r : 32 = r0 .. r3;

token w : 16 {
  op = 15:12;
  rd = 11:10 : r;
  imm = 7:0;
}

# problems below
insn "li {rd}, {imm}" : op = 1 & rd & imm { rd = zext(imm, 32); }
insn "bad1 {rd}" : op = 2 & rd { rd = nosuchthing; }
insn "bad2 {rd}" : op = 3 & rd { rd = imm[7:0]; }
insn "lj {rd}, {imm}" : op = 1 & rd & imm { rd = zext(imm, 32); }
insn "sys" : op = 15 { syscall; }

abi {
  syscall number r0 args r1, r2, r3 result r0;
  call exit = 1;
  stack r3;
}
`;

/** A syntax error on line 4 (column 26: the missing expression). */
const SYNTAX = `isa syn {
  endian little;
}
insn "x" : op = 1 { r0 = ; }
`;

const toyDir = join(tmp.dir, 'toy-specs');
const brokenDir = join(tmp.dir, 'broken-specs');
const toySpec = join(toyDir, 'toy.isa');
const brokenSpec = join(brokenDir, 'broken.isa');
const syntaxSpec = join(brokenDir, 'syn.isa');
const toyProg = join(tmp.dir, 'toy-prog.s');

beforeAll(() => {
  mkdirSync(toyDir);
  mkdirSync(brokenDir);
  writeFileSync(toySpec, TOY);
  writeFileSync(brokenSpec, BROKEN);
  writeFileSync(syntaxSpec, SYNTAX);
  writeFileSync(toyProg, TOY_PROG);
});

const withToy = { env: { XLAT_SPEC_PATH: toyDir } };

describe.concurrent('xlat spec check', () => {
  for (const isa of ['cisc32', 'risc32']) {
    it(`isa-specs/${isa}.isa: prints an ok line and exits 0`, async ({ expect }) => {
      const r = await xlatAsync(['spec', 'check', `isa-specs/${isa}.isa`]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = lines(r.stdout);
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(new RegExp(`^isa-specs/${isa}\\.isa: ok\\b`));
      expect(out[0]).toContain(`ISA ${isa}`);
    });
  }

  it('accepts an ISA name as well as a path', async ({ expect }) => {
    const r = await xlatAsync(['spec', 'check', 'risc32']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/: ok\b/);
  });

  it('accepts an absolute path from another working directory', async ({ expect }) => {
    const r = await xlatAsync(['spec', 'check', join(SPECS, 'cisc32.isa')], { cwd: tmp.dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/cisc32\.isa: ok\b/);
  });

  it('reports every problem of a broken spec with file:line:col, and exits 1', async ({ expect }) => {
    const r = await xlatAsync(['spec', 'check', brokenSpec]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(stackTraceLines(r.stderr)).toEqual([]);
    const err = lines(r.stderr);
    for (const l of err) expect(l).toMatch(/^xlat: .+:\d+:\d+: \S/);
    const at = (line: number) => err.filter((l) => l.startsWith(`xlat: ${brokenSpec}:${line}:`));
    expect(at(17), 'unknown name on line 17').toHaveLength(1);
    expect(at(17)[0]).toMatch(/unknown name.*nosuchthing/);
    expect(at(17)[0]).toMatch(new RegExp(`:17:39: `));
    expect(at(18), 'width mismatch on line 18').toHaveLength(1);
    expect(at(18)[0]).toMatch(/width/);
    expect(at(19), 'overlap on line 19').toHaveLength(1);
    expect(at(19)[0]).toMatch(/overlap/);
    expect(at(19)[0]).toContain(':16:'); // names the encoding it overlaps
    expect(err).toHaveLength(3);
  });

  it('reports a syntax error in another file with file:line:col, and exits 1', async ({ expect }) => {
    const r = await xlatAsync(['spec', 'check', syntaxSpec]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^xlat: ${syntaxSpec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:26: .*syntax error`));
  });

  it('reports the problems of a spec used through XLAT_SPEC_PATH when a program needs it', async ({ expect }) => {
    const prog = join(tmp.dir, 'broken-prog.s');
    writeFileSync(prog, '.isa broken\nli r0, 1\n');
    const r = await xlatAsync(['run', prog], { env: { XLAT_SPEC_PATH: brokenDir } });
    expect(r.status).not.toBe(0);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.stderr).toContain(`${brokenSpec}:17:39`);
  });
});

describe.concurrent('xlat isas', () => {
  it('lists cisc32 and risc32 with their ELF machines', async ({ expect }) => {
    const r = await xlatAsync(['isas']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const rows = lines(r.stdout);
    expect(rows.find((l) => /^cisc32\s/.test(l))).toMatch(/0x4332/);
    expect(rows.find((l) => /^risc32\s/.test(l))).toMatch(/0x5232/);
    expect(rows.some((l) => /^toy\s/.test(l))).toBe(false);
  });

  it('lists a spec found through XLAT_SPEC_PATH (toy)', async ({ expect }) => {
    const r = await xlatAsync(['isas'], withToy);
    expect(r.status).toBe(0);
    const rows = lines(r.stdout);
    expect(rows.some((l) => /^cisc32\s/.test(l))).toBe(true);
    expect(rows.some((l) => /^risc32\s/.test(l))).toBe(true);
    expect(rows.find((l) => /^toy\s/.test(l))).toMatch(/0x7479/);
  });

  it('searches every folder of XLAT_SPEC_PATH, skipping missing ones', async ({ expect }) => {
    const r = await xlatAsync(['isas'], { env: { XLAT_SPEC_PATH: [join(tmp.dir, 'missing'), toyDir].join(delimiter) } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^toy\s/m);
  });

  it('still lists the good ISAs when a folder holds a broken spec', async ({ expect }) => {
    const r = await xlatAsync(['isas'], { env: { XLAT_SPEC_PATH: [brokenDir, toyDir].join(delimiter) } });
    expect(r.status).toBe(0);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.stdout).toMatch(/^toy\s/m);
    expect(r.stdout).toMatch(/^cisc32\s/m);
    expect(r.stdout).toMatch(/^broken\s.*broken/m);
  });
});

describe.concurrent('a user ISA through XLAT_SPEC_PATH (toy)', () => {
  it('spec check toy: ok', async ({ expect }) => {
    const r = await xlatAsync(['spec', 'check', 'toy'], withToy);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/toy\.isa: ok\b/);
  });

  it('xlat run works on a toy source (exit status 42)', async ({ expect }) => {
    const r = await xlatAsync(['run', toyProg], withToy);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(42);
  });

  it('xlat run --isa toy works on a source without .isa', async ({ expect }) => {
    const prog = join(tmp.dir, 'toy-noisa.s');
    writeFileSync(prog, TOY_PROG.replace('.isa toy\n', ''));
    const r = await xlatAsync(['run', '--isa', 'toy', prog], withToy);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(42);
  });

  it('asm writes a toy ELF (e_machine 0x7479) that run and disasm find the ISA of', async ({ expect }) => {
    const elf = join(tmp.dir, 'toy.elf');
    const a = await xlatAsync(['asm', toyProg, '-o', elf], withToy);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(readElf32(readFileSync(elf)).machine).toBe(0x7479);
    const r = await xlatAsync(['run', elf], withToy);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(42);
    const d = await xlatAsync(['disasm', elf], withToy);
    expect(d.status).toBe(0);
    expect(d.stdout).toMatch(/^00001000 <_start>:$/m);
    expect(d.stdout).toMatch(/^\s+1000:\s+28 14\s+li r1, 0x28$/m);
    expect(d.stdout).toMatch(/^\s+1004:\s+00 26\s+add r1, r2$/m);
  });

  it('--trace shows the toy registers', async ({ expect }) => {
    const r = await xlatAsync(['run', '--trace', toyProg], withToy);
    expect(r.status).toBe(42);
    const err = lines(r.stderr);
    expect(err).toHaveLength(5);
    expect(err[2]).toMatch(/^0x00001004: add r1, r2\s+r1=0x0000002a$/);
  });

  it('without XLAT_SPEC_PATH the toy ISA is unknown: one clear error', async ({ expect }) => {
    const r = await xlatAsync(['run', toyProg]);
    expect(r.status).not.toBe(0);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^xlat: .*toy/);
  });
});
