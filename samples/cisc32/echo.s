.isa cisc32
; echo.s - print the command-line arguments, like /bin/echo.
;
; Prints argv[1], argv[2], ... separated by single spaces and followed by a
; newline, then exits with status 0. With no arguments it prints just the
; newline.
;
; Run:      xlat run samples/cisc32/echo.s hello from cisc32
; Output:   hello from cisc32
;
; What it shows: the process start stack. When the program starts, sp points
; at argc; above it lie the argv pointers, then a 0 that ends them (then the
; environment, which is empty):
;
;       [sp]       argc
;       [sp + 4]   argv[0]   (the program's path)
;       [sp + 8]   argv[1]
;       ...
;       [sp + 4*argc + 4]  0
;
; We walk the argv pointers from argv[1] until the 0, so argc is not needed.
; It also shows a subroutine called with the stack convention: arguments
; are pushed, `call` pushes the return address, the callee sets up a frame
; with fp, and the caller removes the arguments after `ret`.

        .text
_start:
        lea r6, [sp + 8]        ; r6 -> argv[1], the first argument slot
        mov r7, 0               ; r7 = how many arguments we have printed

next_arg:
        mov r3, [r6]            ; r3 = argv[i]
        test r3, r3             ; the 0 pointer ends the list
        je done

        test r7, r7             ; not the first argument?
        je no_space
        mov r0, space           ;   then print a space before it
        push r0
        call print_str
        add sp, 4               ;   (pop the argument)
no_space:
        push r3                 ; print argv[i]
        call print_str
        add sp, 4

        inc r7                  ; one more printed
        add r6, 4               ; r6 -> the next argv slot
        jmp next_arg

done:
        mov r0, newline         ; end the line
        push r0
        call print_str
        add sp, 4

        mov r0, 1               ; exit(0)
        mov r3, 0
        syscall

; print_str(s): write the NUL-terminated string s to standard output.
;   Stack on entry: [sp] = return address, [sp + 4] = s.
;   Clobbers r0, r1, r2 and the flags (caller-saved); keeps the others.
print_str:
        push fp                 ; standard frame: save the caller's fp ...
        mov fp, sp              ; ... and point fp at it: [fp + 8] = s
        push r3                 ; r3 is ours to preserve (used by syscall)

        mov r1, [fp + 8]        ; r1 = s, the start of the string
        mov r2, r1              ; r2 = p, scans for the terminating 0
ps_scan:
        movzx r0, byte [r2]     ; r0 = *p
        test r0, r0
        je ps_found             ; reached the NUL
        inc r2                  ; p++
        jmp ps_scan
ps_found:
        sub r2, r1              ; r2 = p - s = the length

        mov r0, 4               ; write(1, s, length)
        mov r3, 1
        syscall                 ; (r1 = s and r2 = length already)

        pop r3                  ; undo the frame in reverse order
        pop fp
        ret

        .data
space:  .asciz " "
newline: .asciz "\n"
