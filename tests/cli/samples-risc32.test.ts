// Contract 1 for the risc32 samples: exact stdout, stderr and exit status, from
// the .s sources and from assembled ELF files (see tests/fixtures/cli-samples.ts).

import { defineSampleTests } from '../fixtures/cli-samples.js';

defineSampleTests('risc32');
