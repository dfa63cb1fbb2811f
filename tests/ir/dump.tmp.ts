import { loadIsa } from '../../src/spec/index.js';
const isa = await loadIsa(process.argv[2]);
const pick = process.argv.slice(3);
for (const v of isa.variants) {
  if (pick.length && !pick.includes(v.mnemonic)) continue;
  console.log(v.id, v.mnemonic, JSON.stringify(v.operands), 'len', v.length, 'control', v.control);
  console.log('  fields', v.fields.map(f=>`${f.name}${f.signed?'s':''}${f.regFile?':'+f.regFile:''}`).join(','), 'values', JSON.stringify(v.values.map(x=>x.name)), 'fixed', JSON.stringify(v.fixed));
  console.log('  sem', JSON.stringify(v.sem));
}
console.log(JSON.stringify(isa.registers), JSON.stringify(isa.files.map(f=>f.name)));
