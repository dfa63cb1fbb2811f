.isa stack32
; qsort.s - benchmark: recursive quicksort of a pseudo-random array
; (compares and branches that are hard to predict, calls, swaps).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N).
; Fills an array of N words from xorshift32 (from SEED), sorts it as unsigned
; numbers with quicksort (Hoare partition, the middle element as the pivot,
; recursion on both sides), then prints cs = cs * 31 + a[i] over the sorted
; array, in decimal. The same algorithm as samples/bench/cisc32/qsort.s,
; samples/bench/risc32/qsort.s and bench/js/qsort.mjs (which works with
; indices where this works with pointers), written as javac would compile
; it: variables in locals (ldl/stl), expressions on the operand stack.
;
; Run:      xlat run samples/bench/stack32/qsort.s 5
; Output:   3408321260

.equ DEFAULT_N, 100000
.equ MAX_N, 500000
.equ SEED, 2463534242
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

; bench(n): fill, sort, rv = the checksum.
;   Locals: ldl -1 = n (at most MAX_N)   ldl -2 = p
;           ldl -3 = x, then cs          ldl -4 = words left
bench:
        enter 4
        ldl 2                   ; n
        dup
        push MAX_N
        leu
        jnz qs_n_ok
        drop
        push MAX_N
qs_n_ok:
        dup
        stl -1                  ; n = min(n, MAX_N)
        stl -4                  ; words left
        push array
        stl -2                  ; p = array
        push SEED
        stl -3                  ; x = SEED
        ldl -4
        jz qs_filled
qs_fill:
        ldl -3                  ; x ^= x << 13
        dup
        push 13
        shl
        xor
        dup                     ; x ^= x >> 17
        push 17
        shr
        xor
        dup                     ; x ^= x << 5
        push 5
        shl
        xor
        dup
        stl -3
        ldl -2
        stw                     ; *p = x
        ldl -2
        push 4
        add
        stl -2                  ; p++
        ldl -4
        push 1
        sub
        dup
        stl -4
        jnz qs_fill
qs_filled:
        ldl -1
        push 2
        ltu
        jnz qs_sorted           ; nothing to sort
        ldl -1
        push 1
        sub
        push 2
        shl
        push array
        add                     ; hi = &a[n - 1]
        push array              ; lo = &a[0]
        call quicksort
        drop
        drop
qs_sorted:
        push array
        stl -2                  ; p = array
        push 0
        stl -3                  ; cs = 0
        ldl -1
        dup
        stl -4                  ; words left
        jz qs_summed
qs_sum:
        ldl -3
        push 31
        mul
        ldl -2
        ldw
        add
        stl -3                  ; cs = cs * 31 + *p
        ldl -2
        push 4
        add
        stl -2                  ; p++
        ldl -4
        push 1
        sub
        dup
        stl -4
        jnz qs_sum
qs_summed:
        ldl -3
        setrv
        leave
        ret

; quicksort(lo, hi): sort the words *lo .. *hi (pointers, hi included) as
; unsigned numbers. lo = ldl 2, hi = ldl 3 (lo is pushed last).
;   Locals: ldl -1 = i, ldl -2 = j (pointers too), ldl -3 = pivot.
quicksort:
        enter 3
        ldl 2
        stl -1                  ; i = lo
        ldl 3
        stl -2                  ; j = hi
        ldl 3
        ldl 2
        sub
        push 3
        shr
        push 2
        shl
        ldl 2
        add                     ; the middle element: lo + (hi - lo) / 2
        ldw
        stl -3                  ; pivot
qs_loop:
        ldl -1
        ldl -2
        leu
        jz qs_part_done         ; while (i <= j)
qs_scan_i:
        ldl -1
        ldw
        ldl -3
        ltu
        jz qs_scan_j            ; while (*i < pivot) i++
        ldl -1
        push 4
        add
        stl -1
        jmp qs_scan_i
qs_scan_j:
        ldl -2
        ldw
        ldl -3
        leu
        jnz qs_check            ; while (*j > pivot) j--
        ldl -2
        push 4
        sub
        stl -2
        jmp qs_scan_j
qs_check:
        ldl -1
        ldl -2
        leu
        jz qs_part_done         ; if (i <= j) swap, i++, j--
        ldl -1
        ldw                     ; *i
        ldl -2
        ldw
        ldl -1
        stw                     ; *i = *j
        ldl -2
        stw                     ; *j = the old *i
        ldl -1
        push 4
        add
        stl -1
        ldl -2
        push 4
        sub
        stl -2
        jmp qs_loop
qs_part_done:
        ldl 2
        ldl -2
        ltu
        jz qs_right             ; if (lo < j) quicksort(lo, j)
        ldl -2
        ldl 2
        call quicksort
        drop
        drop
qs_right:
        ldl -1
        ldl 3
        ltu
        jz qs_ret               ; if (i < hi) quicksort(i, hi)
        ldl 3
        ldl -1
        call quicksort
        drop
        drop
qs_ret:
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
array:  .space MAX_N * 4
