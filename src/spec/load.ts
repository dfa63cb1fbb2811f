// Finding and loading spec files. A loaded model is cached on disk, keyed by
// the hash of the spec text and of this stage's own code, so that a run does
// not re-parse the spec (or even load the grammar library) each time.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XlatError } from './diagnostic.js';
import type { IsaModel } from './model.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The bundled isa-specs folder (next to src/ or dist/). */
export const BUNDLED_SPECS = resolve(here, '..', '..', 'isa-specs');

let codeKey: string | undefined;
function stageKey(): string {
  if (codeKey === undefined) {
    const h = createHash('sha256');
    for (const f of readdirSync(here).sort()) {
      if (/\.(js|ts|ohm)$/.test(f)) h.update(f).update(readFileSync(join(here, f)));
    }
    codeKey = h.digest('hex').slice(0, 16);
  }
  return codeKey;
}

function cacheDir(): string {
  return process.env.XLAT_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'xlat');
}

/** Parse and check a spec text (no cache). Throws XlatError(s) naming file:line:col. */
export async function compileSpec(text: string, file: string): Promise<IsaModel> {
  const { parseSpec } = await import('./parse.js');
  const { buildModel } = await import('./build.js');
  return buildModel(parseSpec(text, file), file, text);
}

/** Load a spec file, through the on-disk cache unless `noCache`. */
export async function loadSpecFile(path: string, opts: { noCache?: boolean } = {}): Promise<IsaModel> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new XlatError(`${path}: cannot read spec file`);
  }
  const key = createHash('sha256').update(stageKey()).update(path).update(text).digest('hex');
  const cached = join(cacheDir(), `${key}.json`);
  if (!opts.noCache && existsSync(cached)) {
    try {
      return JSON.parse(readFileSync(cached, 'utf8')) as IsaModel;
    } catch {
      // A damaged cache entry is rebuilt below.
    }
  }
  const model = await compileSpec(text, path);
  if (!opts.noCache) {
    try {
      mkdirSync(cacheDir(), { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(model));
      renameSync(tmp, cached);
    } catch {
      // No cache where the disk refuses; loading still works.
    }
  }
  return model;
}

/** Folders searched for spec files: the bundled one, then XLAT_SPEC_PATH. */
export function specFolders(): string[] {
  const extra = (process.env.XLAT_SPEC_PATH ?? '').split(delimiter).filter((p) => p !== '');
  return [BUNDLED_SPECS, ...extra];
}

/** Every spec file found: ISA name (the file's base name) -> path. Later folders do not override. */
export function findSpecs(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of specFolders()) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names.sort()) {
      if (!n.endsWith('.isa')) continue;
      const isa = basename(n, '.isa');
      if (!out.has(isa)) out.set(isa, join(dir, n));
    }
  }
  return out;
}

/** Load the ISA called `name` (a name from findSpecs, or a path to a .isa file). */
export async function loadIsa(name: string): Promise<IsaModel> {
  if (name.endsWith('.isa')) return loadSpecFile(name);
  const path = findSpecs().get(name);
  if (!path) {
    const known = [...findSpecs().keys()].join(', ');
    throw new XlatError(`unknown ISA '${name}' (known: ${known || 'none'}; add folders with XLAT_SPEC_PATH)`);
  }
  return loadSpecFile(path);
}

/**
 * The host used when the user names none: the first ISA found (bundled folder
 * first, by name) whose spec has lowering rules.
 */
export async function defaultHost(): Promise<IsaModel> {
  for (const name of findSpecs().keys()) {
    const m = await loadIsa(name);
    if (m.host) return m;
  }
  throw new XlatError('no ISA found has lowering rules, so none can be a host (see isa-specs/LOWERING.md)');
}

/** Load the host a command was given (--host), else the default host. */
export async function loadHost(name?: string): Promise<IsaModel> {
  return name ? loadIsa(name) : defaultHost();
}

/** Find the ISA whose ELF machine number is `machine`. */
export async function isaForMachine(machine: number): Promise<IsaModel | undefined> {
  for (const name of findSpecs().keys()) {
    const m = await loadIsa(name);
    if (m.elfMachine === machine) return m;
  }
  return undefined;
}
