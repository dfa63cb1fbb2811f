.isa stack32
; echo.s - print the command-line arguments, like /bin/echo.
;
; Prints argv[1], argv[2], ... separated by single spaces and followed by a
; newline, then exits with status 0. With no arguments it prints just the
; newline.
;
; Run:      xlat run samples/stack32/echo.s hello from stack32
; Output:   hello from stack32
;
; What it shows: the process start stack. When the program starts, sp points
; at argc; above it lie the argv pointers, then a 0 that ends them (then the
; environment, which is empty). All are big-endian words:
;
;       mem32[sp]       argc
;       mem32[sp + 4]   argv[0]   (the program's path)
;       mem32[sp + 8]   argv[1]
;       ...
;       mem32[sp + 4*argc + 4]  0
;
; _start makes itself a frame with `enter`, as a function does (see fib.s).
; fp then points at the saved fp (a 0) just below argc, so the start words
; can be read with ldl: ldl 1 = argc, ldl 2 = argv[0], ldl 3 = argv[1], ...
; We walk the argv pointers from argv[1] until the 0, so argc is not needed.
; It also shows a subroutine called with the stack convention: the argument
; is pushed, `call` pushes the return address, the callee builds a frame with
; `enter`, and the caller drops the argument after `ret`.
;
; Comments in brackets show the operand stack after the instruction, its top
; on the right: [a b] means b is on top and a just below it.

        .text
_start:
        enter 2                 ; the frame: two locals,
                                ;   ldl -1 = p, the address of the argv slot
                                ;   ldl -2 = how many arguments we have printed
        getsp                   ; [fp - 8]  (sp before this push: fp less the
                                ;            two locals)
        push 8 + 3 * 4
        add                     ; [fp + 12] the address of argv[1], which
                                ;           ldl 3 reads
        stl -1                  ; p -> argv[1], the first argument slot
        push 0
        stl -2                  ; printed = 0

next_arg:
        ldl -1
        ldw                     ; [argv[i]]
        jz done                 ; the 0 pointer ends the list

        ldl -2                  ; not the first argument?
        jz no_space
        push space              ;   then print a space before it
        call print_str
        drop                    ;   (drop the argument)
no_space:
        ldl -1
        ldw                     ; [argv[i]]
        call print_str          ; print it
        drop

        ldl -2
        push 1
        add
        stl -2                  ; one more printed
        ldl -1
        push 4
        add
        stl -1                  ; p -> the next argv slot
        jmp next_arg

done:
        push newline            ; end the line
        call print_str
        drop

        push 0                  ; exit(0)
        push 0
        push 0                  ; a1: status 0
        push 60                 ; nr: 60 = exit
        syscall

; print_str(s): write the NUL-terminated string s to standard output.
;   Frame: ldl 2 = s. No locals: the scanning pointer p stays on the operand
;   stack. Returns (in rv) what write returned; echo does not use it.
print_str:
        enter 0
        ldl 2                   ; [p]  p = s, scans for the terminating 0
ps_scan:
        dup
        ldb                     ; [p *p]
        jz ps_found             ; [p]  reached the NUL
        push 1
        add                     ; [p + 1]
        jmp ps_scan
ps_found:
        ldl 2
        sub                     ; [p - s]  the length, already in place as a3

        ldl 2                   ; a2: buf = s
        push 1                  ; a1: fd 1, standard output
        push 1                  ; nr: 1 = write
        syscall                 ; [result]
        setrv                   ; rv = the bytes written (or -errno)
        leave
        ret

        .data
space:  .asciz " "
newline: .asciz "\n"
