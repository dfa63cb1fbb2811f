// Shared by the static-translation tests: assemble a program to an ELF file
// (optionally stripped of its symbols), and run it every way a user can —
// interpreted, through the DBT, translated ahead of time and run, recording
// a profile (interp and dbt), translated again with that profile and run —
// in process, through the CLI's own functions (runCommand, translateCommand).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../src/asm/index.js';
import { isaAssembler } from '../../src/asm/backend.js';
import { readElf, writeElf, type ElfImage } from '../../src/elf/index.js';
import { MemoryIo } from '../../src/os/index.js';
import { runCommand } from '../../src/cli/run.js';
import { translateCommand } from '../../src/cli/translate.js';
import { loadIsa } from '../../src/spec/index.js';

export async function assembleTo(path: string, source: string, opts: { strip?: boolean } = {}): Promise<ElfImage> {
  const isaName = /^\s*\.isa\s+(\w+)/m.exec(source)?.[1] ?? 'cisc32';
  const isa = await loadIsa(isaName);
  const image = assemble(source, path, isaAssembler(isa));
  if (opts.strip) image.symbols = [];
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, writeElf(image));
  return image;
}

export function readImage(path: string): ElfImage {
  return readElf(new Uint8Array(readFileSync(path)), path);
}

/** What a run shows a user: output, status, the lines xlat itself printed (fault, step limit) — not --stats. */
export interface Outcome {
  stdout: string;
  status: number;
  lines: string[];
}

export interface Run extends Outcome {
  stats: string[];
}

export async function run(file: string, args: string[], opts: { engine?: string; stdin?: string; stats?: boolean; profile?: string; maxSteps?: number } = {}): Promise<Run> {
  const io = new MemoryIo(opts.stdin ?? '');
  const log: string[] = [];
  const status = await runCommand(file, args, {
    engine: opts.engine ?? 'dbt',
    io,
    log: (l) => log.push(l),
    stats: opts.stats,
    profile: opts.profile,
    maxSteps: opts.maxSteps,
  });
  io.flush();
  return {
    // Bytes as latin1 text: nothing lost, and readable in a diff.
    stdout: Buffer.from(io.stdout).toString('latin1') + Buffer.from(io.stderr).toString('latin1'),
    status,
    lines: log.filter((l) => !l.startsWith('xlat: stats:')),
    stats: log.filter((l) => l.startsWith('xlat: stats:')),
  };
}

export const outcome = (r: Run): Outcome => ({ stdout: r.stdout, status: r.status, lines: r.lines });

/** Blocks from the file and translated at run time, from --stats lines of a translated file's run. */
export function blockCounts(stats: string[]): { fromFile: number; runTime: number } {
  for (const l of stats) {
    const m = /blocks from the file (\d+), translated at run time (\d+)/.exec(l);
    if (m) return { fromFile: Number(m[1]), runTime: Number(m[2]) };
  }
  throw new Error(`no block counts in:\n${stats.join('\n')}`);
}

/** A number from a translate report line: `blocks found 12 ...` -> reportNumber(r, 'blocks found'). */
export function reportNumber(report: string, key: string): number {
  const m = new RegExp(`${key} (\\d+)`).exec(report);
  if (!m) throw new Error(`no '${key}' in:\n${report}`);
  return Number(m[1]);
}

export interface Matrix {
  /** Outcomes by how the program ran. */
  outcomes: Record<string, Outcome>;
  /** translate without and with a profile: the reports, and the run-time block counts of their runs. */
  plain: { report: string; fromFile: number; runTime: number };
  profiled: { report: string; fromFile: number; runTime: number };
  /** The profiles recorded by the interpreter, the DBT and (full) the DBT running the translated file. */
  profiles: { interp: string; dbt: string; translated?: string };
}

/**
 * Runs `elf` with `args`: interp; dbt; translate + run; record a profile
 * with interp and with dbt; translate with the interp profile + run. With
 * `full`, also a profile recorded running the translated file, and the
 * second translation interpreted. Every outcome is returned.
 */
export async function runMatrix(dir: string, name: string, elf: string, args: string[], stdin?: string, full = true): Promise<Matrix> {
  const p = (x: string) => join(dir, `${name}.${x}`);
  const outcomes: Record<string, Outcome> = {};
  outcomes.interp = outcome(await run(elf, args, { engine: 'interp', stdin }));
  outcomes.dbt = outcome(await run(elf, args, { engine: 'dbt', stdin }));
  const report1 = await translateCommand(elf, { output: p('host.elf') });
  const r1 = await run(p('host.elf'), args, { stdin, stats: true });
  outcomes.translated = outcome(r1);
  outcomes['profile interp'] = outcome(await run(elf, args, { engine: 'interp', stdin, profile: p('interp.profile') }));
  outcomes['profile dbt'] = outcome(await run(elf, args, { engine: 'dbt', stdin, profile: p('dbt.profile') }));
  if (full) outcomes['profile translated'] = outcome(await run(p('host.elf'), args, { stdin, profile: p('translated.profile') }));
  const report2 = await translateCommand(elf, { output: p('host2.elf'), profile: p('interp.profile') });
  const r2 = await run(p('host2.elf'), args, { stdin, stats: true });
  outcomes['translated with profile'] = outcome(r2);
  if (full) outcomes['translated with profile, interp'] = outcome(await run(p('host2.elf'), args, { engine: 'interp', stdin }));
  const text = (x: string) => readFileSync(p(x), 'utf8');
  return {
    outcomes,
    plain: { report: report1, ...blockCounts(r1.stats) },
    profiled: { report: report2, ...blockCounts(r2.stats) },
    profiles: { interp: text('interp.profile'), dbt: text('dbt.profile'), translated: full ? text('translated.profile') : undefined },
  };
}

/** Every outcome equal to the interpreter's (a readable diff when not). */
export function sameOutcomes(m: Matrix): Array<[string, Outcome]> {
  return Object.entries(m.outcomes).filter(([, o]) => JSON.stringify(o) !== JSON.stringify(m.outcomes.interp));
}
