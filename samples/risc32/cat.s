.isa risc32
# cat.s - copy standard input to standard output.
#
# Reads standard input in chunks of up to 4096 bytes into a buffer in .bss
# and writes each chunk out, until read returns 0 (end of input). Exits with
# status 0, or with status 1 if a read or a write fails.
#
# Run:      echo "some text" | xlat run samples/risc32/cat.s
# Output:   some text
#
# What it shows: a buffer in .bss (zero-filled memory that takes no room in
# the executable), checking system-call results with branches that test a
# register (a negative result is -errno), and handling a short write by
# writing the rest.

.equ BUFSIZE, 4096

        .text
_start:
read_chunk:
        li v0, 3                # read(0, buf, BUFSIZE)
        clr a0                  #   fd 0 = standard input
        li a1, buf
        li a2, BUFSIZE
        callsys                 # v0 = bytes read, 0 at end, < 0 on error
        beq v0, at_eof          # 0: end of input
        blt v0, failed          # negative: an error

        li s0, buf              # s0 = next byte to write
        mov v0, s1              # s1 = bytes still to write
write_rest:
        li v0, 4                # write(1, s0, s1)
        li a0, 1
        mov s0, a1
        mov s1, a2
        callsys                 # v0 = bytes written, < 0 on error
        ble v0, failed          # an error (or no progress at all)
        addl s0, v0, s0         # skip what was written
        subl s1, v0, s1
        bne s1, write_rest      # a short write: write the rest
        br read_chunk

at_eof:
        li v0, 1                # exit(0)
        clr a0
        callsys

failed:
        li v0, 1                # exit(1)
        li a0, 1
        callsys

        .bss
buf:    .space BUFSIZE
