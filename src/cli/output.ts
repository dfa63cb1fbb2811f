// Writing an output file whole or not at all: a failed command must leave no
// partial file behind, so data goes to a temporary name and is renamed.

import { renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { XlatError } from '../spec/index.js';

export function writeOutput(path: string, data: Uint8Array | string, executable = false): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    if (executable) chmodSync(tmp, 0o755);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new XlatError(`${path}: cannot write output (${code})`);
  }
}
