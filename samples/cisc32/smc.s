.isa cisc32
; smc.s - self-modifying code.
;
; The routine get_value is a single `mov r0, 1` followed by `ret`. The main
; loop calls it and prints the result, then rewrites the immediate inside
; that `mov` instruction (adds 1 to its low byte) and goes round again.
; The second call must run the new bytes, so the output is
;
;       before: 1
;       after: 2
;
; Run:      xlat run samples/cisc32/smc.s
;
; What it shows: code may be written while it runs, in a section that is
; both writable and executable (`.section .smc, "rwx"`), and every
; instruction fetch sees every earlier store. An interpreter that caches
; decoded instructions, or a translator that caches translated blocks, must
; notice the store and throw away what it cached for those bytes.
;
; The bytes being patched: `mov r0, 1` is encoded as B8+r id, that is
;
;       get_value + 0:  B8            opcode (B8 + register number 0)
;       get_value + 1:  01 00 00 00   the 32-bit immediate, little-endian
;
; so the low byte of the immediate is at get_value + 1.

.equ NUMBUF_SIZE, 12

; The loop and the routine it patches live in the rwx section.
        .section .smc, "rwx"
_start:
        mov r6, 0               ; r6 = pass number: 0, then 1
pass:
        mov r3, str_before      ; the label to print: "before: " on pass 0,
        test r6, r6
        je print_label
        mov r3, str_after       ;                     "after: " on pass 1
print_label:
        push r3
        call print_str
        add sp, 4

        call get_value          ; r0 = the immediate currently in get_value
        push r0
        call print_uint         ; print it and a newline
        add sp, 4

        ; Patch get_value: add 1 to the low byte of its immediate.
        mov r3, get_value       ; r3 -> the mov instruction
        movzx r0, byte [r3 + 1] ; r0 = low byte of the immediate
        inc r0
        mov byte [r3 + 1], r0   ; write it back: the code has changed

        inc r6
        cmp r6, 2
        jb pass                 ; two passes

        mov r0, 1               ; exit(0)
        mov r3, 0
        syscall

; get_value(): r0 = a constant that lives inside the instruction itself.
get_value:
        mov r0, 1               ; <- its immediate is rewritten by the loop
        ret

; The helpers are ordinary code.
        .text

; print_str(s): write the NUL-terminated string s to standard output.
print_str:
        push fp
        mov fp, sp
        push r3

        mov r1, [fp + 8]        ; r1 = s
        mov r2, r1              ; r2 = p
ps_scan:
        movzx r0, byte [r2]
        test r0, r0
        je ps_found
        inc r2
        jmp ps_scan
ps_found:
        sub r2, r1              ; r2 = length
        mov r0, 4               ; write(1, s, length)
        mov r3, 1
        syscall

        pop r3
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
str_before: .asciz "before: "
str_after:  .asciz "after: "

        .bss
numbuf: .space NUMBUF_SIZE
