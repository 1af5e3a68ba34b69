import { memo } from 'react';
import { formatAmountGrouped, type Cents, type MoneyDisplay } from '../../../db/shared/money.ts';
import type { ProjectData, UnitData } from '../../../db/shared/types.ts';
import { findUnit, renameUnit, selectProject } from '../actions.tsx';
import { fieldId } from '../focus.ts';
import { useDocument, useMoney } from '../store.ts';
import { useDraft } from '../useDraft.ts';
import { DraftField, FieldBox } from './DraftField.tsx';
import { TotalsList } from './TotalsList.tsx';

/** The right-hand side for a selected 资金使用单位: its name, subtotal and projects. */
export function UnitPanel({ unitId }: { unitId: number }) {
  const doc = useDocument();
  const unit = doc ? findUnit(doc.data, unitId) : undefined;
  if (!unit) return null;
  return <UnitForm key={unitId} unit={unit} />;
}

const shown = (c: Cents, money: MoneyDisplay) => (c === 0 ? '' : formatAmountGrouped(c, money));

const UnitForm = memo(function UnitForm({ unit }: { unit: UnitData }) {
  const name = useDraft({
    value: unit.name,
    commit: (t, guard) => renameUnit(unit.id, t, guard),
    read: (doc) => findUnit(doc.data, unit.id)?.name,
    label: '资金使用单位',
  });
  return (
    <article className="panel" aria-label="资金使用单位">
      <FieldBox label="资金使用单位" htmlFor={fieldId.unit(unit.id)} error={name.error}>
        <DraftField
          draft={name}
          id={fieldId.unit(unit.id)}
          label="资金使用单位"
          placeholder="例如：区委组织部本级"
        />
      </FieldBox>
      <TotalsList totals={unit.totals} totalLabel="总计" />
      {unit.projects.length === 0 ? (
        <p className="muted">本单位尚无项目：点击左侧“添加项目”。</p>
      ) : (
        <ProjectTable projects={unit.projects} />
      )}
    </article>
  );
});

const ProjectTable = memo(function ProjectTable({
  projects,
}: {
  projects: readonly ProjectData[];
}) {
  const m = useMoney();
  const money = (c: Cents) => shown(c, m);
  return (
    <div className="simple-table-box">
      <table className="simple-table">
        <caption className="sr-only">本单位的项目（金额单位：{m.unit}）</caption>
        <thead>
          <tr>
            <th scope="col">项目名称</th>
            <th scope="col" className="num">
              总计
            </th>
            <th scope="col" className="num">
              财政拨款
            </th>
            <th scope="col" className="num">
              财政专户拨款
            </th>
            <th scope="col" className="num">
              其他资金
            </th>
            <th scope="col" className="num">
              指标数
            </th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id}>
              <td>
                <button type="button" className="link-button" onClick={() => selectProject(p.id)}>
                  {p.name.trim() || '（未命名项目）'}
                </button>
              </td>
              <td className="num">{money(p.totals.total)}</td>
              <td className="num">{money(p.totals.fiscal)}</td>
              <td className="num">{money(p.totals.specialAccount)}</td>
              <td className="num">{money(p.totals.other)}</td>
              <td className="num">{p.indicators.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
