.isa risc32
# echo.s - print the command-line arguments, like /bin/echo.
#
# Prints argv[1], argv[2], ... separated by single spaces and followed by a
# newline, then exits with status 0. With no arguments it prints just the
# newline.
#
# Run:      xlat run samples/risc32/echo.s hello from risc32
# Output:   hello from risc32
#
# What it shows: the process start stack. When the program starts, sp points
# at argc; above it lie the argv pointers, then a 0 that ends them (then the
# environment, which is empty). sp is a multiple of 16, so every slot is
# 4-aligned and can be read with ldw:
#
#       0(sp)      argc
#       4(sp)      argv[0]   (the program's path)
#       8(sp)      argv[1]
#       ...
#       4*argc+4(sp)  0
#
# We walk the argv pointers from argv[1] until the 0, so argc is not needed.
# It also shows a leaf subroutine: `call` (bsr ra) puts the return address
# in ra, and `ret` (ret r31, (ra)) jumps back to it.

        .text
_start:
        lda s0, 8(sp)           # s0 -> argv[1], the first argument slot
        clr s1                  # s1 = how many arguments we have printed
                                # (s registers survive calls)
next_arg:
        ldw t0, 0(s0)           # t0 = argv[i]
        beq t0, done            # the 0 pointer ends the list

        beq s1, no_space        # not the first argument?
        li a0, space            #   then print a space before it
        call print_str
no_space:
        ldw a0, 0(s0)           # print argv[i]
        call print_str

        addl s1, 1, s1          # one more printed
        addl s0, 4, s0          # s0 -> the next argv slot
        br next_arg

done:
        li a0, newline          # end the line
        call print_str

        li v0, 1                # exit(0)
        clr a0
        callsys

# print_str(a0 = s): write the NUL-terminated string s to standard output.
#   A leaf routine (it calls nobody), so it needs no stack frame: ra stays
#   intact. Clobbers v0, t0, t1, a0-a2.
print_str:
        mov a0, t0              # t0 = p, scans for the terminating 0
ps_scan:
        ldbu t1, 0(t0)          # t1 = *p (a byte: any alignment)
        beq t1, ps_found        # reached the NUL
        addl t0, 1, t0          # p++
        br ps_scan
ps_found:
        subl t0, a0, a2         # a2 = p - s = the length
        mov a0, a1              # a1 = s
        li a0, 1                # a0 = 1, standard output
        li v0, 4                # write(1, s, length)
        callsys
        ret

        .data
space:  .asciz " "
newline: .asciz "\n"
