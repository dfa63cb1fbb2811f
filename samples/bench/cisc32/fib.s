.isa cisc32
; fib.s - benchmark: naive doubly recursive Fibonacci (calls and returns).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent), prints fib(N)
; modulo 2^32 in decimal and a newline, exits 0. The same algorithm as
; samples/bench/risc32/fib.s and bench/js/fib.mjs (`xlat bench fib`).
;
; Run:      xlat run samples/bench/cisc32/fib.s 20
; Output:   6765

.equ DEFAULT_N, 27
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

; bench(n): r0 = fib(n). Frame: [fp + 8] = n, [fp - 4] = fib(n - 1).
bench:
fib:
        push fp
        mov fp, sp
        sub sp, 4
        mov r0, [fp + 8]        ; r0 = n
        cmp r0, 2
        jb fib_ret              ; n < 2: fib(n) = n
        dec r0
        push r0
        call fib                ; fib(n - 1)
        add sp, 4
        mov [fp - 4], r0
        mov r0, [fp + 8]
        sub r0, 2
        push r0
        call fib                ; fib(n - 2)
        add sp, 4
        add r0, [fp - 4]
fib_ret:
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

        .bss
numbuf: .space NUMBUF_SIZE
