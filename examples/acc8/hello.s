.isa acc8
; hello.s - print a message, then exit(0).
; System calls: number in a, arguments in b, c, d; `sys` traps.
;   write(fd, buf, count) is 4, exit(status) is 1.

        .text
_start: ld msg          ; a = address of the message
        st c            ; c = buf
        st b            ; b = cursor
scan:   ld byte [b]     ; a = the byte at the cursor; z = (a == 0)
        beq found       ; the 0 byte ends the string
        inc b
        jmp scan
found:  ld b
        sub c           ; a = cursor - buf = the length
        st d            ; d = count
        mov b, 1        ; b = fd 1, standard output (mov is ld + st)
        ld 4            ; a = 4: write
        sys             ; write(1, msg, length)
        clr             ; a = 0
        st b            ; b = status 0
        ld 1            ; a = 1: exit
        sys             ; exit(0): does not return

        .data
msg:    .asciz "Hi!\n"
