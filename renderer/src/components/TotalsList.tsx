import { formatAmountGrouped } from '../../../db/shared/money.ts';
import { useMoney } from '../store.ts';
import type { Totals } from '../../../db/shared/types.ts';

/** A row of 总计 (or 合计) and the three sources, in the document's unit, read-only. */
export function TotalsList({
  totals,
  totalLabel,
}: {
  totals: Totals;
  totalLabel: '总计' | '合计';
}) {
  const money = useMoney();
  return (
    <dl className="unit-totals">
      {(
        [
          [totalLabel, totals.total],
          ['财政拨款', totals.fiscal],
          ['财政专户拨款', totals.specialAccount],
          ['其他资金', totals.other],
        ] as const
      ).map(([label, c]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            {formatAmountGrouped(c, money)} {money.unit}
          </dd>
        </div>
      ))}
    </dl>
  );
}
