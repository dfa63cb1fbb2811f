.isa stack32
; fib.s - Fibonacci numbers, the slow way (naive double recursion).
;
; Reads N from argv[1] (decimal; 20 when absent), computes fib(N) with
;
;       fib(n) = n                        if n < 2
;       fib(n) = fib(n - 1) + fib(n - 2)  otherwise
;
; prints the result in decimal and a newline, and exits with status 0.
; fib(N) needs about 2 * fib(N + 1) calls, so this is a good workout for
; calls and returns. Results wrap around modulo 2^32 beyond fib(47).
;
; Run:      xlat run samples/stack32/fib.s 20
; Output:   6765
; (no argument: the same as 20; `xlat run samples/stack32/fib.s 30` prints
; 832040)
;
; What it shows: the stack call convention of stack32 (manual §3, Control).
;   - The caller pushes the arguments (right to left, so the first argument
;     is pushed last), executes `call` (which pushes the return address),
;     and afterwards drops the arguments and pushes the result with `getrv`.
;   - The callee starts with `enter n`: it pushes the caller's fp, points
;     fp at it and makes room for n local variables below it:
;
;       ldl 2       mem32[fp + 8]   the argument pushed last
;       ldl 1       mem32[fp + 4]   the return address
;       ldl 0       mem32[fp]       the caller's fp
;       ldl -1      mem32[fp - 4]   the first local variable
;       ...
;       ldl -n      mem32[fp - 4n]  the last local (sp points here)
;
;     Values it pushes after that go below the locals.
;   - The callee ends with `setrv` (pop the result into rv), `leave`
;     (sp = fp, then pop the caller's fp) and `ret` (pop the return address
;     and jump there).
;   - Nothing else needs saving: the caller's values on the operand stack
;     lie above the callee's frame and are left alone. Only rv changes.
;   - _start uses `enter` too, with no caller: fp then points just below
;     argc, so ldl 1 = argc and ldl 3 = argv[1].
;
; Comments in brackets show the operand stack after the instruction, its top
; on the right: [a b] means b is on top and a just below it.

.equ DEFAULT_N, 20
.equ NUMBUF_SIZE, 12            ; 10 digits of 2^32 - 1, a newline, 1 spare

        .text
_start:
        enter 0                 ; a frame over the start stack: ldl 1 = argc,
                                ; ldl 2 = argv[0], ldl 3 = argv[1]
        push DEFAULT_N          ; [N]  unless there is an argument
        ldl 1
        push 2
        ltu                     ; [N argc<2]
        jnz have_n              ; argc < 2: no argv[1]
        drop                    ; []
        ldl 3                   ; [argv[1]]
        call parse_uint
        drop                    ; []
        getrv                   ; [N]  its value
have_n:
        call fib                ; fib(N)
        drop
        getrv                   ; [fib(N)]

        call print_uint         ; print it and a newline
        drop

        push 0                  ; exit(0)
        push 0
        push 0                  ; a1: status 0
        push 60                 ; nr: 60 = exit
        syscall

; fib(n): rv = the n-th Fibonacci number.
;   Frame:  ldl 2  = n         (the argument)
;           ldl -1 = fib(n - 1), kept here across the second call
fib:
        enter 1                 ; one local variable

        ldl 2
        dup                     ; [n n]
        push 2
        ltu                     ; [n n<2]  (unsigned compare)
        jnz fib_ret             ; [n]  n < 2: fib(n) = n, already on the stack
        drop                    ; []

        ldl 2
        push 1
        sub                     ; [n-1]
        call fib                ; fib(n - 1)
        drop                    ; []
        getrv
        stl -1                  ; save it: the next call overwrites rv

        ldl 2
        push 2
        sub                     ; [n-2]
        call fib                ; fib(n - 2)
        drop                    ; []
        getrv
        ldl -1
        add                     ; [fib(n-2)+fib(n-1)]

fib_ret:                        ; [result]
        setrv                   ; rv = result
        leave                   ; drop the local, restore the caller's fp
        ret

; parse_uint(s): rv = the value of the decimal digits at the start of s.
;   Stops at the first character that is not a digit (the NUL at the latest);
;   an empty string gives 0. No overflow check.
;   Frame:  ldl 2  = s
;           ldl -1 = p, the next character
;   The value so far stays on the operand stack.
parse_uint:
        enter 1
        ldl 2
        stl -1                  ; p = s
        push 0                  ; [value]  0 so far
pu_next:
        ldl -1
        ldb                     ; [value c]  the character *p
        push '0'
        sub                     ; [value d]  its digit value, if it is a digit
        dup
        push 9
        leu                     ; [value d d<=9]
        jz pu_done              ; [value d]  unsigned > 9: not '0'..'9' (this
                                ; also catches characters below '0', which
                                ; wrap around to huge unsigned values)
        swap                    ; [d value]
        push 10
        mul                     ; [d value*10]
        add                     ; [value]  value = value * 10 + digit
        ldl -1
        push 1
        add
        stl -1                  ; p = p + 1
        jmp pu_next
pu_done:
        drop                    ; [value]  drop the non-digit
        setrv
        leave
        ret

; print_uint(n): print n as an unsigned decimal number and a newline.
;   The digits come out least significant first, so they are stored
;   backwards from the end of a buffer, then written in one go.
;   Frame:  ldl 2  = n
;           ldl -1 = p, where the last character went
;   Returns (in rv) what write returned.
print_uint:
        enter 1
        push numbuf + NUMBUF_SIZE - 1
        stl -1                  ; p -> the last byte of the buffer
        push '\n'
        ldl -1
        stb                     ; the last character is the newline

        ldl 2                   ; [n]
pr_digit:                       ; do { ... } while (n != 0), so 0 prints "0"
        dup
        push 10
        remu                    ; [n n%10]
        push '0'
        add                     ; [n digit]  as an ASCII digit
        ldl -1
        push 1
        sub
        dup
        stl -1                  ; [n digit p]  p = p - 1
        stb                     ; [n]  store the digit in front of the others
        push 10
        divu                    ; [n/10]  n = n / 10
        dup
        jnz pr_digit
        drop                    ; []

        push numbuf + NUMBUF_SIZE
        ldl -1
        sub                     ; a3: count = end - p
        ldl -1                  ; a2: buf = p
        push 1                  ; a1: fd 1, standard output
        push 1                  ; nr: 1 = write
        syscall                 ; [result]
        setrv
        leave
        ret

        .bss
numbuf: .space NUMBUF_SIZE
