import { Select } from 'antd';
import { memo, type ReactNode } from 'react';
import { parseWeight } from '../../../db/shared/indicator-fields.ts';
import { BASIS_KINDS, INDICATOR_POLARITIES, type IndicatorData } from '../../../db/shared/types.ts';
import { editIndicator, findIndicator, updateIndicator } from '../actions.tsx';
import { label } from '../categories.ts';
import { fieldId } from '../focus.ts';
import { fieldStatus } from '../severity.ts';
import { useDraft } from '../useDraft.ts';
import { DraftField, FieldBox } from './DraftField.tsx';
import type { FieldIssues } from './IndicatorRow.tsx';

/**
 * 指标详情: what an indicator holds beyond its row, shown under the row while open (▸ or
 * Alt+Enter in the row). A grid of label-left items (`.detail-grid`, four columns; `span-2`,
 * `span-3`, `span-4` items take more). The drafts live here, never in IndicatorRow: typing in a
 * detail repaints the detail alone, not the row.
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

const validateWeight = (t: string) => {
  if (t.trim() === '') return null;
  const parsed = parseWeight(t);
  return parsed.ok ? null : parsed.message;
};

const sameWeight = (t: string, v: string) => {
  if (t.trim() === '' || v.trim() === '') return t.trim() === v.trim();
  const a = parseWeight(t);
  return a.ok && a.value === v;
};

export const IndicatorDetail = memo(function IndicatorDetail(props: {
  id: string;
  indicator: IndicatorData;
  issues: FieldIssues | undefined;
}) {
  const { indicator, issues } = props;
  const id = indicator.id;
  const weight = useDraft({
    value: indicator.weight ?? '',
    commit: (t, guard) => updateIndicator(id, { weight: t.trim() === '' ? null : t }, guard),
    read: (doc) => {
      const found = findIndicator(doc.data, id);
      return found && (found.weight ?? '');
    },
    label: '权重',
    validate: validateWeight,
    equals: sameWeight,
  });
  const basis = useDraft({
    value: indicator.basis.text,
    commit: (t, guard) => updateIndicator(id, { basis: { text: t } }, guard),
    read: (doc) => findIndicator(doc.data, id)?.basis.text,
    label: '指标值设定依据',
  });
  const explanation = useDraft({
    value: indicator.explanation,
    commit: (t, guard) => updateIndicator(id, { explanation: t }, guard),
    read: (doc) => findIndicator(doc.data, id)?.explanation,
    label: '指标解释',
  });
  const status = (field: string) => fieldStatus(issues?.[field]);
  return (
    <div className="ind-detail detail-grid" id={props.id} role="region" aria-label="指标详情">
      <Item term="指标类别" span={2}>
        {label(indicator.level1)} › {label(indicator.level2)}
      </Item>
      <FieldBox
        inline
        label="权重"
        htmlFor={fieldId.indicator(id, 'weight')}
        error={weight.error}
        className="detail-item"
      >
        <DraftField
          draft={weight}
          id={fieldId.indicator(id, 'weight')}
          label="权重"
          inputMode="decimal"
          placeholder="如 10"
          status={status('weight')}
          title="0 到 100 之间的数；同一项目各指标的权重合计应为 100"
        />
      </FieldBox>
      <FieldBox
        inline
        label="指标方向"
        htmlFor={fieldId.indicator(id, 'polarity')}
        className="detail-item"
      >
        <Select
          id={fieldId.indicator(id, 'polarity')}
          aria-label="指标方向"
          placeholder="正向/反向"
          allowClear
          size="small"
          value={indicator.polarity ?? undefined}
          options={INDICATOR_POLARITIES.map((v) => ({ value: v, label: v }))}
          optionRender={(o) => (
            <span>
              {o.value}{' '}
              <span className="muted">
                {o.value === '正向' ? '越大越好' : '越小越好（如成本、投诉率）'}
              </span>
            </span>
          )}
          status={status('polarity')}
          onChange={(v: string | undefined) => void editIndicator(id, { polarity: v ?? null })}
          popupMatchSelectWidth={false}
        />
      </FieldBox>
      <FieldBox
        inline
        label="指标值设定依据"
        htmlFor={fieldId.indicator(id, 'basis')}
        error={basis.error}
        className="detail-item span-3"
      >
        <span className="fact-pair">
          <Select
            id={fieldId.indicator(id, 'basisKind')}
            aria-label="指标值设定依据类别"
            placeholder="类别"
            allowClear
            size="small"
            className="basis-kind"
            value={indicator.basis.kind ?? undefined}
            options={BASIS_KINDS.map((v) => ({ value: v, label: v }))}
            status={status('basis')}
            onChange={(v: string | undefined) =>
              void editIndicator(id, { basis: { kind: v ?? null } })
            }
            popupMatchSelectWidth={false}
          />
          <DraftField
            draft={basis}
            id={fieldId.indicator(id, 'basis')}
            label="指标值设定依据"
            placeholder="如：《××规划》、上年完成情况"
            status={status('basis')}
          />
        </span>
      </FieldBox>
      <Item term="上年指标值">{indicator.previous}</Item>
      <FieldBox
        inline
        label="指标解释"
        htmlFor={fieldId.indicator(id, 'explanation')}
        error={explanation.error}
        className="detail-item span-4"
      >
        <DraftField
          draft={explanation}
          id={fieldId.indicator(id, 'explanation')}
          label="指标解释"
          multiline
          placeholder="指标的含义、计算方法或数据来源"
          status={status('explanation')}
        />
      </FieldBox>
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
