.isa stack32
; cat.s - copy standard input to standard output.
;
; Reads standard input in chunks of up to 4096 bytes into a buffer in .bss
; and writes each chunk out, until read returns 0 (end of input). Exits with
; status 0, or with status 1 if a read or a write fails.
;
; Run:      echo "some text" | xlat run samples/stack32/cat.s
; Output:   some text
;
; What it shows: a buffer in .bss (zero-filled memory that takes no room in
; the executable), checking system-call results (a negative result is
; -errno) with compares that push 0 or 1 and a jump on that value, handling
; a short write by writing the rest, and local variables: _start makes
; itself a frame with `enter 3`, as a function does (see fib.s), and keeps
; its variables in it, read with ldl and written with stl.
;
; Comments in brackets show the operand stack after the instruction, its top
; on the right: [a b] means b is on top and a just below it.

.equ BUFSIZE, 4096

        .text
_start:
        enter 3                 ; three local variables:
                                ;   ldl -1 = n, the result of the last call
                                ;   ldl -2 = p, the next byte to write
                                ;   ldl -3 = left, the bytes still to write
read_chunk:
        push BUFSIZE            ; a3: count
        push buf                ; a2: buf
        push 0                  ; a1: fd 0, standard input
        push 0                  ; nr: 0 = read
        syscall                 ; [n]  bytes read, 0 at end, < 0 on error
        stl -1
        ldl -1
        jz at_eof               ; 0: end of input
        ldl -1
        push 0
        lt                      ; [n < 0]  (signed compare)
        jnz failed              ; negative: an error

        push buf
        stl -2                  ; p = buf
        ldl -1
        stl -3                  ; left = n
write_rest:
        ldl -3                  ; a3: count = left
        ldl -2                  ; a2: buf = p
        push 1                  ; a1: fd 1, standard output
        push 1                  ; nr: 1 = write
        syscall                 ; [n]  bytes written, < 0 on error
        stl -1
        ldl -1
        push 0
        le                      ; [n <= 0]
        jnz failed              ; an error (or no progress at all)
        ldl -2
        ldl -1
        add
        stl -2                  ; p = p + n: skip what was written
        ldl -3
        ldl -1
        sub                     ; [left - n]
        dup
        stl -3                  ; left = left - n
        jnz write_rest          ; a short write: write the rest
        jmp read_chunk

at_eof:
        push 0                  ; exit(0)
        push 0
        push 0                  ; a1: status 0
        push 60                 ; nr: 60 = exit
        syscall

failed:
        push 0                  ; exit(1)
        push 0
        push 1                  ; a1: status 1
        push 60                 ; nr: 60 = exit
        syscall

        .bss
buf:    .space BUFSIZE
