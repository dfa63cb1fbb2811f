// Stage dbt: the dynamic binary translator's runtime. It takes a guest
// process and a host spec with lowering rules, translates guest blocks on
// demand (ir -> opt -> codegen) into a code cache in host memory, chains them,
// and runs them on the host machine; it hands back the guest's stop (exit,
// fault at the guest instruction, step limit), its registers, and statistics.

export { Dbt, type BlockEntry, type DbtOptions, type DbtStats, type DbtProfiler, type PretranslatedBlock, type Translation } from './runtime.js';
export { CODE_BASE, CODE_LIMIT, RUNTIME_BASE, checkTranslatorArea, guestHasWritableCode } from './layout.js';
export { needsBudgetCheck, planBlock, type BlockPlan, type PlanOptions } from './plan.js';
