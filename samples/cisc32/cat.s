.isa cisc32
; cat.s - copy standard input to standard output.
;
; Reads standard input in chunks of up to 4096 bytes into a buffer in .bss
; and writes each chunk out, until read returns 0 (end of input). Exits with
; status 0, or with status 1 if a read or a write fails.
;
; Run:      echo "some text" | xlat run samples/cisc32/cat.s
; Output:   some text
;
; What it shows: a buffer in .bss (zero-filled memory that takes no room in
; the executable), checking system-call results (a negative result is
; -errno), and handling a short write by writing the rest.

.equ BUFSIZE, 4096

        .text
_start:
read_chunk:
        mov r0, 3               ; read(0, buf, BUFSIZE)
        mov r3, 0               ;   fd 0 = standard input
        mov r1, buf
        mov r2, BUFSIZE
        syscall                 ; r0 = bytes read, 0 at end, < 0 on error
        test r0, r0
        je at_eof               ; 0: end of input
        js failed               ; negative: an error

        mov r6, buf             ; r6 = next byte to write
        mov r7, r0              ; r7 = bytes still to write
write_rest:
        mov r0, 4               ; write(1, r6, r7)
        mov r3, 1
        mov r1, r6
        mov r2, r7
        syscall                 ; r0 = bytes written, < 0 on error
        test r0, r0
        jle failed              ; an error (or no progress at all)
        add r6, r0              ; skip what was written
        sub r7, r0              ; sets z when nothing is left
        jne write_rest          ; a short write: write the rest
        jmp read_chunk

at_eof:
        mov r0, 1               ; exit(0)
        mov r3, 0
        syscall

failed:
        mov r0, 1               ; exit(1)
        mov r3, 1
        syscall

        .bss
buf:    .space BUFSIZE
