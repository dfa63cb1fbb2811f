.isa risc32
# qsort.s - benchmark: recursive quicksort of a pseudo-random array
# (compares and branches that are hard to predict, calls, swaps).
#
# Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N).
# Fills an array of N words from xorshift32 (from SEED), sorts it as unsigned
# numbers with quicksort (Hoare partition, the middle element as the pivot,
# recursion on both sides), then prints cs = cs * 31 + a[i] over the sorted
# array, in decimal. The same algorithm as samples/bench/cisc32/qsort.s and
# bench/js/qsort.mjs (which works with indices where this works with
# pointers).
#
# Run:      xlat run samples/bench/risc32/qsort.s 5
# Output:   3408321260

.equ DEFAULT_N, 100000
.equ MAX_N, 500000
.equ SEED, 2463534242
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

# bench(a0 = n): fill, sort, v0 = the checksum.
#   Frame (16 bytes): 0(sp) ra, 4(sp) s0 (s0 = n during the body).
bench:
        lda sp, -16(sp)
        stw ra, 0(sp)
        stw s0, 4(sp)
        li t0, MAX_N
        cmpule a0, t0, t1
        cmoveq t1, t0, a0       # n = min(n, MAX_N)
        mov a0, s0
        mov a0, t6
        li t7, array
        li v0, SEED
        beq t6, qs_filled
qs_fill:
        sll v0, 13, t8          # x ^= x << 13
        xor v0, t8, v0
        srl v0, 17, t8          # x ^= x >> 17
        xor v0, t8, v0
        sll v0, 5, t8           # x ^= x << 5
        xor v0, t8, v0
        stw v0, 0(t7)
        addl t7, 4, t7
        subl t6, 1, t6
        bne t6, qs_fill
qs_filled:
        cmpult s0, 2, t0
        bne t0, qs_sorted       # nothing to sort
        li a0, array            # lo = &a[0]
        subl s0, 1, t0
        s4addl t0, a0, a1       # hi = &a[n - 1]
        call quicksort
qs_sorted:
        li t0, array
        clr v0                  # cs
        beq s0, qs_summed
qs_sum:
        ldw t1, 0(t0)
        mull v0, 31, v0
        addl v0, t1, v0         # cs = cs * 31 + a[i]
        addl t0, 4, t0
        subl s0, 1, s0
        bne s0, qs_sum
qs_summed:
        ldw ra, 0(sp)
        ldw s0, 4(sp)
        lda sp, 16(sp)
        ret

# quicksort(a0 = lo, a1 = hi): sort the words *lo .. *hi (pointers, hi
# included) as unsigned numbers. s0 = i, s1 = j, s2 = pivot, s3 = lo, s4 = hi.
#   Frame (32 bytes): ra, s0 .. s4.
quicksort:
        lda sp, -32(sp)
        stw ra, 0(sp)
        stw s0, 4(sp)
        stw s1, 8(sp)
        stw s2, 12(sp)
        stw s3, 16(sp)
        stw s4, 20(sp)
        mov a0, s3
        mov a1, s4
        mov a0, s0              # i = lo
        mov a1, s1              # j = hi
        subl s1, s0, t0
        srl t0, 3, t0
        sll t0, 2, t0
        addl s0, t0, t0         # the middle element: lo + (hi - lo) / 2
        ldw s2, 0(t0)           # pivot
qs_loop:
        cmpule s0, s1, t0
        beq t0, qs_part_done    # while (i <= j)
qs_scan_i:
        ldw t0, 0(s0)
        cmpult t0, s2, t1
        beq t1, qs_scan_j       # while (*i < pivot) i++
        addl s0, 4, s0
        br qs_scan_i
qs_scan_j:
        ldw t0, 0(s1)
        cmpult s2, t0, t1
        beq t1, qs_check        # while (*j > pivot) j--
        subl s1, 4, s1
        br qs_scan_j
qs_check:
        cmpule s0, s1, t1
        beq t1, qs_part_done    # if (i <= j) swap, i++, j--
        ldw t0, 0(s0)
        ldw t1, 0(s1)
        stw t1, 0(s0)
        stw t0, 0(s1)
        addl s0, 4, s0
        subl s1, 4, s1
        br qs_loop
qs_part_done:
        cmpult s3, s1, t0
        beq t0, qs_right        # if (lo < j) quicksort(lo, j)
        mov s3, a0
        mov s1, a1
        call quicksort
qs_right:
        cmpult s0, s4, t0
        beq t0, qs_ret          # if (i < hi) quicksort(i, hi)
        mov s0, a0
        mov s4, a1
        call quicksort
qs_ret:
        ldw ra, 0(sp)
        ldw s0, 4(sp)
        ldw s1, 8(sp)
        ldw s2, 12(sp)
        ldw s3, 16(sp)
        ldw s4, 20(sp)
        lda sp, 32(sp)
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
        .align 4
array:  .space MAX_N * 4
