// bf: a Brainfuck interpreter running Daniel Cristofani's "squares" program,
// whose first cell is read with ',' from the input byte n (so it prints the
// squares 0, 1, 4, ... up to n * n, one a line). The interpreter matches the
// brackets first, then dispatches on each program byte through a 256-entry
// table (a jump table in the assembly versions); the tape is 1024 byte cells,
// wrapping. Checksum: cs = cs * 31 + byte over the program's output.
// Same algorithm as samples/bench/{cisc32,risc32}/bf.s.

export const PROGRAM =
  ',>+<+[>[>+>+<<-]++>>[<<+>>-]>>>[-]++>[-]+>>>+[[-]++++++>>>]<<<[[<++++++++<++>>-]+<.<[>----<-]<]<<[>>>>>[>>>[-]+++++++++<[>-<-]+++++++++>[-[<->-]+[<<<]]<[>+<-]>]<<-]<<-]';

const code = new Uint8Array(PROGRAM.length + 1);
for (let i = 0; i < PROGRAM.length; i++) code[i] = PROGRAM.charCodeAt(i);

const NONE = 0, RIGHT = 1, LEFT = 2, INC = 3, DEC = 4, OUT = 5, IN = 6, OPEN = 7, CLOSE = 8, END = 9;
const table = new Uint8Array(256);
table[0] = END;
table[62] = RIGHT; // >
table[60] = LEFT; // <
table[43] = INC; // +
table[45] = DEC; // -
table[46] = OUT; // .
table[44] = IN; // ,
table[91] = OPEN; // [
table[93] = CLOSE; // ]

export default function run(n) {
  const match = new Int32Array(code.length);
  const stack = new Int32Array(code.length);
  let sp = 0;
  for (let i = 0; code[i] !== 0; i++) {
    if (code[i] === 91) stack[sp++] = i;
    else if (code[i] === 93) {
      const j = stack[--sp];
      match[i] = j;
      match[j] = i;
    }
  }
  const tape = new Uint8Array(1024);
  let p = 0;
  let cs = 0;
  for (let pc = 0; ; pc++) {
    switch (table[code[pc]]) {
      case RIGHT: p++; break;
      case LEFT: p--; break;
      case INC: tape[p]++; break;
      case DEC: tape[p]--; break;
      case OUT: cs = (Math.imul(cs, 31) + tape[p]) | 0; break;
      case IN: tape[p] = n; break;
      case OPEN: if (tape[p] === 0) pc = match[pc]; break;
      case CLOSE: if (tape[p] !== 0) pc = match[pc]; break;
      case END: return String(cs >>> 0);
      default: break;
    }
  }
}
