// Stage aot: static translation of a whole guest executable, FX!32's way.
// It takes a guest ELF image (and, optionally, a profile of earlier runs),
// finds the guest's code by recursive traversal from the entry point, every
// function symbol and the profile's addresses — following direct branches,
// calls and their return sites, constant indirect targets and bounded jump
// tables found in the IR — and translates each block with the translator's
// own pipeline (liftBlock -> optimize -> generateBlock, exactly as the DBT
// runtime would), linking direct exits between translated blocks. It hands
// on a host ELF image: the guest's segments unchanged (memory is identity-
// mapped), the runtime area, the host code at the code cache's address, and
// notes that mark the file and map guest blocks to host code (format.ts).
// For running, it hands the DBT runtime the file's blocks to install
// (readTranslated); whatever discovery missed is translated at run time.
// It also records and reads profiles (profile.ts) and lists a translated
// file's code against the guest's (disasm.ts).

export { translateImage, reportText, type TranslateOptions, type TranslateReport } from './translate.js';
export { discover, type Discovery, type FoundBlock, type IndirectSummary } from './discover.js';
export { resolveJumpTable, boundOf, returnSite, isReturn, constantTarget, staticSuccessors, evalValue, type JumpTable } from './analyze.js';
export { Profile, profileFor, imageHash, runInterpProfiled } from './profile.js';
export { readTranslated, isTranslated, type Translated } from './translated.js';
export { disassembleTranslated } from './disasm.js';
export { CODE_SECTION, RUNTIME_SECTION, GUEST_NOTE, MAP_NOTE, encodeMap, decodeMap, encodeGuestNote, decodeGuestNote, type GuestNote, type MapBlock } from './format.js';
