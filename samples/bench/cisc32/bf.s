.isa cisc32
; bf.s - benchmark: a Brainfuck interpreter (an indirect jump through a jump
; table for every interpreted operation).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent) and runs Daniel
; Cristofani's "squares" program, whose first cell is read with ',' from the
; input byte N & 255: it prints the squares 0, 1, 4, ... up to N * N, one a
; line. The interpreter matches the brackets first (match[] holds, for each
; bracket, the index of its partner), then fetches each program byte and
; jumps through a 256-entry table of handlers (jtab; byte 0 ends the
; program). The tape is 1024 byte cells. The program's output is not
; printed: each byte goes into cs = cs * 31 + byte, printed in decimal.
; The same algorithm as samples/bench/risc32/bf.s and bench/js/bf.mjs.
;
; Run:      xlat run samples/bench/cisc32/bf.s 5
; Output:   3875015068

.equ DEFAULT_N, 110
.equ PROGRAM_MAX, 256               ; room for the program and its NUL
.equ NUMBUF_SIZE, 12

        .text
_start:
        mov r3, DEFAULT_N       ; r3 = N, unless there is an argument
        mov r0, [sp]            ; argc
        cmp r0, 2
        jb have_n               ; no argv[1]: keep the default
        mov r0, [sp + 8]
        push r0
        call parse_uint         ; r0 = the value of argv[1]
        add sp, 4
        mov r3, r0
have_n:
        push r3
        call bench              ; r0 = the checksum
        add sp, 4
        push r0
        call print_uint
        add sp, 4
        mov r0, 1               ; exit(0)
        mov r3, 0
        syscall

; bench(n): r0 = the checksum of the program's output.
;   Registers while interpreting: r6 = the index of the current program byte,
;   r7 -> the current tape cell, r3 = cs, [fp - 4] = the input byte.
bench:
        push fp
        mov fp, sp
        sub sp, 4
        push r3
        push r6
        push r7
        mov r0, [fp + 8]
        mov [fp - 4], r0        ; the input
        ; match the brackets, with a stack of the indices of open ones
        mov r6, 0               ; i
        mov r7, 0               ; the stack's depth, in bytes
bf_match:
        movzx r0, byte [r6 + program]
        test r0, r0
        je bf_matched           ; the NUL at the end
        cmp r0, '['
        jne bf_match_close
        mov [r7 + stack], r6    ; push i
        add r7, 4
        jmp bf_match_next
bf_match_close:
        cmp r0, ']'
        jne bf_match_next
        sub r7, 4
        mov r0, [r7 + stack]    ; j = pop
        mov r1, r6
        shl r1, 2
        mov [r1 + match], r0    ; match[i] = j
        shl r0, 2
        mov [r0 + match], r6    ; match[j] = i
bf_match_next:
        inc r6
        jmp bf_match
bf_matched:
        mov r6, 0               ; pc
        mov r7, tape            ; the cell pointer
        mov r3, 0               ; cs
bf_next:
        movzx r0, byte [r6 + program]
        shl r0, 2
        jmp [r0 + jtab]         ; dispatch on the byte

op_right:                       ; >
        inc r7
        inc r6
        jmp bf_next
op_left:                        ; <
        dec r7
        inc r6
        jmp bf_next
op_inc:                         ; +
        movzx r0, byte [r7]
        inc r0
        mov byte [r7], r0
        inc r6
        jmp bf_next
op_dec:                         ; -
        movzx r0, byte [r7]
        dec r0
        mov byte [r7], r0
        inc r6
        jmp bf_next
op_out:                         ; .  cs = cs * 31 + cell
        mov r0, 31
        imul r3, r0
        movzx r0, byte [r7]
        add r3, r0
        inc r6
        jmp bf_next
op_in:                          ; ,  cell = the input byte
        mov r0, [fp - 4]
        mov byte [r7], r0
        inc r6
        jmp bf_next
op_open:                        ; [  if the cell is 0, jump past the matching ]
        movzx r0, byte [r7]
        test r0, r0
        jne op_open_next
        mov r0, r6
        shl r0, 2
        mov r6, [r0 + match]
op_open_next:
        inc r6
        jmp bf_next
op_close:                       ; ]  if the cell is not 0, jump back past the matching [
        movzx r0, byte [r7]
        test r0, r0
        je op_close_next
        mov r0, r6
        shl r0, 2
        mov r6, [r0 + match]
op_close_next:
        inc r6
        jmp bf_next
op_none:                        ; any other byte: a comment
        inc r6
        jmp bf_next
op_end:                         ; NUL: the end of the program
        mov r0, r3
        pop r7
        pop r6
        pop r3
        mov sp, fp
        pop fp
        ret

; parse_uint(s): r0 = the value of the decimal digits at the start of s.
parse_uint:
        push fp
        mov fp, sp
        push r6
        mov r6, [fp + 8]        ; r6 -> the next character
        mov r0, 0               ; r0 = the value so far
pu_next:
        movzx r1, byte [r6]
        sub r1, '0'             ; the digit's value
        cmp r1, 9
        ja pu_done              ; not a digit (unsigned compare)
        mov r2, 10
        imul r0, r2             ; value = value * 10 + digit
        add r0, r1
        inc r6
        jmp pu_next
pu_done:
        pop r6
        pop fp
        ret

; print_uint(n): print n as an unsigned decimal number and a newline.
print_uint:
        push fp
        mov fp, sp
        push r3
        push r6
        mov r0, [fp + 8]        ; r0 = n
        mov r6, numbuf + NUMBUF_SIZE ; digits are stored backwards from the end
        dec r6
        mov r1, '\n'
        mov byte [r6], r1
        mov r2, 10
pr_digit:
        mov r1, r0
        remu r1, r2             ; r1 = n % 10
        add r1, '0'
        dec r6
        mov byte [r6], r1
        divu r0, r2             ; n = n / 10
        test r0, r0
        jne pr_digit
        mov r0, 4               ; write(1, r6, end - r6)
        mov r3, 1
        mov r1, r6
        mov r2, numbuf + NUMBUF_SIZE
        sub r2, r6
        syscall
        pop r6
        pop r3
        pop fp
        ret

        .data
program:
        .ascii ",>+<+[>[>+>+<<-]++>>[<<+>>-]>>>[-]++>[-]+>>>+[[-]++++++>>>]<<<[[<++++++++<++>>-]+<.<"
        .ascii "[>----<-]<]<<[>>>>>[>>>[-]+++++++++<[>-<-]+++++++++>[-[<->-]+[<<<]]<[>+<-]>]<<-]<<-]"
        .byte 0

        .align 4
jtab:                           ; the handler of each byte value
        .word op_end                                            ; 0
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 1-7
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 8-15
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 16-23
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 24-31
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 32-39
        .word op_none, op_none, op_none, op_inc, op_in, op_dec, op_out, op_none        ; 40-47: + , - .
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 48-55
        .word op_none, op_none, op_none, op_none, op_left, op_none, op_right, op_none  ; 56-63: < >
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 64-71
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 72-79
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 80-87
        .word op_none, op_none, op_none, op_open, op_none, op_close, op_none, op_none  ; 88-95: [ ]
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 96-103
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 104-111
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 112-119
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 120-127
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 128-135
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 136-143
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 144-151
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 152-159
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 160-167
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 168-175
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 176-183
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 184-191
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 192-199
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 200-207
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 208-215
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 216-223
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 224-231
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 232-239
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 240-247
        .word op_none, op_none, op_none, op_none, op_none, op_none, op_none, op_none   ; 248-255

        .bss
numbuf: .space NUMBUF_SIZE
match:  .space PROGRAM_MAX * 4
stack:  .space PROGRAM_MAX * 4
tape:   .space 1024
