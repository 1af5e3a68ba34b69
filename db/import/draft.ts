import { TargetDocument } from '../document.ts';
import type { IndicatorValue } from '../shared/indicator-value.ts';
import type { Cents, MoneyDisplay } from '../shared/money.ts';
import type { CategoryTree } from '../shared/tree.ts';
import type {
  Amounts,
  IndicatorBasis,
  IndicatorPolarity,
  ProjectContinuity,
  ProjectRecurrence,
  YearMonth,
} from '../shared/types.ts';

/**
 * A whole table read from somewhere else (published text, JSON, a published PDF), not yet a
 * document. Every source builds one of these; `writeDraft` is the one way they become a file,
 * through the model, so every store rule applies to imported data too.
 */
export interface DraftIndicator {
  readonly level2Code: string;
  readonly name: string;
  /** The values as sentences: all a published table gives (it is never structured silently). */
  readonly cycleValue: string;
  readonly annualValue: string;
  readonly annualFollowsCycle: boolean;
  /** The values themselves when a source has more than sentences (JSON, last year's file). */
  readonly cycle?: IndicatorValue;
  readonly annual?: IndicatorValue;
  readonly weight?: string | null;
  readonly basis?: IndicatorBasis;
  readonly explanation?: string;
  readonly polarity?: IndicatorPolarity | null;
  readonly previous?: string | null;
  /** The category as printed, when it contradicted the tree (see IndicatorData). */
  readonly printedCategory?: string | null;
}

export interface DraftProject {
  readonly name: string;
  readonly amounts: Amounts;
  /** 上年金额, when the draft is next year's table made from last year's. */
  readonly previous?: Amounts | null;
  readonly goal: string;
  readonly overallGoal?: string;
  readonly period?: { readonly start: YearMonth | null; readonly end: YearMonth | null };
  readonly continuity?: ProjectContinuity | null;
  readonly recurrence?: ProjectRecurrence | null;
  readonly category?: string;
  readonly totalBudget?: Cents | null;
  readonly carryOver?: Cents;
  /** 确无服务对象 (see ProjectData.noServiceRecipients). */
  readonly noServiceRecipients?: boolean;
  /** Why the amounts' columns are in doubt (see ProjectData.amountDoubt). */
  readonly amountDoubt?: string | null;
  readonly indicators: readonly DraftIndicator[];
}

export interface DraftUnit {
  readonly name: string;
  readonly projects: readonly DraftProject[];
}

export interface TableDraft {
  readonly department: string;
  readonly year: number;
  /** Next year's table made from last year's: last year's budget year. */
  readonly previousYear?: number | null;
  /** null: the standard title derived from department and year. */
  readonly title: string | null;
  readonly tree: CategoryTree;
  /** How amounts are shown; 万元 with 2 decimals (the published table's) when not given. */
  readonly money?: MoneyDisplay;
  /** The print layout the new document remembers: last year's, when it is made from it. */
  readonly printLayout?: string | null;
  readonly units: readonly DraftUnit[];
}

/** Writes a draft as a new document file: whole, or (on any error) not at all. */
export function writeDraft(draft: TableDraft, file: string, options: { overwrite?: boolean } = {}) {
  TargetDocument.create(
    file,
    {
      department: draft.department,
      year: draft.year,
      tree: draft.tree,
      title: draft.title,
      previousYear: draft.previousYear ?? null,
      ...(draft.money ? { money: draft.money } : {}),
      ...(draft.printLayout ? { printLayout: draft.printLayout } : {}),
    },
    options,
    (doc) => {
      for (const unit of draft.units) {
        const unitId = doc.addUnit(unit.name);
        for (const project of unit.projects) {
          const projectId = doc.addProject(unitId, {
            name: project.name,
            goal: project.goal,
            fiscal: project.amounts.fiscal,
            specialAccount: project.amounts.specialAccount,
            other: project.amounts.other,
            ...(project.previous ? { previous: project.previous } : {}),
            ...(project.overallGoal === undefined ? {} : { overallGoal: project.overallGoal }),
            ...(project.period === undefined
              ? {}
              : { periodStart: project.period.start, periodEnd: project.period.end }),
            ...(project.continuity === undefined ? {} : { continuity: project.continuity }),
            ...(project.recurrence === undefined ? {} : { recurrence: project.recurrence }),
            ...(project.category === undefined ? {} : { category: project.category }),
            ...(project.totalBudget === undefined ? {} : { totalBudget: project.totalBudget }),
            ...(project.carryOver === undefined ? {} : { carryOver: project.carryOver }),
            ...(project.amountDoubt ? { amountDoubt: project.amountDoubt } : {}),
            ...(project.noServiceRecipients ? { noServiceRecipients: true } : {}),
          });
          for (const ind of project.indicators) {
            doc.addIndicator(projectId, {
              level2Code: ind.level2Code,
              name: ind.name,
              ...(ind.cycle ? { cycle: ind.cycle } : { cycleValue: ind.cycleValue }),
              ...(ind.annual ? { annual: ind.annual } : { annualValue: ind.annualValue }),
              annualFollowsCycle: ind.annualFollowsCycle,
              ...(ind.weight === undefined ? {} : { weight: ind.weight }),
              ...(ind.basis === undefined ? {} : { basis: ind.basis }),
              ...(ind.explanation === undefined ? {} : { explanation: ind.explanation }),
              ...(ind.polarity === undefined ? {} : { polarity: ind.polarity }),
              ...(ind.previous === undefined ? {} : { previous: ind.previous }),
              ...(ind.printedCategory ? { printedCategory: ind.printedCategory } : {}),
            });
          }
        }
      }
    },
  );
}
