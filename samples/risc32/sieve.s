.isa risc32
# sieve.s - count the primes up to N with the sieve of Eratosthenes.
#
# Reads N from argv[1] (decimal; 1000 when absent; values above 1,000,000
# are treated as 1,000,000), prints how many primes are <= N and a newline,
# and exits with status 0.
#
# Run:      xlat run samples/risc32/sieve.s 100
# Output:   25
# (no argument: 168, the primes up to 1000; with 1000000: 78498)
#
# The algorithm: a byte array flags[0..N], all 0 at the start (it is in
# .bss, which the loader fills with zeros). flags[j] = 1 means "j is known
# to be composite".
#
#       count = 0
#       for i = 2 to N:
#           if flags[i] == 0:               # i is prime
#               count = count + 1
#               for j = i * i to N step i:  # smaller multiples of i are
#                   flags[j] = 1            # already marked
#       print count
#
# What it shows: byte loads and stores (ldbu/stb work at any address, unlike
# ldw/stw), compares that write 0 or 1 into a register followed by a branch
# on that register, a conditional move, and umulh to detect that a product
# does not fit in 32 bits.

.equ DEFAULT_N, 1000
.equ MAX_N, 1000000
.equ NUMBUF_SIZE, 12

        .text
_start:
        li s0, DEFAULT_N        # s0 = N
        ldw t0, 0(sp)           # t0 = argc
        cmplt t0, 2, t0         # t0 = 1 if argc < 2
        bne t0, have_n          # no argv[1]: keep the default
        ldw a0, 8(sp)           # a0 = argv[1]
        call parse_uint
        mov v0, s0              # s0 = its value
        li t0, MAX_N
        cmpule s0, t0, t1       # t1 = 1 if N <= MAX_N
        cmoveq t1, t0, s0       # if not, N = MAX_N (the size of the array)
have_n:
        li s1, flags            # s1 = address of flags[0]
        clr s2                  # s2 = count of primes found
        li s3, 2                # s3 = i, the candidate
        li s4, 1                # s4 = the byte value that marks a composite
next_i:
        cmpule s3, s0, t0       # t0 = 1 if i <= N
        beq t0, sieve_done      # i > N: finished

        addl s1, s3, t1         # t1 = &flags[i]
        ldbu t2, 0(t1)          # t2 = flags[i]
        bne t2, not_prime       # marked: composite

        addl s2, 1, s2          # i is prime: count it
        umulh s3, s3, t3        # t3 = high 32 bits of i * i
        bne t3, not_prime       # i * i >= 2^32: far beyond N, nothing to mark
        mull s3, s3, t3         # t3 = j = i * i
mark:
        cmpule t3, s0, t0       # t0 = 1 if j <= N
        beq t0, not_prime       # j > N: done marking multiples of i
        addl s1, t3, t1         # t1 = &flags[j]
        stb s4, 0(t1)           # flags[j] = 1
        addl t3, s3, t3         # j = j + i
        br mark

not_prime:
        addl s3, 1, s3          # i = i + 1
        br next_i

sieve_done:
        mov s2, a0
        call print_uint

        li v0, 1                # exit(0)
        clr a0
        callsys

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
flags:  .space MAX_N + 1        # flags[0..MAX_N]
