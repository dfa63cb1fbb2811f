.isa stack32
; sieve.s - count the primes up to N with the sieve of Eratosthenes.
;
; Reads N from argv[1] (decimal; 1000 when absent; values above 1,000,000
; are treated as 1,000,000), prints how many primes are <= N and a newline,
; and exits with status 0.
;
; Run:      xlat run samples/stack32/sieve.s 100
; Output:   25
; (no argument: 168, the primes up to 1000; with 1000000: 78498)
;
; The algorithm: a byte array flags[0..N], all 0 at the start (it is in
; .bss, which the loader fills with zeros). flags[j] = 1 means "j is known
; to be composite".
;
;       count = 0
;       for i = 2 to N:
;           if flags[i] == 0:               ; i is prime
;               count = count + 1
;               for j = i * i to N step i:  ; smaller multiples of i are
;                   flags[j] = 1            ; already marked
;       print count
;
; What it shows: byte loads and stores (ldb/stb work at any address; the
; address flags + j is computed on the operand stack), compares that push 0
; or 1 followed by a jump on that value, and a way to stay clear of a
; product that does not fit in 32 bits, for a machine that has no overflow
; flag and no high half of a product: i * i <= N exactly when i <= N / i
; (unsigned division, rounding down), so i * i is only computed when the
; test says it is at most N.
;
; Comments in brackets show the operand stack after the instruction, its top
; on the right: [a b] means b is on top and a just below it.

.equ DEFAULT_N, 1000
.equ MAX_N, 1000000
.equ NUMBUF_SIZE, 12

        .text
_start:
        enter 3                 ; a frame over the start stack: ldl 1 = argc,
                                ; ldl 3 = argv[1]; and three local variables:
                                ;   ldl -1 = N
                                ;   ldl -2 = count of primes found
                                ;   ldl -3 = i, the candidate
        push DEFAULT_N
        stl -1                  ; N = DEFAULT_N, unless there is an argument
        ldl 1
        push 2
        ltu                     ; [argc<2]
        jnz have_n              ; no argv[1]: keep the default
        ldl 3
        call parse_uint         ; the value of argv[1]
        drop
        getrv
        stl -1                  ; N = that value
        ldl -1
        push MAX_N
        leu                     ; [N<=MAX_N]
        jnz have_n              ; N <= MAX_N: fine
        push MAX_N
        stl -1                  ; else limit it to the size of the array
have_n:
        push 0
        stl -2                  ; count = 0
        push 2
        stl -3                  ; i = 2
next_i:
        ldl -3
        ldl -1
        leu                     ; [i<=N]
        jz sieve_done           ; i > N: finished

        push flags
        ldl -3
        add
        ldb                     ; [flags[i]]
        jnz not_prime           ; marked: composite

        ldl -2                  ; i is prime: count it
        push 1
        add
        stl -2

        ldl -3
        ldl -1
        ldl -3
        divu                    ; [i N/i]
        leu                     ; [i<=N/i]  that is, i * i <= N
        jz not_prime            ; i * i > N: nothing to mark
        ldl -3
        ldl -3
        mul                     ; [j]  j = i * i
mark:                           ; [j]
        dup
        ldl -1
        leu                     ; [j j<=N]
        jz mark_done            ; [j]  j > N: done marking multiples of i
        push 1                  ; [j 1]  the byte that marks a composite
        over
        push flags
        add                     ; [j 1 flags+j]
        stb                     ; [j]  flags[j] = 1
        ldl -3
        add                     ; [j+i]  j = j + i
        jmp mark
mark_done:
        drop                    ; []

not_prime:
        ldl -3
        push 1
        add
        stl -3                  ; i = i + 1
        jmp next_i

sieve_done:
        ldl -2
        call print_uint         ; print count and a newline
        drop

        push 0                  ; exit(0)
        push 0
        push 0                  ; a1: status 0
        push 60                 ; nr: 60 = exit
        syscall

; parse_uint(s): rv = the value of the decimal digits at the start of s.
;   Frame: ldl 2 = s; ldl -1 = p. The value stays on the operand stack.
parse_uint:
        enter 1
        ldl 2
        stl -1                  ; p = s
        push 0                  ; [value]
pu_next:
        ldl -1
        ldb                     ; [value c]
        push '0'
        sub                     ; [value d]  the digit's value
        dup
        push 9
        leu
        jz pu_done              ; not a digit (unsigned compare)
        swap
        push 10
        mul
        add                     ; [value]  value = value * 10 + digit
        ldl -1
        push 1
        add
        stl -1                  ; p = p + 1
        jmp pu_next
pu_done:
        drop                    ; [value]
        setrv
        leave
        ret

; print_uint(n): print n as an unsigned decimal number and a newline.
;   Frame: ldl 2 = n; ldl -1 = p, where the last character went.
print_uint:
        enter 1
        push numbuf + NUMBUF_SIZE - 1 ; digits are stored backwards from the end
        stl -1
        push '\n'
        ldl -1
        stb
        ldl 2                   ; [n]
pr_digit:
        dup
        push 10
        remu                    ; [n n%10]
        push '0'
        add
        ldl -1
        push 1
        sub
        dup
        stl -1                  ; p = p - 1
        stb                     ; [n]  *p = the digit
        push 10
        divu                    ; [n/10]  n = n / 10
        dup
        jnz pr_digit
        drop

        push numbuf + NUMBUF_SIZE
        ldl -1
        sub                     ; a3: count = end - p
        ldl -1                  ; a2: buf = p
        push 1                  ; a1: fd 1
        push 1                  ; nr: 1 = write
        syscall
        setrv
        leave
        ret

        .bss
numbuf: .space NUMBUF_SIZE
flags:  .space MAX_N + 1        ; flags[0..MAX_N]
