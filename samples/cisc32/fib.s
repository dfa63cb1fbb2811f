.isa cisc32
; fib.s - Fibonacci numbers, the slow way (naive double recursion).
;
; Reads N from argv[1] (decimal; 20 when absent), computes fib(N) with
;
;       fib(n) = n                        if n < 2
;       fib(n) = fib(n - 1) + fib(n - 2)  otherwise
;
; prints the result in decimal and a newline, and exits with status 0.
; fib(N) needs about 2 * fib(N + 1) calls, so this is a good workout for
; calls and returns. Results wrap around modulo 2^32 beyond fib(47).
;
; Run:      xlat run samples/cisc32/fib.s 20
; Output:   6765
; (no argument: the same as 20; `xlat run samples/cisc32/fib.s 30` prints
; 832040)
;
; What it shows: the stack call convention of the samples.
;   - The caller pushes the arguments (right to left), executes `call`
;     (which pushes the return address) and afterwards removes the
;     arguments with `add sp, 4 * count`.
;   - The result comes back in r0. r0, r1, r2 and the flags may be
;     clobbered by a call (caller-saved); r3, r6, r7 and fp are preserved.
;   - The callee builds a frame:   push fp / mov fp, sp
;     so that [fp] = the caller's fp, [fp + 4] = the return address,
;     [fp + 8] = the first argument, and locals live below fp.

.equ DEFAULT_N, 20
.equ NUMBUF_SIZE, 12            ; 10 digits of 2^32 - 1, a newline, 1 spare

        .text
_start:
        mov r3, DEFAULT_N       ; r3 = N, unless there is an argument
        mov r0, [sp]            ; r0 = argc
        cmp r0, 2
        jb have_n               ; argc < 2: no argv[1]
        mov r0, [sp + 8]        ; r0 = argv[1]
        push r0
        call parse_uint         ; r0 = its value
        add sp, 4
        mov r3, r0
have_n:
        push r3
        call fib                ; r0 = fib(N)
        add sp, 4

        push r0
        call print_uint         ; print it and a newline
        add sp, 4

        mov r0, 1               ; exit(0)
        mov r3, 0
        syscall

; fib(n): r0 = the n-th Fibonacci number.
;   Frame:  [fp + 8] = n       (the argument)
;           [fp - 4] = fib(n - 1), kept here across the second call
fib:
        push fp
        mov fp, sp
        sub sp, 4               ; room for one local variable

        mov r0, [fp + 8]        ; r0 = n
        cmp r0, 2
        jb fib_ret              ; n < 2 (unsigned): fib(n) = n, already in r0

        dec r0
        push r0                 ; fib(n - 1)
        call fib
        add sp, 4
        mov [fp - 4], r0        ; save it: the next call clobbers r0

        mov r0, [fp + 8]
        sub r0, 2
        push r0                 ; fib(n - 2)
        call fib
        add sp, 4
        add r0, [fp - 4]        ; r0 = fib(n - 2) + fib(n - 1)

fib_ret:
        mov sp, fp              ; drop the local variable
        pop fp                  ; restore the caller's frame
        ret

; parse_uint(s): r0 = the value of the decimal digits at the start of s.
;   Stops at the first character that is not a digit (the NUL at the latest);
;   an empty string gives 0. No overflow check.
parse_uint:
        push fp
        mov fp, sp
        push r6                 ; r6 is callee-saved: keep the caller's

        mov r6, [fp + 8]        ; r6 -> the next character
        mov r0, 0               ; r0 = the value so far
pu_next:
        movzx r1, byte [r6]     ; r1 = the character
        sub r1, '0'             ; r1 = its digit value, if it is a digit
        cmp r1, 9
        ja pu_done              ; unsigned > 9: not '0'..'9' (this also
                                ; catches characters below '0', which wrap
                                ; around to huge unsigned values)
        mov r2, 10
        imul r0, r2             ; value = value * 10 ...
        add r0, r1              ;         ... + digit
        inc r6
        jmp pu_next
pu_done:
        pop r6
        pop fp
        ret

; print_uint(n): print n as an unsigned decimal number and a newline.
;   The digits come out least significant first, so they are stored
;   backwards from the end of a buffer, then written in one go.
print_uint:
        push fp
        mov fp, sp
        push r3
        push r6

        mov r0, [fp + 8]        ; r0 = n
        mov r6, numbuf + NUMBUF_SIZE ; r6 -> just past the end of the buffer
        dec r6
        mov r1, '\n'
        mov byte [r6], r1       ; the last character is the newline
        mov r2, 10              ; the divisor
pr_digit:                       ; do { ... } while (n != 0), so 0 prints "0"
        mov r1, r0
        remu r1, r2             ; r1 = n % 10
        add r1, '0'             ; as an ASCII digit
        dec r6
        mov byte [r6], r1       ; store it in front of the others
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
