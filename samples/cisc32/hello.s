.isa cisc32
; hello.s - the smallest complete cisc32 program.
;
; Prints "Hello, world!" and a newline on standard output, then exits with
; status 0.
;
; Run:      xlat run samples/cisc32/hello.s
; Output:   Hello, world!
;
; What it shows: the system-call convention. The call number goes in r0,
; the first three arguments in r3, r1, r2, and `syscall` traps to the
; operating system (the result comes back in r0).
;
;   write(fd, buf, count)  number 4
;   exit(status)           number 1

        .text
_start:                         ; the entry point (the default one is `_start`)
        mov r0, 4               ; r0 = 4: write
        mov r3, 1               ; fd    = 1, standard output
        mov r1, msg             ; buf   = address of the message
        mov r2, msg_end - msg   ; count = length of the message (14 bytes)
        syscall

        mov r0, 1               ; r0 = 1: exit
        mov r3, 0               ; status = 0: success
        syscall                 ; does not return

        .data
msg:    .ascii "Hello, world!\n"
msg_end:                        ; the address just past the message
