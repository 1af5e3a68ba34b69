import type { DraftUnit, TableDraft } from '../import/draft.ts';
import type { DocumentData } from '../shared/types.ts';
import { rememberedLayout } from '../print-layout.ts';

/** A document's content as a draft, the form every source of next year's table takes. */
export function draftFromDocument(doc: DocumentData): TableDraft {
  return {
    department: doc.department,
    year: doc.year,
    previousYear: doc.previousYear,
    title: doc.titleIsDerived ? null : doc.title,
    tree: doc.tree,
    money: doc.money,
    // A layout this program does not ship (a newer program's) is not carried: the new file
    // would be refused it.
    printLayout: rememberedLayout(doc.printLayout).unknown === undefined ? doc.printLayout : null,
    units: doc.units.map((u): DraftUnit => ({
      name: u.name,
      projects: u.projects.map((p) => ({
        name: p.name,
        goal: p.goal,
        amounts: {
          fiscal: p.totals.fiscal,
          specialAccount: p.totals.specialAccount,
          other: p.totals.other,
        },
        previous: p.previous,
        overallGoal: p.overallGoal,
        period: p.period,
        continuity: p.continuity,
        recurrence: p.recurrence,
        category: p.category,
        totalBudget: p.totalBudget,
        carryOver: p.carryOver,
        // A declaration about the project, not a review: it goes on with it. The import's
        // doubts (amountDoubt, printedCategory) and 已核对 marks are about last year's text.
        noServiceRecipients: p.noServiceRecipients,
        indicators: p.indicators.map((i) => ({
          level2Code: i.level2.code,
          name: i.name,
          cycleValue: i.cycleValue,
          annualValue: i.annualValue,
          annualFollowsCycle: i.annualFollowsCycle,
          cycle: i.cycle,
          annual: i.annual,
          weight: i.weight,
          basis: i.basis,
          explanation: i.explanation,
          polarity: i.polarity,
          previous: i.previous,
        })),
      })),
    })),
  };
}
