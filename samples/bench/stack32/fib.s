.isa stack32
; fib.s - benchmark: naive doubly recursive Fibonacci (calls and returns).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent), prints fib(N)
; modulo 2^32 in decimal and a newline, exits 0. The same algorithm as
; samples/bench/cisc32/fib.s, samples/bench/risc32/fib.s and
; bench/js/fib.mjs (`xlat bench fib`), written as javac would compile it:
; variables in locals (ldl/stl), expressions on the operand stack, so
; fib(n - 1) waits on the operand stack while fib(n - 2) is computed.
;
; Run:      xlat run samples/bench/stack32/fib.s 20
; Output:   6765

.equ DEFAULT_N, 27
.equ NUMBUF_SIZE, 12

        .text
_start:
        enter 0                 ; fp over the start words: ldl 1 = argc, ldl 3 = argv[1]
        push DEFAULT_N          ; N, unless there is an argument
        ldl 1                   ; argc
        push 2
        lt
        jnz have_n              ; no argv[1]: keep the default
        drop
        ldl 3                   ; argv[1]
        call parse_uint
        drop
        getrv                   ; N = its value
have_n:
        call bench              ; the argument: N
        drop
        getrv                   ; the checksum
        call print_uint
        drop
        push 0                  ; exit(0)
        push 0
        push 0
        push 60
        syscall

; bench(n): rv = fib(n). No locals: n is ldl 2.
bench:
fib:
        enter 0
        ldl 2                   ; n
        dup
        push 2
        ltu
        jnz fib_ret             ; n < 2 (unsigned): fib(n) = n
        push 1
        sub
        call fib                ; fib(n - 1)
        drop
        getrv                   ; stays on the operand stack
        ldl 2
        push 2
        sub
        call fib                ; fib(n - 2)
        drop
        getrv
        add                     ; fib(n - 1) + fib(n - 2)
fib_ret:
        setrv
        leave
        ret

; parse_uint(s): rv = the value of the decimal digits at the start of s.
;   Locals: ldl -1 = the value so far; s (ldl 2) moves along the string.
parse_uint:
        enter 1
        push 0
        stl -1                  ; value = 0
pu_next:
        ldl 2
        ldb                     ; the character
        push '0'
        sub                     ; the digit's value
        dup
        push 9
        leu
        jz pu_done              ; not a digit (unsigned compare)
        ldl -1
        push 10
        mul
        add
        stl -1                  ; value = value * 10 + digit
        ldl 2
        push 1
        add
        stl 2                   ; s++
        jmp pu_next
pu_done:
        drop                    ; the non-digit
        ldl -1
        setrv
        leave
        ret

; print_uint(n): print n as an unsigned decimal number and a newline.
;   Locals: ldl -1 = p, where the next digit goes (digits are stored
;   backwards from the end of numbuf); n (ldl 2) is divided down to 0.
print_uint:
        enter 1
        push numbuf + NUMBUF_SIZE - 1
        stl -1
        push '\n'
        ldl -1
        stb                     ; *p = '\n'
pr_digit:
        ldl -1
        push 1
        sub
        stl -1                  ; p--
        ldl 2
        push 10
        remu
        push '0'
        add
        ldl -1
        stb                     ; *p = '0' + n % 10
        ldl 2
        push 10
        divu
        dup
        stl 2                   ; n = n / 10
        jnz pr_digit
        push numbuf + NUMBUF_SIZE
        ldl -1
        sub                     ; a3: the number of characters
        ldl -1                  ; a2: buf = p
        push 1                  ; a1: fd 1
        push 1                  ; nr: 1 = write
        syscall
        drop
        leave
        ret

        .bss
numbuf: .space NUMBUF_SIZE
