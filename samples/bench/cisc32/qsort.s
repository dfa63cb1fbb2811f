.isa cisc32
; qsort.s - benchmark: recursive quicksort of a pseudo-random array
; (compares and branches that are hard to predict, calls, swaps).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N).
; Fills an array of N words from xorshift32 (from SEED), sorts it as unsigned
; numbers with quicksort (Hoare partition, the middle element as the pivot,
; recursion on both sides), then prints cs = cs * 31 + a[i] over the sorted
; array, in decimal. The same algorithm as samples/bench/risc32/qsort.s and
; bench/js/qsort.mjs (which works with indices where this works with
; pointers).
;
; Run:      xlat run samples/bench/cisc32/qsort.s 5
; Output:   3408321260

.equ DEFAULT_N, 100000
.equ MAX_N, 500000
.equ SEED, 2463534242
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

; bench(n): fill, sort, r0 = the checksum.
bench:
        push fp
        mov fp, sp
        push r3
        push r6
        push r7
        mov r3, [fp + 8]        ; r3 = n
        cmp r3, MAX_N
        jbe qs_n_ok
        mov r3, MAX_N
qs_n_ok:
        mov r2, r3
        mov r7, array
        mov r0, SEED
        test r2, r2
        je qs_filled
qs_fill:
        mov r1, r0              ; x ^= x << 13
        shl r1, 13
        xor r0, r1
        mov r1, r0              ; x ^= x >> 17
        shr r1, 17
        xor r0, r1
        mov r1, r0              ; x ^= x << 5
        shl r1, 5
        xor r0, r1
        mov [r7], r0
        add r7, 4
        dec r2
        jne qs_fill
qs_filled:
        cmp r3, 2
        jb qs_sorted            ; nothing to sort
        mov r0, r3
        dec r0
        shl r0, 2
        add r0, array
        push r0                 ; hi = &a[n - 1]
        push array              ; lo = &a[0]
        call quicksort
        add sp, 8
qs_sorted:
        mov r6, array
        mov r0, 0               ; cs
        mov r2, 31
        test r3, r3
        je qs_summed
qs_sum:
        imul r0, r2
        add r0, [r6]            ; cs = cs * 31 + a[i]
        add r6, 4
        dec r3
        jne qs_sum
qs_summed:
        pop r7
        pop r6
        pop r3
        pop fp
        ret

; quicksort(lo, hi): sort the words *lo .. *hi (pointers, hi included) as
; unsigned numbers. i and j are pointers too: i = r6, j = r7, pivot = r3.
quicksort:
        push fp
        mov fp, sp
        push r3
        push r6
        push r7
        mov r6, [fp + 8]        ; i = lo
        mov r7, [fp + 12]       ; j = hi
        mov r0, r7
        sub r0, r6
        shr r0, 3
        shl r0, 2
        add r0, r6              ; the middle element: lo + (hi - lo) / 2
        mov r3, [r0]            ; pivot
qs_loop:
        cmp r6, r7
        ja qs_part_done         ; while (i <= j)
qs_scan_i:
        cmp [r6], r3
        jae qs_scan_j           ; while (*i < pivot) i++
        add r6, 4
        jmp qs_scan_i
qs_scan_j:
        cmp [r7], r3
        jbe qs_check            ; while (*j > pivot) j--
        sub r7, 4
        jmp qs_scan_j
qs_check:
        cmp r6, r7
        ja qs_part_done         ; if (i <= j) swap, i++, j--
        mov r0, [r6]
        mov r1, [r7]
        mov [r6], r1
        mov [r7], r0
        add r6, 4
        sub r7, 4
        jmp qs_loop
qs_part_done:
        cmp [fp + 8], r7
        jae qs_right            ; if (lo < j) quicksort(lo, j)
        push r7
        mov r0, [fp + 8]
        push r0
        call quicksort
        add sp, 8
qs_right:
        cmp r6, [fp + 12]
        jae qs_ret              ; if (i < hi) quicksort(i, hi)
        mov r0, [fp + 12]
        push r0
        push r6
        call quicksort
        add sp, 8
qs_ret:
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
array:  .space MAX_N * 4
