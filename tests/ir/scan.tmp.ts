import { loadIsa } from '../../src/spec/index.js';
import type { Expr, Loc, Stmt } from '../../src/spec/model.js';
for (const name of ['cisc32','risc32']) {
const isa = await loadIsa(name);
const seen = new Map<string, number>();
const note = (s: string) => seen.set(s, (seen.get(s) ?? 0) + 1);
function loc(l: Loc) {
  note(`loc ${l.k} w${l.w}` + (l.k==='regx' ? ` idx=${l.index.k}` : '') + (l.k==='low' ? ` inner=${l.loc.k}/${l.loc.w}` : ''));
  if (l.k==='regx') expr(l.index); if (l.k==='mem') expr(l.addr); if (l.k==='low') loc(l.loc);
}
function expr(e: Expr) {
  switch (e.k) {
    case 'bin': note(`bin ${e.op} w${e.w} a${e.a.w} b${e.b.w}`); expr(e.a); expr(e.b); break;
    case 'un': note(`un ${e.op} w${e.w} a${e.a.w}`); expr(e.a); break;
    case 'ext': note(`ext ${e.signed} ${e.a.w}->${e.w}`); expr(e.a); break;
    case 'slice': note(`slice w${e.w} ${e.hi}:${e.lo} of ${e.a.w}`); expr(e.a); break;
    case 'cond': note(`cond w${e.w} c${e.c.w}`); expr(e.c); expr(e.t); expr(e.f); break;
    case 'read': note(`read w${e.w}`); loc(e.loc); break;
    case 'addrof': note(`addrof ${e.loc.k}`); if (e.loc.k==='mem') expr(e.loc.addr); break;
    default: note(`${e.k} w${e.w}`);
  }
}
function stmt(s: Stmt, depth: number) {
  switch (s.k) {
    case 'let': expr(s.e); break;
    case 'set': note(`set w${s.loc.w} e${s.e.w}`); loc(s.loc); expr(s.e); break;
    case 'if': note(`if c${s.c.w} depth${depth} else=${s.f.length>0}`); expr(s.c); s.t.forEach(x=>stmt(x,depth+1)); s.f.forEach(x=>stmt(x,depth+1)); break;
    case 'jump': note(`jump depth${depth}`); expr(s.e); break;
    case 'fault': note(`fault ${s.fault} depth${depth}`); break;
    case 'syscall': note(`syscall depth${depth}`); break;
  }
}
for (const v of isa.variants) v.sem.forEach(s=>stmt(s,0));
console.log(name, isa.variants.length);
console.log([...seen.keys()].sort().join('\n'));
}
