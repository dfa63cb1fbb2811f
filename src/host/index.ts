// Stage: the host machine. It runs host machine code from host memory,
// decoding it with the host spec (any spec can be a host) and knowing nothing
// of guests. It models the host's hardware: hot code is compiled region by
// region into JavaScript functions whose loops are JavaScript loops and whose
// host registers are locals (engine 'compile'); engine 'interp' runs the same
// code on the interpreter to cross-check it. It hands on to the DBT runtime
// a HostMachine to run code and the reason each run stopped (HostStop):
// a request to the runtime (page zero), exit, a precise fault, or a budget;
// and to the CLI runNative, the native baseline for host-ISA programs.

export { HostMachine } from './machine.js';
export { runNative, type NativeOptions, type NativeResult } from './native.js';
export { SERVICE_LIMIT, type HostStop, type HostEngine, type HostOptions, type HostStats, type HostSyscall } from './types.js';
export { regionFactoryCount, regionSource } from './codegen.js';
export { formRegion, REGION_LIMIT, REGION_CODE_LIMIT, type RegionPlan } from './region.js';
