// Copies the non-TypeScript files a stage reads at run time (the spec grammar)
// next to the compiled JavaScript, and marks the CLI entry executable.
import { cpSync, readdirSync, statSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ohm')) out.push(p);
  }
  return out;
}
for (const file of walk('src')) cpSync(file, join('dist', file.slice('src/'.length)));
if (existsSync('dist/cli/main.js')) chmodSync('dist/cli/main.js', 0o755);
