// The ELF32 numbers xlat uses, in one place so the writer and the reader
// cannot disagree about them (System V ABI, "Object Files").

export const EHDR_SIZE = 52;
export const PHDR_SIZE = 32;
export const SHDR_SIZE = 40;
export const SYM_SIZE = 16;

/** Loaders map whole pages, so file offsets follow addresses modulo this. */
export const PAGE_SIZE = 0x1000;

export const ELFMAG = [0x7f, 0x45, 0x4c, 0x46] as const; // "\x7fELF"
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const ELFCLASS32 = 1;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;
export const ELFOSABI_NONE = 0;
export const ET_EXEC = 2;

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
/** e_phnum value meaning "the count is elsewhere"; xlat never needs that many. */
export const PN_XNUM = 0xffff;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

export const SYMTAB_NAME = '.symtab';
export const STRTAB_NAME = '.strtab';
export const SHSTRTAB_NAME = '.shstrtab';

/**
 * Longest section or symbol name, in bytes. Real names are far shorter; the
 * cap keeps a hostile string table (many offsets into one huge string) from
 * costing the reader time and memory quadratic in the file size.
 */
export const MAX_NAME_BYTES = 1024;
