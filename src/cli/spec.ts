// `xlat spec check` and `xlat isas`.

import { relative } from 'node:path';
import { assemble } from '../asm/index.js';
import { isaAssembler } from '../asm/backend.js';
import { buildDecoder, formatInsn } from '../decode/index.js';
import {
  XlatErrors, compileSpec, fieldFits, fieldIntoToken, findSpecs, formatLoc, loadIsa, tokenValue, writeToken,
  type IsaModel, type OperandTemplate, type Variant,
} from '../spec/index.js';
import { readFileSync } from 'node:fs';
import { instanceKey } from '../spec/instance.js';
import { XlatError } from '../spec/index.js';

const BASE = 0x1000;

/** Bytes of one instance of a variant: registers 1, 2, ...; values small but not trivial. */
function sampleBytes(isa: IsaModel, v: Variant): Uint8Array {
  const bytes = new Uint8Array(v.match);
  // Only fields the syntax shows are operands; others are fixed or ignored bits.
  const used = new Set<string>(v.values.map((x) => fieldOf(x.transform)));
  const walk = (o: OperandTemplate | null): void => {
    if (!o) return;
    if (o.kind === 'reg') used.add(o.field);
    else if (o.kind === 'mem') {
      walk(o.base);
      walk(o.disp);
    } else if (o.kind === 'prefixed') walk(o.inner);
  };
  v.operands.forEach(walk);
  let reg = 1;
  for (const f of v.fields) {
    if (!used.has(f.name) || f.name in v.fixed) continue;
    let value: number;
    if (f.regFile) value = reg++;
    else if (f.bits >= 16) value = f.signed ? 0x345 : 0x1234;
    else value = f.signed ? Math.min(0x12, 2 ** (f.bits - 1) - 1) : Math.min(0x12, 2 ** f.bits - 1);
    if (!fieldFits(f, value)) value = 0;
    const tok = v.tokens[f.tokenIndex];
    const tv = tokenValue(bytes, 0, tok, isa.endian);
    writeToken(bytes, tok, fieldIntoToken(tv, f, value), isa.endian);
  }
  return bytes;
}

function fieldOf(t: Variant['values'][number]['transform']): string {
  return t.kind === 'field' ? t.field : fieldOf(t.arg);
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

export async function specCheckCommand(fileOrName: string): Promise<string> {
  const path = fileOrName.endsWith('.isa') ? fileOrName : findSpecs().get(fileOrName);
  if (!path) throw new XlatError(`unknown ISA or spec file '${fileOrName}'`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new XlatError(`${path}: cannot read spec file`);
  }
  const isa = await compileSpec(text, path);
  const decoder = buildDecoder(isa);
  const backend = isaAssembler(isa);
  const problems: string[] = [];
  for (const v of isa.variants) {
    const bytes = sampleBytes(isa, v);
    const d = decoder.decode(bytes, 0, bytes.length, BASE);
    const where = `${formatLoc(v.loc)}: '${v.mnemonic}' (${hex(bytes)})`;
    if (d === null || 'kind' in d) {
      problems.push(`${where} does not decode`);
      continue;
    }
    if (d.variant !== v.id) {
      problems.push(`${where} decodes as another form, '${isa.variants[d.variant].mnemonic}' at ${formatLoc(isa.variants[d.variant].loc)}`);
      continue;
    }
    const t1 = formatInsn(isa, d, BASE);
    let b2: Uint8Array;
    try {
      const img = assemble(`${t1}\n`, '<round-trip>', backend);
      b2 = img.segments.find((s) => s.vaddr === BASE)?.data ?? new Uint8Array();
    } catch (e) {
      problems.push(`${where} prints as '${t1}', which does not assemble: ${(e as Error).message}`);
      continue;
    }
    const d2 = decoder.decode(b2, 0, b2.length, BASE);
    if (d2 === null || 'kind' in d2) {
      problems.push(`${where} prints as '${t1}', which assembles to ${hex(b2)}, which does not decode`);
      continue;
    }
    const t2 = formatInsn(isa, d2, BASE);
    if (t2 !== t1) {
      problems.push(`${where} prints as '${t1}' but that assembles to ${hex(b2)} = '${t2}'`);
      continue;
    }
    // Another encoding of the same text is fine only if it means the same (x86's 03 /r for 01 /r).
    const same = b2.length === bytes.length && b2.every((x, i) => x === bytes[i]);
    if (!same && instanceKey(isa, v, d.fields, d.values) !== instanceKey(isa, isa.variants[d2.variant], d2.fields, d2.values)) {
      problems.push(`${where} prints as '${t1}', which assembles to ${hex(b2)}: another instruction (${formatLoc(isa.variants[d2.variant].loc)}) with a different meaning`);
    }
  }
  if (problems.length) throw new XlatErrors(problems);
  const insns = new Set(isa.variants.map((v) => v.insn)).size;
  return `${relative(process.cwd(), path) || path}: ok: ISA ${isa.name}, ${insns} instructions in ${isa.variants.length} encodings, ${isa.pseudos.length} pseudo-instructions; every encoding round-trips (bytes -> text -> bytes -> text)\n`;
}

export async function isasCommand(): Promise<string> {
  const rows: string[][] = [['ISA', 'ENDIAN', 'E_MACHINE', 'INSNS', 'ENCODINGS', 'SPEC']];
  for (const [name, path] of findSpecs()) {
    try {
      const isa = await loadIsa(name);
      const insns = new Set(isa.variants.map((v) => v.insn)).size;
      rows.push([name, isa.endian, `0x${isa.elfMachine.toString(16)}`, String(insns), String(isa.variants.length), relative(process.cwd(), path) || path]);
    } catch (e) {
      const first = (e as Error).message.split('\n')[0];
      rows.push([name, '-', '-', '-', '-', `${path} (broken: ${first})`]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
