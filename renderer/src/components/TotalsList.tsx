import { formatAmountGrouped } from '../../../db/shared/money.ts';
import type { Totals } from '../../../db/shared/types.ts';

/** A row of 总计 (or 合计) and the three sources, in 万元, read-only. */
export function TotalsList({
  totals,
  totalLabel,
}: {
  totals: Totals;
  totalLabel: '总计' | '合计';
}) {
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
          <dd>{formatAmountGrouped(c)} 万元</dd>
        </div>
      ))}
    </dl>
  );
}
