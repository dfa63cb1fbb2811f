.isa risc32
# bf.s - benchmark: a Brainfuck interpreter (an indirect jump through a jump
# table for every interpreted operation).
#
# Reads N from argv[1] (decimal; DEFAULT_N when absent) and runs Daniel
# Cristofani's "squares" program, whose first cell is read with ',' from the
# input byte N & 255: it prints the squares 0, 1, 4, ... up to N * N, one a
# line. The interpreter matches the brackets first (match[] holds, for each
# bracket, the index of its partner), then fetches each program byte and
# jumps through a 256-entry table of handlers (jtab; byte 0 ends the
# program), as a compiler turns a dense switch into a jump table. The tape
# is 1024 byte cells. The program's output is not printed: each byte goes
# into cs = cs * 31 + byte, printed in decimal. The same algorithm as
# samples/bench/cisc32/bf.s and bench/js/bf.mjs.
#
# Run:      xlat run samples/bench/risc32/bf.s 5
# Output:   3875015068

.equ DEFAULT_N, 110
.equ PROGRAM_MAX, 256               # room for the program and its NUL
.equ NUMBUF_SIZE, 12

        .text
_start:
        li s0, DEFAULT_N        # s0 = N, unless there is an argument
        ldw t0, 0(sp)           # t0 = argc
        cmplt t0, 2, t0         # t0 = 1 if argc < 2
        bne t0, have_n          # no argv[1]: keep the default
        ldw a0, 8(sp)           # a0 = argv[1]
        call parse_uint
        mov v0, s0              # s0 = its value
have_n:
        mov s0, a0
        call bench              # v0 = the checksum
        mov v0, a0
        call print_uint
        li v0, 1                # exit(0)
        clr a0
        callsys

# bench(a0 = n): v0 = the checksum of the program's output. A leaf routine:
#   a0 = the input byte, t4 -> program, t5 -> match, t6 -> jtab,
#   t0 = the index of the current program byte, t1 -> the current cell,
#   v0 = cs.
bench:
        li t4, program
        li t5, match
        li t1, stack            # match the brackets, with a stack of the
        clr t0                  # indices of open ones; t0 = i
bf_match:
        addl t4, t0, t2
        ldbu t2, 0(t2)
        beq t2, bf_matched      # the NUL at the end
        cmpeq t2, '[', t3
        beq t3, bf_match_close
        stw t0, 0(t1)           # push i
        addl t1, 4, t1
        br bf_match_next
bf_match_close:
        cmpeq t2, ']', t3
        beq t3, bf_match_next
        subl t1, 4, t1
        ldw t2, 0(t1)           # j = pop
        s4addl t0, t5, t3
        stw t2, 0(t3)           # match[i] = j
        s4addl t2, t5, t3
        stw t0, 0(t3)           # match[j] = i
bf_match_next:
        addl t0, 1, t0
        br bf_match
bf_matched:
        clr t0                  # pc
        li t1, tape             # the cell pointer
        clr v0                  # cs
        li t6, jtab
bf_next:
        addl t4, t0, t2
        ldbu t2, 0(t2)
        s4addl t2, t6, t2
        ldw t2, 0(t2)
        jmp r31, (t2)           # dispatch on the byte

op_right:                       # >
        addl t1, 1, t1
        addl t0, 1, t0
        br bf_next
op_left:                        # <
        subl t1, 1, t1
        addl t0, 1, t0
        br bf_next
op_inc:                         # +
        ldbu t2, 0(t1)
        addl t2, 1, t2
        stb t2, 0(t1)
        addl t0, 1, t0
        br bf_next
op_dec:                         # -
        ldbu t2, 0(t1)
        subl t2, 1, t2
        stb t2, 0(t1)
        addl t0, 1, t0
        br bf_next
op_out:                         # .  cs = cs * 31 + cell
        ldbu t2, 0(t1)
        mull v0, 31, v0
        addl v0, t2, v0
        addl t0, 1, t0
        br bf_next
op_in:                          # ,  cell = the input byte
        stb a0, 0(t1)
        addl t0, 1, t0
        br bf_next
op_open:                        # [  if the cell is 0, jump past the matching ]
        ldbu t2, 0(t1)
        bne t2, op_open_next
        s4addl t0, t5, t2
        ldw t0, 0(t2)
op_open_next:
        addl t0, 1, t0
        br bf_next
op_close:                       # ]  if the cell is not 0, jump back past the matching [
        ldbu t2, 0(t1)
        beq t2, op_close_next
        s4addl t0, t5, t2
        ldw t0, 0(t2)
op_close_next:
        addl t0, 1, t0
        br bf_next
op_none:                        # any other byte: a comment
        addl t0, 1, t0
        br bf_next
op_end:                         # NUL: the end of the program
        ret

# parse_uint(a0 = s): v0 = the value of the decimal digits at the start of s.
parse_uint:
        clr v0                  # v0 = the value so far
pu_next:
        ldbu t0, 0(a0)          # t0 = the character
        subl t0, '0', t0        # its digit value
        cmpule t0, 9, t1        # a digit? (unsigned compare)
        beq t1, pu_done
        mull v0, 10, v0         # value = value * 10 + digit
        addl v0, t0, v0
        addl a0, 1, a0
        br pu_next
pu_done:
        ret

# print_uint(a0 = n): print n as an unsigned decimal number and a newline.
print_uint:
        li t0, numbuf + NUMBUF_SIZE # digits are stored backwards from the end
        subl t0, 1, t0
        li t1, '\n'
        stb t1, 0(t0)
        mov a0, t2              # t2 = n
pr_digit:
        remlu t2, 10, t1        # t1 = n % 10
        addl t1, '0', t1
        subl t0, 1, t0
        stb t1, 0(t0)
        divlu t2, 10, t2        # n = n / 10
        bne t2, pr_digit
        li t1, numbuf + NUMBUF_SIZE
        subl t1, t0, a2         # a2 = number of characters
        mov t0, a1
        li a0, 1                # write(1, a1, a2)
        li v0, 4
        callsys
        ret

        .data
program:
        .ascii ",>+<+[>[>+>+<<-]++>>[<<+>>-]>>>[-]++>[-]+>>>+[[-]++++++>>>]<<<[[<++++++++<++>>-]+<.<"
        .ascii "[>----<-]<]<<[>>>>>[>>>[-]+++++++++<[>-<-]+++++++++>[-[<->-]+[<<<]]<[>+<-]>]<<-]<<-]"
        .byte 0
        .align 4
jtab:                           # the handler of each byte value
        .word op_end                                            # 0
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 1-7
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 8-15
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 16-23
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 24-31
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 32-39
        .word op_none, op_none, op_none, op_inc, op_in, op_dec, op_out, op_none        # 40-47: + , - .
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 48-55
        .word op_none, op_none, op_none, op_none, op_left, op_none, op_right, op_none  # 56-63: < >
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 64-71
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 72-79
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 80-87
        .word op_none, op_none, op_none, op_open, op_none, op_close, op_none, op_none  # 88-95: [ ]
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 96-103
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 104-111
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 112-119
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 120-127
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 128-135
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 136-143
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 144-151
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 152-159
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 160-167
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 168-175
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 176-183
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 184-191
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 192-199
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 200-207
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 208-215
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 216-223
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 224-231
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 232-239
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 240-247
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   # 248-255

        .bss
numbuf: .space NUMBUF_SIZE
        .align 4
match:  .space PROGRAM_MAX * 4
stack:  .space PROGRAM_MAX * 4
tape:   .space 1024
