.isa stack32
; fault.s - a deliberate segmentation fault.
;
; Prints "about to fault" and a newline, then stores to address 0x10. No
; segment is ever mapped below 0x1000, so the store is a memory fault: the
; store has no effect and the process ends with a message naming the fault,
; the pc of the store and the address 0x10.
;
; Run:      xlat run samples/stack32/fault.s
; Output:   about to fault
;           then the process ends with a memory (segmentation) fault at
;           pc = 0x100f, the address of `the_store`, accessing addr = 0x10.
;           (.text starts at 0x1000; before the store come 15 bytes: five
;           `push` with an 8-bit immediate (2 bytes each), `push msg` with a
;           16-bit one (3 bytes: msg is 0x2000, the start of .data), then
;           `syscall` and `drop` (1 byte each).)
;
; What it shows: precise faults. Whatever runs the program (interpreter or
; translator), the fault must be reported at the exact faulting instruction.

        .text
_start:
        push msg_end - msg      ; write(1, msg, length): a3 = length
        push msg                ;   a2 = msg
        push 1                  ;   a1 = fd 1, standard output
        push 1                  ;   nr = 1, write
        syscall
        drop                    ; the byte count written: not needed

        push 0                  ; the value to store
        push 0x10               ; an address that is never mapped
the_store:
        stw                     ; store 4 bytes at 0x10: memory fault here

        push 0                  ; never reached: exit(0)
        push 0
        push 0                  ;   a1 = status 0
        push 60                 ;   nr = 60, exit
        syscall

        .data
msg:    .ascii "about to fault\n"
msg_end:
