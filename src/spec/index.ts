// Stage 1, spec: reads an ISA spec file (grammar in spec.ohm), checks it, and
// hands on the IsaModel of model.ts — registers, fully expanded instruction
// variants with encoding bits, syntax templates and typed semantics, pseudo-
// instructions and the ABI — from which every later stage derives its tools.

export * from './model.js';
export * from './diagnostic.js';
export { loadSpecFile, loadIsa, findSpecs, specFolders, compileSpec, isaForMachine, defaultHost, loadHost, BUNDLED_SPECS } from './load.js';
export { tokenValue, fieldFromToken, fieldIntoToken, writeToken, fieldFits } from './bits.js';
export { overlaps } from './checks.js';
