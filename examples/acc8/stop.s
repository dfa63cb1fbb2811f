.isa acc8
_start: ld 7
        brk
