import { addCents, type Cents, type MoneyUnit } from '../shared/money.ts';
import type { Amounts } from '../shared/types.ts';
import { fmt, note, type ImportNote, type TableRow, type UnitRows } from './table-draft.ts';

/**
 * The sums of a published table read with every amount in its column (a workbook's cells; the
 * same rules as a PDF read by position, published-pdf.ts): each row's 总计 is the sum of its
 * sources, each unit's row the sum of its projects, 合计 the sum of the units. The projects'
 * figures are imported; what does not add up is said.
 */

/** 总计, 财政拨款, 财政专户拨款, 其他资金 as printed (an empty cell is 0). */
export type PrintedVector = readonly [Cents, Cents, Cents, Cents];

export interface SummedRow extends TableRow {
  readonly printed: PrintedVector;
}

const LABELS = ['总计', '财政拨款', '财政专户拨款', '其他资金'];

/** A project's sources as printed; a row with 总计 alone is taken as 财政拨款, and said so. */
export function projectAmounts(p: SummedRow, notes: ImportNote[], money: MoneyUnit): Amounts {
  const [total, fiscal, specialAccount, other] = p.printed;
  if (fiscal === 0 && specialAccount === 0 && other === 0 && total !== 0) {
    notes.push(
      note(
        'warning',
        p.where,
        `“${p.name}”只印有总计 ${fmt(total, money)}，没有资金来源；按财政拨款导入，请核对`,
      ),
    );
    return { fiscal: total, specialAccount: 0 as Cents, other: 0 as Cents };
  }
  return { fiscal, specialAccount, other };
}

/** A project's amounts as a printed vector (总计 first). */
export function effective(r: SummedRow, money: MoneyUnit): PrintedVector {
  const a = projectAmounts(r, [], money);
  return [addCents(a.fiscal, a.specialAccount, a.other), a.fiscal, a.specialAccount, a.other];
}

export function sumOf(vectors: readonly PrintedVector[]): PrintedVector {
  return [0, 1, 2, 3].map((c) =>
    addCents(...vectors.map((v) => v[c]!)),
  ) as unknown as PrintedVector;
}

export function sameVector(a: PrintedVector, b: PrintedVector): boolean {
  return a.every((x, i) => x === b[i]);
}

function describe(v: PrintedVector, money: MoneyUnit): string {
  return v.map((x, i) => `${LABELS[i]} ${fmt(x, money)}`).join('，');
}

/** Every row, unit and 合计 checked; each that does not add up is a warning. */
export function reconcile<R extends SummedRow>(
  total: R,
  units: readonly UnitRows<R>[],
  notes: ImportNote[],
  money: MoneyUnit,
): void {
  const rows = [total, ...units.flatMap((u) => [u.row, ...u.projects])];
  for (const r of rows) {
    const [t, ...sources] = r.printed;
    const sum = addCents(...sources);
    if (sum !== t && sum !== 0) {
      notes.push(
        note(
          'warning',
          r.where,
          `“${r.name}”的总计 ${fmt(t, money)} 与各资金来源之和 ${fmt(sum, money)} 不一致；按各资金来源导入`,
        ),
      );
    }
  }
  const unitSums = units.map((u) => sumOf(u.projects.map((p) => effective(p, money))));
  units.forEach((u, i) => {
    if (!sameVector(unitSums[i]!, u.row.printed)) {
      notes.push(
        note(
          'warning',
          u.row.where,
          `资金使用单位“${u.row.name}”一行（${describe(u.row.printed, money)}）与其项目之和（${describe(unitSums[i]!, money)}）不一致；按各项目金额导入，单位小计由项目重新计算`,
        ),
      );
    }
  });
  const grand = sumOf(unitSums);
  if (!sameVector(grand, total.printed)) {
    notes.push(
      note(
        'warning',
        total.where,
        `合计（${describe(total.printed, money)}）与各项目之和（${describe(grand, money)}）不一致；合计由项目金额重新计算`,
      ),
    );
  }
}
