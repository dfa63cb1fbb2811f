.isa risc32
# hello.s - the smallest complete risc32 program.
#
# Prints "Hello, world!" and a newline on standard output, then exits with
# status 0.
#
# Run:      xlat run samples/risc32/hello.s
# Output:   Hello, world!
#
# What it shows: the system-call convention. The call number goes in v0
# (r0), the arguments in a0, a1, a2 (r16-r18), and `callsys` traps to the
# operating system (the result comes back in v0).
#
#   write(fd, buf, count)  number 4
#   exit(status)           number 1
#
# risc32 has no "load immediate" instruction: `li` is a pseudo-instruction
# that the assembler expands to `lda` (a 16-bit constant) or to `ldah` +
# `lda` (anything else, and always when a label is involved).

        .text
_start:                         # the entry point (the default one is `_start`)
        li v0, 4                # v0 = 4: write
        li a0, 1                # fd    = 1, standard output
        li a1, msg              # buf   = address of the message
        li a2, msg_end - msg    # count = length of the message (14 bytes)
        callsys

        li v0, 1                # v0 = 1: exit
        clr a0                  # status = 0 (clr a0 is bis r31, r31, a0)
        callsys                 # does not return

        .data
msg:    .ascii "Hello, world!\n"
msg_end:                        # the address just past the message
