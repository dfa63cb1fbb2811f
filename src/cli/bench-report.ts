// The output of `xlat bench` (src/cli/bench.ts): the report as plain-text or
// Markdown tables, and its time ratios as an SVG chart (vega-lite, rendered
// by vega).

import type { BenchReport, GuestReport, Ratios } from './bench.js';

/** The geometric mean of the ratios that were measured; null if none was. */
export function geomean(xs: ReadonlyArray<number | null>): number | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x) && x > 0);
  if (v.length === 0) return null;
  return Math.exp(v.reduce((a, x) => a + Math.log(x), 0) / v.length);
}

/** a / b, or null when either was not measured. */
export function ratio(a: number | null, b: number | null): number | null {
  return a !== null && b !== null && b > 0 ? a / b : null;
}

function fmtSeconds(s: number | null): string {
  if (s === null) return '-';
  if (s >= 10) return `${s.toFixed(1)} s`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  const ms = s * 1000;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function fmtRatio(x: number | null): string {
  if (x === null) return '-';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

function fmtNum(x: number, digits: number): string {
  return x.toFixed(digits);
}

interface Table {
  head: string[];
  /** 'l' or 'r' per column */
  align: string;
  rows: string[][];
}

/** The summary row (geomean) stands out in Markdown. */
function boldLastRow(t: Table): void {
  t.rows[t.rows.length - 1] = t.rows[t.rows.length - 1].map((c) => (c ? `**${c}**` : c));
}

/**
 * A more guest's apps: their own times and figures, set against the native
 * runs of the main table (the same runs, at the same N) and against the
 * suite's guest apps — how many more guest instructions, how much more dbt
 * time.
 */
function guestTable(r: BenchReport, g: GuestReport, markdown: boolean): Table {
  const native = new Map(r.benchmarks.map((b) => [b.name, b.seconds.native]));
  const t: Table = {
    head: [
      'benchmark', 'guest insns', `insns/${r.guest}`, 'interp', 'dbt', 'aot', 'native', 'interp MIPS',
      'interp/dbt', 'dbt/native', 'aot/native', `dbt/${r.guest} dbt`, 'host/guest insn', 'dispatches/1k', 'translate',
    ],
    align: 'lrrrrrrrrrrrrrr',
    rows: g.benchmarks.map((b) => [
      b.name,
      fmtInt(b.guestInstructions),
      fmtNum(b.instructionsPerSuiteGuestInstruction, 2),
      fmtSeconds(b.seconds.interp),
      fmtSeconds(b.seconds.dbt),
      fmtSeconds(b.seconds.aot),
      fmtSeconds(native.get(b.name) ?? null),
      b.interpMips.toFixed(1),
      fmtRatio(b.ratios.interpOverDbt),
      fmtRatio(b.ratios.dbtOverNative),
      fmtRatio(b.ratios.aotOverNative),
      fmtRatio(b.dbtOverSuiteGuestDbt),
      fmtNum(b.hostInstructionsPerGuestInstruction, 2),
      fmtNum(b.dispatchesPer1000, 3),
      fmtSeconds(b.translateSeconds),
    ]),
  };
  const m = g.geomean;
  t.rows.push([
    'geomean', '', fmtNum(m.instructionsPerSuiteGuestInstruction, 2), '', '', '', '', m.interpMips.toFixed(1),
    fmtRatio(m.interpOverDbt), fmtRatio(m.dbtOverNative), fmtRatio(m.aotOverNative), fmtRatio(m.dbtOverSuiteGuestDbt),
    fmtNum(m.hostInstructionsPerGuestInstruction, 2), '', '',
  ]);
  if (markdown) boldLastRow(t);
  return t;
}

function render(t: Table, markdown: boolean): string {
  if (markdown) {
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    const rule = `|${[...t.align].map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`;
    return [line(t.head), rule, ...t.rows.map(line)].join('\n');
  }
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i].length)));
  const pad = (cells: string[]) =>
    cells.map((c, i) => (t.align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [pad(t.head), ...t.rows.map(pad)].join('\n');
}

export function formatReport(r: BenchReport, markdown = false): string {
  const g = r.geomean;
  const main: Table = {
    head: ['benchmark', 'guest insns', 'interp', 'dbt', 'aot', 'native', 'js', 'interp/dbt', 'dbt/native', 'native/js', 'host/guest insn', 'dispatches/1k', 'translate'],
    align: 'lrrrrrrrrrrrr',
    rows: r.benchmarks.map((b) => [
      b.name,
      fmtInt(b.guestInstructions),
      fmtSeconds(b.seconds.interp),
      fmtSeconds(b.seconds.dbt),
      fmtSeconds(b.seconds.aot),
      fmtSeconds(b.seconds.native),
      fmtSeconds(b.seconds.js),
      fmtRatio(b.ratios.interpOverDbt),
      fmtRatio(b.ratios.dbtOverNative),
      fmtRatio(b.ratios.nativeOverJs),
      fmtNum(b.hostInstructionsPerGuestInstruction, 2),
      fmtNum(b.dispatchesPer1000, 3),
      fmtSeconds(b.translateSeconds),
    ]),
  };
  main.rows.push([
    'geomean', '', '', '', '', '', '',
    fmtRatio(g.interpOverDbt), fmtRatio(g.dbtOverNative), fmtRatio(g.nativeOverJs),
    fmtNum(g.hostInstructionsPerGuestInstruction, 2), '', '',
  ]);
  if (markdown) boldLastRow(main);

  const cost: Table = {
    head: ['benchmark', 'blocks', 'guest insns translated', 'translate', 'per guest insn', 'share of dbt time', 'aot translate', 'interp MIPS', 'native insns / guest insn'],
    align: 'lrrrrrrrr',
    rows: r.benchmarks.map((b) => [
      b.name,
      fmtInt(b.blocksTranslated),
      fmtInt(b.guestInstructionsTranslated),
      fmtSeconds(b.translateSeconds),
      `${b.translateMicrosPerGuestInstruction.toFixed(1)} µs`,
      b.seconds.dbt ? `${((100 * b.translateSeconds) / b.seconds.dbt).toFixed(1)}%` : '-',
      fmtSeconds(b.aotTranslateSeconds),
      b.interpMips.toFixed(1),
      fmtNum(b.nativeInstructions / Math.max(1, b.guestInstructions), 2),
    ]),
  };
  cost.rows.push([
    markdown ? '**all**' : 'all',
    fmtInt(r.benchmarks.reduce((a, b) => a + b.blocksTranslated, 0)),
    fmtInt(r.translation.guestInstructions),
    fmtSeconds(r.translation.seconds),
    `${r.translation.microsPerGuestInstruction.toFixed(1)} µs`,
    '',
    '',
    `${r.interpreterMips.toFixed(1)} (geomean)`,
    '',
  ]);

  const out: string[] = [];
  const m = r.machine;
  out.push(
    `xlat bench${r.quick ? ' --quick' : ''}: ${r.benchmarks.length} benchmark${r.benchmarks.length === 1 ? '' : 's'}, every variant printed the same checksum; ` +
      `times are medians (benchmark.js), guest ${r.guest} -> host ${r.host}`,
  );
  out.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}/${m.arch})`);
  out.push('');
  out.push(render(main, markdown));
  out.push('');
  out.push(render(cost, markdown));
  out.push('');
  for (const g of r.moreGuests) {
    out.push(
      `guest ${g.guest} -> host ${r.host}: ${g.benchmarks.length} of the benchmarks, the same checksums; ` +
        `native: the runs of the table above`,
    );
    out.push('');
    out.push(render(guestTable(r, g, markdown), markdown));
    out.push('');
  }
  const su = r.startup;
  out.push(
    `start-up: ${su.command}: ${fmtSeconds(su.dbtSeconds)} (dbt, the default), ${fmtSeconds(su.interpSeconds)} (--engine interp); median of ${su.runs} runs`,
  );
  if (g.aotOverNative !== null) {
    const runtime = r.benchmarks.reduce((a, b) => a + (b.aotRuntimeBlocks ?? 0), 0);
    out.push(
      `aot: translated ahead of time by xlat translate (not timed); geomean aot/native ${fmtRatio(g.aotOverNative)}, ` +
        `dbt/aot ${fmtRatio(geomean(r.benchmarks.map((b) => ratio(b.seconds.dbt, b.seconds.aot))))}; ` +
        `${runtime} block${runtime === 1 ? '' : 's'} left to the runtime over the suite`,
    );
  }
  out.push('');
  out.push('targets (geometric means over the suite):');
  for (const t of r.targets) {
    const v = t.value === null ? '-' : t.figure.includes('MIPS') ? t.value.toFixed(1) : fmtRatio(t.value);
    out.push(`  ${t.figure.padEnd(17)} ${v.padStart(7)}   target ${t.target.padEnd(6)} ${t.note}`);
  }
  return `${out.join('\n')}\n`;
}

/** One facet of the chart: a ratio for each benchmark and the geomean, with its target if it has one. */
interface Figure {
  label: string;
  target?: number;
  points: Array<[benchmark: string, value: number | null]>;
}

function figures(r: BenchReport): Figure[] {
  const suite = (key: keyof Ratios, label: string, target?: number): Figure => ({
    label,
    target,
    points: [...r.benchmarks.map((b): [string, number | null] => [b.name, b.ratios[key]]), ['geomean', r.geomean[key]]],
  });
  const f = [suite('interpOverDbt', 'interp / dbt (target ≥ 10)', 10), suite('dbtOverNative', 'dbt / native (target ≤ 2)', 2)];
  if (r.geomean.aotOverNative !== null) f.push(suite('aotOverNative', 'aot / native'));
  f.push(suite('nativeOverJs', 'native / js (target ≤ 3)', 3));
  for (const g of r.moreGuests) {
    f.push({
      label: `${g.guest}: dbt / native (target ≤ 2)`,
      target: 2,
      points: [...g.benchmarks.map((b): [string, number | null] => [b.name, b.ratios.dbtOverNative]), ['geomean', g.geomean.dbtOverNative]],
    });
  }
  return f;
}

/** The ratios as a grouped bar chart (vega-lite, rendered to SVG by vega). */
export async function chartSvg(r: BenchReport): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const figs = figures(r);
  const names = [...r.benchmarks.map((b) => b.name), 'geomean'];
  const values = figs.flatMap((f) =>
    f.points.flatMap(([benchmark, value]) =>
      value === null ? [] : [{ benchmark, figure: f.label, value, ...(f.target === undefined ? {} : { target: f.target }) }],
    ),
  );
  const m = r.machine;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `xlat bench${r.quick ? ' --quick' : ''}: time ratios (log scale; dashed line: target)`,
      subtitle: `${m.cpu}, ${m.cores} cores, Node ${m.node}`,
    },
    data: { values },
    facet: { column: { field: 'figure', type: 'nominal', sort: figs.map((f) => f.label), title: null, header: { labelFontSize: 12 } } },
    spec: {
      width: 250,
      height: 220,
      layer: [
        {
          mark: { type: 'rule', color: '#aaa' },
          encoding: { y: { datum: 1, type: 'quantitative' } },
        },
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'benchmark', type: 'nominal', sort: names, title: null, axis: { labelAngle: -45 } },
            y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, stack: null, title: 'ratio of times' },
            color: {
              condition: { test: "datum.benchmark === 'geomean'", value: '#e45756' },
              value: '#4c78a8',
            },
          },
        },
        {
          mark: { type: 'text', dy: -5, fontSize: 8 },
          encoding: {
            x: { field: 'benchmark', type: 'nominal', sort: names },
            y: { field: 'value', type: 'quantitative', stack: null },
            text: { field: 'value', type: 'quantitative', format: '.3~r' },
          },
        },
        {
          mark: { type: 'rule', strokeDash: [5, 4], color: '#333' },
          encoding: { y: { field: 'target', type: 'quantitative', aggregate: 'max' } },
        },
      ],
    },
    // Each facet its own x scale too: a more guest has only some of the benchmarks.
    resolve: { scale: { x: 'independent', y: 'independent' } },
    config: { font: 'sans-serif', view: { stroke: null } },
  };
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
