.isa acc8
        shl 300         ; u8 is unsigned: 0..255
        ld byte 5       ; no form of `ld byte` takes an immediate
        st 7            ; nor does st
        brk             ; would stop the program with a breakpoint fault
