.isa cisc32
; sieve.s - count the primes up to N with the sieve of Eratosthenes.
;
; Reads N from argv[1] (decimal; 1000 when absent; values above 1,000,000
; are treated as 1,000,000), prints how many primes are <= N and a newline,
; and exits with status 0.
;
; Run:      xlat run samples/cisc32/sieve.s 100
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
; What it shows: byte loads and stores with a label as the displacement
; (`[r6 + flags]` is the address flags + r6), and the flags set by imul.

.equ DEFAULT_N, 1000
.equ MAX_N, 1000000
.equ NUMBUF_SIZE, 12

        .text
_start:
        mov r3, DEFAULT_N       ; r3 = N
        mov r0, [sp]            ; argc
        cmp r0, 2
        jb have_n               ; no argv[1]: keep the default
        mov r0, [sp + 8]
        push r0
        call parse_uint         ; r0 = the value of argv[1]
        add sp, 4
        mov r3, r0
        cmp r3, MAX_N
        jbe have_n              ; N <= MAX_N: fine
        mov r3, MAX_N           ; else limit it to the size of the array
have_n:
        mov r7, 0               ; r7 = count of primes found
        mov r2, 1               ; r2 = the byte value that marks a composite
        mov r6, 2               ; r6 = i, the candidate
next_i:
        cmp r6, r3
        ja sieve_done           ; i > N: finished

        movzx r1, byte [r6 + flags] ; r1 = flags[i]
        test r1, r1
        jne not_prime           ; marked: composite

        inc r7                  ; i is prime: count it
        mov r0, r6
        imul r0, r6             ; r0 = j = i * i
        jo not_prime            ; i * i does not fit in 32 bits (signed):
                                ; far beyond N, nothing to mark
mark:
        cmp r0, r3
        ja not_prime            ; j > N: done marking multiples of i
        mov byte [r0 + flags], r2 ; flags[j] = 1
        add r0, r6              ; j = j + i
        jmp mark

not_prime:
        inc r6                  ; i = i + 1
        jmp next_i

sieve_done:
        push r7
        call print_uint
        add sp, 4

        mov r0, 1               ; exit(0)
        mov r3, 0
        syscall

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
flags:  .space MAX_N + 1        ; flags[0..MAX_N]
