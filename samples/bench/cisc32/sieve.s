.isa cisc32
; sieve.s - benchmark: count the primes up to N (sieve of Eratosthenes;
; byte loads and stores).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N),
; prints how many primes are <= N and a newline, exits 0. The same
; algorithm as samples/bench/risc32/sieve.s and bench/js/sieve.mjs.
;
; Run:      xlat run samples/bench/cisc32/sieve.s 100
; Output:   25

.equ DEFAULT_N, 1000000
.equ MAX_N, 2000000
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

; bench(n): r0 = the number of primes <= n (flags[] in .bss starts zero).
bench:
        push fp
        mov fp, sp
        push r3
        push r6
        push r7
        mov r3, [fp + 8]        ; r3 = N
        cmp r3, MAX_N
        jbe sv_n_ok
        mov r3, MAX_N
sv_n_ok:
        mov r7, 0               ; r7 = count
        mov r2, 1               ; the byte that marks a composite
        mov r6, 2               ; r6 = i
sv_next_i:
        cmp r6, r3
        ja sv_done              ; i > N: finished
        movzx r1, byte [r6 + flags]
        test r1, r1
        jne sv_not_prime        ; marked: composite
        inc r7                  ; i is prime
        mov r0, r6
        imul r0, r6             ; j = i * i
        jo sv_not_prime         ; does not fit in 32 bits: nothing to mark
sv_mark:
        cmp r0, r3
        ja sv_not_prime         ; j > N
        mov byte [r0 + flags], r2 ; flags[j] = 1
        add r0, r6              ; j += i
        jmp sv_mark
sv_not_prime:
        inc r6
        jmp sv_next_i
sv_done:
        mov r0, r7
        pop r7
        pop r6
        pop r3
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
flags:  .space MAX_N + 1
