.isa stack32
; sieve.s - benchmark: count the primes up to N (sieve of Eratosthenes;
; byte loads and stores).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N),
; prints how many primes are <= N and a newline, exits 0. The same
; algorithm as samples/bench/cisc32/sieve.s, samples/bench/risc32/sieve.s
; and bench/js/sieve.mjs, written as javac would compile it: variables in
; locals (ldl/stl), expressions on the operand stack.
;
; Run:      xlat run samples/bench/stack32/sieve.s 100
; Output:   25

.equ DEFAULT_N, 1000000
.equ MAX_N, 2000000
; The largest i whose square fits in 31 bits: stack32 has no overflow flag
; (cisc32 uses jo), so i * i is marked from only while i <= MAX_ROOT. Past
; it, i * i is beyond MAX_N anyway.
.equ MAX_ROOT, 46340
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

; bench(n): rv = the number of primes <= n (flags[] in .bss starts zero).
;   Locals: ldl -1 = N (at most MAX_N)   ldl -2 = i
;           ldl -3 = count                ldl -4 = j
bench:
        enter 4
        ldl 2                   ; n
        dup
        push MAX_N
        leu
        jnz sv_n_ok
        drop
        push MAX_N
sv_n_ok:
        stl -1                  ; N = min(n, MAX_N)
        push 0
        stl -3                  ; count = 0
        push 2
        stl -2                  ; i = 2
sv_next_i:
        ldl -2
        ldl -1
        leu
        jz sv_done              ; i > N: finished
        ldl -2
        push flags
        add
        ldb
        jnz sv_not_prime        ; flags[i] marked: composite
        ldl -3
        push 1
        add
        stl -3                  ; i is prime: count++
        ldl -2
        push MAX_ROOT
        leu
        jz sv_not_prime         ; i * i does not fit: nothing to mark
        ldl -2
        dup
        mul
        stl -4                  ; j = i * i
sv_mark:
        ldl -4
        ldl -1
        leu
        jz sv_not_prime         ; j > N
        push 1
        ldl -4
        push flags
        add
        stb                     ; flags[j] = 1
        ldl -4
        ldl -2
        add
        stl -4                  ; j += i
        jmp sv_mark
sv_not_prime:
        ldl -2
        push 1
        add
        stl -2                  ; i++
        jmp sv_next_i
sv_done:
        ldl -3
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
flags:  .space MAX_N + 1
