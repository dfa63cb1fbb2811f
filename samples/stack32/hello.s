.isa stack32
; hello.s - the smallest complete stack32 program.
;
; Prints "Hello, world!" and a newline on standard output, then exits with
; status 0.
;
; Run:      xlat run samples/stack32/hello.s
; Output:   Hello, world!
;
; What it shows: the system-call convention of a stack machine. The
; arguments are pushed last first (a3, a2, a1), then the call number;
; `syscall` pops all four and pushes the result.
;
;   write(fd, buf, count)  number 1
;   exit(status)           number 60

        .text
_start:
        push msg_end - msg      ; a3: count (14 bytes)
        push msg                ; a2: buf
        push 1                  ; a1: fd 1, standard output
        push 1                  ; nr: 1 = write
        syscall                 ; pops 4 words, pushes the result
        drop                    ; the byte count written: not needed

        push 0                  ; a3 (unused)
        push 0                  ; a2 (unused)
        push 0                  ; a1: status 0, success
        push 60                 ; nr: 60 = exit
        syscall                 ; does not return

        .data
msg:    .ascii "Hello, world!\n"
msg_end:
