.isa cisc32
; fault.s - a deliberate segmentation fault.
;
; Prints "about to fault" and a newline, then stores to address 0x10. No
; segment is ever mapped below 0x1000, so the store is a memory fault: the
; store has no effect and the process ends with a message naming the fault,
; the pc of the store and the address 0x10.
;
; Run:      xlat run samples/cisc32/fault.s
; Output:   about to fault
;           then the process ends with a memory (segmentation) fault at
;           pc = 0x101b, the address of `the_store`, accessing addr = 0x10.
;           (.text starts at 0x1000 and the instructions before the store
;           take 4 * 5 + 2 + 5 = 27 bytes.)
;
; What it shows: precise faults. Whatever runs the program (interpreter or
; translator), the fault must be reported at the exact faulting instruction.

        .text
_start:
        mov r0, 4               ; write(1, msg, length)
        mov r3, 1
        mov r1, msg
        mov r2, msg_end - msg
        syscall

        mov r3, 0x10            ; an address that is never mapped
the_store:
        mov [r3], r0            ; store 4 bytes at 0x10: memory fault here

        mov r0, 1               ; never reached: exit(0)
        mov r3, 0
        syscall

        .data
msg:    .ascii "about to fault\n"
msg_end:
