import { memo, type ReactNode } from 'react';
import type { IndicatorData } from '../../../db/shared/types.ts';
import { label } from '../categories.ts';

/**
 * 指标详情: what an indicator holds beyond its row, shown under the row while open (▸ or
 * Alt+Enter in the row). A grid of label-left items (`.detail-grid`, four columns; `span-2`,
 * `span-3`, `span-4` items take more), so a field is added as one more item:
 *
 *   <FieldBox inline label="指标解释" htmlFor={fieldId.indicator(id, 'explanation')}
 *     className="span-4"><DraftField … multiline /></FieldBox>
 *
 * with its draft (useDraft) in a component of its own (this one, or one per field), never in
 * IndicatorRow: typing in a detail then repaints the detail alone, not the row.
 *
 * What the store keeps besides the row (权重, 指标值设定依据, 指标解释, 指标方向, 上年指标值) is
 * shown as it is, “—” when empty.
 */
/**
 * The fields shown in 指标详情, by their names in the model (as findings name them): a row opens
 * its details by itself while a finding points at one of them. Add each new detail field here.
 */
export const DETAIL_FIELDS: readonly (keyof IndicatorData)[] = [
  'weight',
  'basis',
  'explanation',
  'polarity',
  'previous',
];

export const IndicatorDetail = memo(function IndicatorDetail(props: {
  id: string;
  indicator: IndicatorData;
}) {
  const { indicator } = props;
  const basis = [indicator.basis.kind, indicator.basis.text].filter(Boolean).join('：');
  return (
    <div className="ind-detail detail-grid" id={props.id} role="region" aria-label="指标详情">
      <Item term="指标类别" span={2}>
        {label(indicator.level1)} › {label(indicator.level2)}
      </Item>
      <Item term="权重">{indicator.weight}</Item>
      <Item term="指标方向">{indicator.polarity}</Item>
      <Item term="指标值设定依据" span={2}>
        {basis}
      </Item>
      <Item term="上年指标值" span={2}>
        {indicator.previous}
      </Item>
      <Item term="指标解释" span={4}>
        {indicator.explanation}
      </Item>
    </div>
  );
});

/** A read-only item, aligned with FieldBox's inline fields. */
function Item(props: { term: string; span?: 2 | 3 | 4; children: ReactNode }) {
  const empty = props.children === null || props.children === '';
  return (
    <div className={`field field-inline detail-item${props.span ? ` span-${props.span}` : ''}`}>
      <span className="field-label">{props.term}</span>
      <span
        className={`field-static${empty ? ' muted' : ''}`}
        aria-label={empty ? `${props.term}：未填写` : undefined}
      >
        {empty ? '—' : props.children}
      </span>
    </div>
  );
}
