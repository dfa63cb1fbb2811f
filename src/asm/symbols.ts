// Labels and .equ names, and the Evaluators the back end sees. All symbols
// are collected before anything is evaluated, so forward references work
// wherever the value is not needed to lay the program out.

import { errorAt, formatLoc, type SourceLoc, XlatError } from '../spec/diagnostic.js';
import type { Evaluator, Expr } from './types.js';
import { evalExpr, exprSymbols, type SymbolLookup } from './expr.js';

export interface LabelInfo {
  name: string;
  loc: SourceLoc;
}

export interface EquInfo {
  name: string;
  expr: Expr;
  loc: SourceLoc;
}

export class SymbolTable {
  readonly labels = new Map<string, LabelInfo>();
  readonly equs = new Map<string, EquInfo>();
  /**
   * .equ names whose value depends on a circular definition, with the one
   * error that reports that cycle (so each cycle is reported once).
   */
  private readonly cyclic = new Map<string, XlatError>();

  /** Records a label; the message when the name is taken. */
  defineLabel(name: string, loc: SourceLoc): XlatError | null {
    const first = this.firstDefinition(name);
    if (first) return errorAt(loc, `duplicate label '${name}' (first defined at ${formatLoc(first)})`);
    this.labels.set(name, { name, loc });
    return null;
  }

  /** Records an .equ; the message when the name is taken. */
  defineEqu(name: string, expr: Expr, loc: SourceLoc): XlatError | null {
    const first = this.firstDefinition(name);
    if (first) return errorAt(loc, `duplicate symbol '${name}' (first defined at ${formatLoc(first)})`);
    this.equs.set(name, { name, expr, loc });
    return null;
  }

  private firstDefinition(name: string): SourceLoc | undefined {
    return this.labels.get(name)?.loc ?? this.equs.get(name)?.loc;
  }

  /**
   * Finds circular .equ definitions (call once, after every symbol is known);
   * returns one error per cycle, at the definition where the cycle closes.
   */
  findCycles(): XlatError[] {
    const errors: XlatError[] = [];
    const state = new Map<string, 'active' | 'done'>();
    const visit = (name: string): void => {
      state.set(name, 'active');
      for (const ref of exprSymbols(this.equs.get(name)!.expr)) {
        if (!this.equs.has(ref.name)) continue;
        const s = state.get(ref.name);
        if (s === 'active') {
          const err = errorAt(this.equs.get(ref.name)!.loc, `circular definition of '${ref.name}'`);
          errors.push(err);
          this.cyclic.set(name, err);
        } else if (s === undefined) {
          visit(ref.name);
        }
        const dep = this.cyclic.get(ref.name);
        if (dep && !this.cyclic.has(name)) this.cyclic.set(name, dep);
      }
      state.set(name, 'done');
    };
    for (const name of this.equs.keys()) if (!state.has(name)) visit(name);
    return errors;
  }

  /** Whether `e` names no label, directly or through .equ names. */
  isConstant(e: Expr): boolean {
    return exprSymbols(e).every((s) => {
      const equ = this.equs.get(s.name);
      return equ !== undefined && !this.cyclic.has(s.name) && this.isConstant(equ.expr);
    });
  }

  /**
   * An Evaluator for one view of the program: `addresses` holds every label's
   * address in the current layout pass, or is null before layout (then labels
   * are unknown and only constants evaluate).
   */
  evaluator(addresses: ReadonlyMap<string, number> | null): Evaluator {
    return new SymbolEvaluator(this, addresses, this.cyclic);
  }
}

class SymbolEvaluator implements Evaluator {
  /** .equ values already computed in this view (labels do not move within it). */
  private readonly equValues = new Map<string, bigint>();
  private readonly soft: SymbolLookup;
  private readonly strict: SymbolLookup;

  constructor(
    private readonly table: SymbolTable,
    private readonly addresses: ReadonlyMap<string, number> | null,
    private readonly cyclic: ReadonlyMap<string, XlatError>,
  ) {
    this.soft = (name, loc) => this.lookup(name, loc, false);
    this.strict = (name, loc) => this.lookup(name, loc, true);
  }

  private lookup(name: string, loc: SourceLoc, final: boolean): bigint | undefined {
    if (this.table.labels.has(name)) {
      const addr = this.addresses?.get(name);
      if (addr !== undefined) return BigInt(addr);
      if (final) throw errorAt(loc, `'${name}' is a label, but a constant is needed here`);
      return undefined;
    }
    const equ = this.table.equs.get(name);
    if (!equ) {
      if (final) throw errorAt(loc, `undefined symbol '${name}'`);
      return undefined;
    }
    const cycle = this.cyclic.get(name);
    if (cycle) {
      if (final) throw cycle;
      return undefined;
    }
    const known = this.equValues.get(name);
    if (known !== undefined) return known;
    const v = evalExpr(equ.expr, final ? this.strict : this.soft);
    if (v !== undefined) this.equValues.set(name, v);
    return v;
  }

  eval(e: Expr): number | undefined {
    try {
      const v = evalExpr(e, this.soft);
      return v === undefined ? undefined : Number(v);
    } catch (err) {
      // A division by zero and the like is reported by evalFinal at encoding.
      if (err instanceof XlatError) return undefined;
      throw err;
    }
  }

  evalFinal(e: Expr): number {
    const v = evalExpr(e, this.strict);
    if (v === undefined) throw errorAt(e.loc, 'value not known'); // strict lookups never leave one unknown
    return Number(v);
  }

  isConstant(e: Expr): boolean {
    return this.table.isConstant(e);
  }
}
