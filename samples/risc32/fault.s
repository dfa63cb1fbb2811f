.isa risc32
# fault.s - a deliberate segmentation fault.
#
# Prints "about to fault" and a newline, then stores to address 0x10. No
# segment is ever mapped below 0x1000, so the store is a memory fault: the
# store has no effect and the process ends with a message naming the fault,
# the pc of the store and the address 0x10. (0x10 is a multiple of 4, so
# this is a memory fault, not an alignment fault.)
#
# Run:      xlat run samples/risc32/fault.s
# Output:   about to fault
#           then the process ends with a memory (segmentation) fault at
#           pc = 0x1020, the address of `the_store`, accessing addr = 0x10.
#           (.text starts at 0x1000; before the store come 8 instruction
#           words: li v0, li a0, li a1 (2 words: a label), li a2 (2 words:
#           labels), callsys, li t0.)
#
# What it shows: precise faults. Whatever runs the program (interpreter or
# translator), the fault must be reported at the exact faulting instruction.

        .text
_start:
        li v0, 4                # write(1, msg, length)
        li a0, 1
        li a1, msg
        li a2, msg_end - msg
        callsys

        li t0, 0x10             # an address that is never mapped
the_store:
        stw zero, 0(t0)         # store 4 bytes at 0x10: memory fault here

        li v0, 1                # never reached: exit(0)
        clr a0
        callsys

        .data
msg:    .ascii "about to fault\n"
msg_end:
