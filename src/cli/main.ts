#!/usr/bin/env node
// Stage last, cli: the `xlat` command. It parses the command line (commander),
// wires the stages together for each command, and turns every XlatError into
// one `xlat: ...` line and a non-zero exit — never a stack trace.

import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { XlatError } from '../spec/index.js';
import { asmCommand } from './asm.js';
import { disasmCommand } from './disasm.js';
import { isasCommand, specCheckCommand } from './spec.js';
import { runCommand } from './run.js';
import { debugHelp, parseDebugItems, type DebugLog } from './run-log.js';
import { explainCommand } from './explain.js';
import { compareCommand } from './compare.js';
import { translateCommand } from './translate.js';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function atLeastOne(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

interface RunFlags {
  engine: string;
  host: string;
  hostEngine: 'compile' | 'interp';
  isa?: string;
  maxSteps?: number;
  trace?: boolean;
  stats?: boolean;
  profile?: string;
  debug?: DebugLog;
  logFile?: string;
  strace?: boolean;
}

/** -d's items; `-d help` lists them and ends xlat (no program needed, as with qemu). */
function debugItems(v: string): DebugLog {
  if (v.trim() === 'help') {
    process.stdout.write(debugHelp());
    throw new CommanderError(0, 'xlat.debugHelp', '');
  }
  try {
    return parseDebugItems(v);
  } catch (e) {
    if (e instanceof XlatError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

function build(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('xlat')
    .version(packageVersion(), '-V, --version', 'print the version')
    .description('A process virtual machine for made-up ISAs: assemble, inspect, interpret and translate programs.')
    .enablePositionalOptions()
    .showHelpAfterError('(run xlat --help for usage)');

  program
    .command('asm')
    .description('assemble a source file into an ELF executable')
    .argument('<src>', 'assembly source')
    .requiredOption('-o, --output <file>', 'output ELF file')
    .option('--isa <name>', 'ISA of the source (default: its .isa directive)')
    .action(async (src: string, opts: { output: string; isa?: string }) => {
      await asmCommand(src, opts.output, opts.isa);
    });

  program
    .command('disasm')
    .description('disassemble the executable sections of an ELF file (or an assembly source)')
    .argument('<file>', 'ELF file or assembly source')
    .option('--isa <name>', 'ISA (default: from the file)')
    .action(async (file: string, opts: { isa?: string }) => {
      process.stdout.write(await disasmCommand(file, opts.isa));
    });

  program
    .command('run')
    .description('run a program; options come before FILE, everything after FILE goes to the guest')
    .argument('<file>', 'ELF file or assembly source')
    .argument('[args...]', 'arguments for the guest')
    .passThroughOptions()
    .addOption(
      new Option('--engine <name>', 'dbt: translate onto the host; interp: interpret; native: run a host-ISA program on the host machine')
        .choices(['dbt', 'interp', 'native'])
        .default('dbt'),
    )
    .option('--host <name>', 'host ISA for --engine dbt (default: the first ISA found with lowering rules)')
    .addOption(new Option('--host-engine <name>', 'how the host machine runs host code').choices(['compile', 'interp']).default('compile'))
    .option('--isa <name>', 'ISA of an assembly source (default: its .isa directive)')
    .option('--max-steps <n>', 'stop after N guest instructions (exit 124)', positiveInt)
    .option('--trace', 'print each executed instruction and the registers it changed (stderr; interp engine)')
    .option('--stats', 'print instruction count, time and MIPS (stderr)')
    .option('--profile <file>', 'record block counts and indirect-branch targets into FILE (for xlat translate --profile)')
    .option('-d, --debug <items>', "log what the translator does, as qemu's -d: in_asm, op, op_opt, out_asm, exec, cpu, nochain (comma-separated; -d help explains them)", debugItems)
    .option('-D, --log-file <file>', 'write the -d, --strace and --trace logs to FILE instead of stderr')
    .option('--strace', "print each of the guest's system calls with its arguments and result (stderr)")
    .action(async (file: string, args: string[], opts: RunFlags, cmd: Command) => {
      if (opts.engine === 'interp' && cmd.getOptionValueSource('hostEngine') === 'cli') {
        throw new XlatError('--host-engine chooses how the host machine runs host code: it goes with --engine dbt or native, not interp');
      }
      // --trace shows one instruction at a time: that is the interpreter's view (of a native program too).
      const engine = opts.trace && (opts.engine === 'dbt' || opts.engine === 'native') ? 'interp' : opts.engine;
      setExit(await runCommand(file, args, { ...opts, engine }));
    });

  program
    .command('translate')
    .description('translate a guest executable ahead of time into a host executable (xlat run runs it)')
    .argument('<file>', 'guest ELF executable')
    .requiredOption('-o, --output <file>', 'output host ELF file')
    .option('--host <name>', 'host ISA (default: the first ISA found with lowering rules)')
    .option('--profile <file>', 'a profile recorded by xlat run --profile: find more code, lay out hot blocks first')
    .action(async (file: string, opts: { output: string; host: string; profile?: string }) => {
      process.stdout.write(await translateCommand(file, opts));
    });

  program
    .command('explain')
    .description('show, block by block, the guest code, the IR before and after optimization, and the host code')
    .argument('<file>', 'ELF file or assembly source')
    .option('--at <label|addr>', 'start at this label or address (default: the entry point)')
    .option('--host <name>', 'host ISA (default: the first ISA found with lowering rules)')
    .option('--blocks <n>', 'how many blocks to follow (direct successors, breadth first)', atLeastOne, 8)
    .option('--isa <name>', 'ISA of an assembly source (default: its .isa directive)')
    .action(async (file: string, opts: { at?: string; host: string; blocks: number; isa?: string }) => {
      process.stdout.write(await explainCommand(file, opts));
    });

  program
    .command('compare')
    .description('run a program interpreted, translated (and natively, for a host-ISA program): same output, times, translator figures')
    .argument('<file>', 'ELF file or assembly source')
    .argument('[args...]', 'arguments for the guest')
    .passThroughOptions()
    .option('--host <name>', 'host ISA (default: the first ISA found with lowering rules)')
    .option('--runs <n>', 'run each engine N times, in turns; times are the first run and the median', positiveInt, 5)
    .action(async (file: string, args: string[], opts: { host: string; runs: number }) => {
      process.stdout.write(await compareCommand(file, args, { ...opts, stdin: wholeStdin() }));
    });

  program
    .command('bench')
    .description('the benchmark suite: check that every variant prints the same checksum, then time interp, dbt, aot, native and js')
    .argument('[names...]', 'benchmarks to run (default: all; see bench/suite.mjs)')
    .option('--quick', 'small inputs and few samples: a smoke test that takes seconds')
    .option('--json <file>', 'write the results as JSON')
    .option('--svg <file>', 'draw the time ratios as an SVG chart')
    .option('--markdown', 'print the tables as Markdown')
    .option('--no-progress', 'no progress bar')
    .option('--host <name>', 'host ISA (default: the first ISA found with lowering rules)')
    .action(async (names: string[], opts: { quick?: boolean; json?: string; svg?: string; markdown?: boolean; progress: boolean; host: string }) => {
      // Loaded only for this command: its libraries would slow every start-up.
      const { benchCommand } = await import('./bench.js');
      process.stdout.write(await benchCommand(names, { ...opts, progress: opts.progress && process.stderr.isTTY === true }));
    });

  const spec = program.command('spec').description('work with ISA spec files');
  spec
    .command('check')
    .description('check a spec file: report every problem with file:line:col, round-trip every instruction')
    .argument('<file>', 'spec file (.isa) or ISA name')
    .action(async (file: string) => {
      process.stdout.write(await specCheckCommand(file));
    });

  program
    .command('isas')
    .description('list the ISAs found (isa-specs/ and XLAT_SPEC_PATH)')
    .action(async () => {
      process.stdout.write(await isasCommand());
    });

  return program;
}

// `xlat disasm big.elf | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});


/**
 * All of stdin, for a command that runs the program several times on the
 * same input (compare); none from a terminal, which would wait for it.
 */
function wholeStdin(): Uint8Array {
  if (process.stdin.isTTY) return new Uint8Array();
  try {
    return new Uint8Array(readFileSync(0));
  } catch {
    return new Uint8Array(); // closed or unreadable stdin: end of input
  }
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = build((c) => (code = c));
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof XlatError) {
      process.stderr.write(`xlat: ${e.message.split('\n').join('\nxlat: ')}\n`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`xlat: internal error: ${msg}\n`);
    if (process.env.XLAT_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 70;
  }
  return code;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`xlat: internal error: ${String(e)}\n`);
    process.exitCode = 70;
  },
);
