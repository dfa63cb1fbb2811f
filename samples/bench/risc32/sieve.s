.isa risc32
# sieve.s - benchmark: count the primes up to N (sieve of Eratosthenes;
# byte loads and stores).
#
# Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N),
# prints how many primes are <= N and a newline, exits 0. The same
# algorithm as samples/bench/cisc32/sieve.s and bench/js/sieve.mjs.
#
# Run:      xlat run samples/bench/risc32/sieve.s 100
# Output:   25

.equ DEFAULT_N, 1000000
.equ MAX_N, 2000000
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

# bench(a0 = n): v0 = the number of primes <= n (flags[] in .bss starts zero).
bench:
        li t0, MAX_N
        cmpule a0, t0, t1
        cmoveq t1, t0, a0       # n = min(n, MAX_N)
        li t4, flags            # t4 = &flags[0]
        clr v0                  # count
        li t5, 2                # i
        li t6, 1                # the byte that marks a composite
sv_next_i:
        cmpule t5, a0, t0
        beq t0, sv_done         # i > N: finished
        addl t4, t5, t1
        ldbu t2, 0(t1)          # flags[i]
        bne t2, sv_not_prime    # marked: composite
        addl v0, 1, v0          # i is prime
        umulh t5, t5, t3
        bne t3, sv_not_prime    # i * i does not fit in 32 bits
        mull t5, t5, t3         # j = i * i
sv_mark:
        cmpule t3, a0, t0
        beq t0, sv_not_prime    # j > N
        addl t4, t3, t1
        stb t6, 0(t1)           # flags[j] = 1
        addl t3, t5, t3         # j += i
        br sv_mark
sv_not_prime:
        addl t5, 1, t5
        br sv_next_i
sv_done:
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

        .bss
numbuf: .space NUMBUF_SIZE
flags:  .space MAX_N + 1
