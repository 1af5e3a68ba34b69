import { Alert, Checkbox, Input, Select, Tag } from 'antd';
import { memo, useCallback, useMemo, useRef } from 'react';
import type { Finding, Severity } from '../../../db/shared/check/finding.ts';
import { isWorse, SEVERITY_LABEL } from '../../../db/shared/check/finding.ts';
import { alertType, fieldStatus, SEVERITY_COLOR } from '../severity.ts';
import type { DocumentState } from '../../../db/shared/api/contract.ts';
import {
  addCents,
  amountHint,
  amountProblem,
  formatAmount,
  formatAmountGrouped,
  maxAmountText,
  tryParseAmount,
  type Cents,
  type MoneyDisplay,
} from '../../../db/shared/money.ts';
import type { CategoryTree } from '../../../db/shared/tree.ts';
import {
  PROJECT_CATEGORIES,
  PROJECT_CONTINUITIES,
  PROJECT_RECURRENCES,
  type ProjectData,
  type Totals,
  type UnitData,
} from '../../../db/shared/types.ts';
import { parseYearMonth } from '../../../db/shared/project-fields.ts';
import {
  editProject,
  FACT_FIELDS,
  factsDismissed,
  factsOpen,
  findProject,
  moveProjectToUnit,
  structureValues,
  updateProject,
} from '../actions.tsx';
import { fieldId } from '../focus.ts';
import { share } from '../share.ts';
import { store, useDocument, useMoney, type FieldGuard } from '../store.ts';
import { setNoServiceRecipients, useOpenFindings } from '../review.ts';
import { useDraft, type Draft } from '../useDraft.ts';
import { useAtom } from '../atom.ts';
import { DisclosureButton } from './Disclosure.tsx';
import { DraftAutoComplete, DraftField, FieldBox } from './DraftField.tsx';
import { IndicatorSection } from './IndicatorSection.tsx';
import type { FieldIssues } from './IndicatorRow.tsx';

/** Findings of one project: by field for the project, by indicator for the rows. */
interface ProjectIssues {
  readonly fields: FieldIssues;
  readonly indicators: Readonly<Record<number, FieldIssues>>;
  /** About the project as a whole (no field): shown above its indicators. */
  readonly general: readonly Finding[];
}

const NO_ISSUES: ProjectIssues = { fields: {}, indicators: {}, general: [] };

function issuesOf(findings: readonly Finding[] | null, projectId: number): ProjectIssues {
  if (!findings) return NO_ISSUES;
  const fields: Record<string, Severity> = {};
  const indicators: Record<number, Record<string, Severity>> = {};
  const general: Finding[] = [];
  const worse = (rec: Record<string, Severity>, field: string, s: Severity) => {
    const cur = rec[field];
    if (cur === undefined || isWorse(s, cur)) rec[field] = s;
  };
  for (const f of findings) {
    const loc = f.location;
    if (loc.projectId !== projectId) continue;
    if (loc.indicatorId !== undefined) {
      const rec = (indicators[loc.indicatorId] ??= {});
      worse(rec, loc.field ?? 'name', f.severity);
    } else if (loc.field) {
      worse(fields, loc.field, f.severity);
    } else {
      general.push(f);
    }
  }
  return { fields, indicators, general };
}

/** The right-hand side for the selected project. */
export function ProjectPanel({ projectId }: { projectId: number }) {
  const doc = useDocument();
  // A finding marked 已核对 does not mark its field.
  const findings = useOpenFindings();
  // Shared with the previous check's, so rows whose findings did not change do not repaint.
  const last = useRef<ProjectIssues>(NO_ISSUES);
  const issues = useMemo(() => {
    const next = issuesOf(findings, projectId);
    return (last.current = share(last.current, next));
  }, [findings, projectId]);
  const found = doc ? findProject(doc.data, projectId) : undefined;
  const units = doc?.data.units;
  // Only names and ids: stays the same object while amounts change.
  const unitKey = units?.map((u) => `${u.id}\u0000${u.name}`).join('\u0001') ?? '';
  const unitOptions = useMemo(
    () =>
      (units ?? []).map((u) => ({
        value: u.id,
        label: u.name.trim() || '（未命名资金使用单位）',
      })),
    [unitKey],
  );
  if (!doc || !found) return null;
  return (
    <ProjectForm
      key={projectId}
      project={found.project}
      unit={found.unit}
      index={found.index}
      tree={doc.data.tree}
      unitOptions={unitOptions}
      issues={issues}
    />
  );
}

interface FormProps {
  readonly project: ProjectData;
  readonly unit: UnitData;
  readonly index: number;
  readonly tree: CategoryTree;
  readonly unitOptions: readonly { value: number; label: string }[];
  readonly issues: ProjectIssues;
}

const statusOf = fieldStatus;

const ProjectForm = memo(function ProjectForm(props: FormProps) {
  const { project, unit, index, tree, unitOptions, issues } = props;
  const id = project.id;
  const name = useDraft({
    value: project.name,
    commit: (t, guard) => updateProject(id, { name: t }, guard),
    read: (doc) => findProject(doc.data, id)?.project.name,
    label: '项目名称',
  });
  const goal = useDraft({
    value: project.goal,
    commit: (t, guard) => updateProject(id, { goal: t }, guard),
    read: (doc) => findProject(doc.data, id)?.project.goal,
    label: GOAL_LABEL,
  });
  const overallGoal = useDraft({
    value: project.overallGoal,
    commit: (t, guard) => updateProject(id, { overallGoal: t }, guard),
    read: (doc) => findProject(doc.data, id)?.project.overallGoal,
    label: '项目总体目标',
  });

  return (
    <article className="panel project-panel" aria-label="项目详情">
      <div className="project-head">
        <div className="project-title-row">
          <FieldBox
            inline
            label="项目名称"
            htmlFor={fieldId.project(id, 'name')}
            error={name.error}
          >
            <DraftField
              draft={name}
              id={fieldId.project(id, 'name')}
              label="项目名称"
              placeholder="例如：党员教育培训经费"
              status={statusOf(issues.fields.name)}
            />
          </FieldBox>
          <div className="crumbs muted" title={unit.name}>
            <span className="crumbs-unit">{unit.name.trim() || '（未命名资金使用单位）'}</span>
            <span>›</span>
            <span>
              第 {index + 1} / {unit.projects.length} 个项目
            </span>
          </div>
          <FactsToggle id={id} issues={issues.fields} />
          <button
            type="button"
            className="link-button structure-project"
            title="将本项目中可以明确转换的文字指标值转为计算符号、数值、计量单位；逐条列出供核对，可一次撤销"
            aria-label="结构化指标值（本项目）"
            onClick={() => void structureValues(id)}
          >
            结构化指标值
          </button>
        </div>
        <Amounts
          id={id}
          totals={project.totals}
          previous={project.previous}
          fiscal={issues.fields.fiscal}
          specialAccount={issues.fields.specialAccount}
          other={issues.fields.other}
        />
        {/*
         * Goals side by side, as the national 申报表 prints them: 项目总体目标 (the whole
         * 实施期), then 年度目标 — the one the official Guangzhou layout prints as 绩效目标.
         */}
        <div className="goal-pair">
          <FieldBox
            inline
            label="项目总体目标"
            htmlFor={fieldId.project(id, 'overallGoal')}
            error={overallGoal.error}
            title="整个实施期的目标（实施期目标）。申报表打印；广州汇总表（官方版式）不打印"
          >
            <DraftField
              draft={overallGoal}
              id={fieldId.project(id, 'overallGoal')}
              label="项目总体目标"
              multiline
              className="goal"
              placeholder="实施期内的总体目标；一年期项目与年度目标相同"
              status={statusOf(issues.fields.overallGoal)}
            />
          </FieldBox>
          <FieldBox
            inline
            label={
              <>
                年度目标<span className="label-note">（绩效目标）</span>
              </>
            }
            htmlFor={fieldId.project(id, 'goal')}
            error={goal.error}
            className="goal-annual"
            title="预算年度的目标：广州汇总表（官方版式）的“绩效目标”栏打印的就是它；申报表打印总体目标和年度目标"
          >
            <DraftField
              draft={goal}
              id={fieldId.project(id, 'goal')}
              label={GOAL_LABEL}
              multiline
              className="goal"
              placeholder="例如：1.完成……；2.提升……"
              status={statusOf(issues.fields.goal)}
            />
          </FieldBox>
        </div>
        <ProjectFacts
          project={project}
          unitId={unit.id}
          unitOptions={unitOptions}
          issues={issues.fields}
        />
      </div>
      {(issues.general.length > 0 || project.noServiceRecipients) && (
        <div className="general-issues">
          {issues.general.map((f, i) => (
            <Alert
              key={i}
              type={alertType(f.severity)}
              showIcon
              title={
                <span>
                  <Tag color={SEVERITY_COLOR[f.severity]}>{SEVERITY_LABEL[f.severity]}</Tag>
                  {f.message}
                </span>
              }
              action={
                f.ruleId === 'missing-satisfaction' ? (
                  <NoServiceRecipients id={id} declared={project.noServiceRecipients} />
                ) : undefined
              }
            />
          ))}
          {project.noServiceRecipients && (
            <NoServiceRecipients id={id} declared={project.noServiceRecipients} />
          )}
        </div>
      )}
      <IndicatorSection project={project} tree={tree} issues={issues.indicators} />
    </article>
  );
});

/**
 * 确无服务对象: offered beside 缺少满意度指标, and shown while declared (unticking it asks for
 * the 满意度指标 again).
 */
function NoServiceRecipients({ id, declared }: { id: number; declared: boolean }) {
  return (
    <Checkbox
      className="no-service-recipients"
      checked={declared}
      onChange={(e) => void setNoServiceRecipients(id, e.target.checked)}
      title="本项目确无服务对象（如党费代收代缴、机构内部运转），不设满意度指标"
    >
      确无服务对象
      {declared && <span className="muted">（已声明，不设满意度指标）</span>}
    </Checkbox>
  );
}

// ---- 更多项目信息 -------------------------------------------------------------------------------

/** 年度目标: the Guangzhou table's 绩效目标, named so the clerk sees which one it prints. */
const GOAL_LABEL = '年度目标（绩效目标）';

/** The fields of 更多项目信息 findings point at, as one key with the project's id ('' if none). */
function factsKey(id: number, issues: FieldIssues): string {
  const fields = FACT_FIELDS.filter((f) => issues[f] !== undefined);
  return fields.length === 0 ? '' : `${id}:${fields.join(',')}`;
}

/** Open: as the clerk last set it, or while a finding points into it (see factsOpen). */
function useFactsOpen(id: number, issues: FieldIssues): boolean {
  const open = useAtom(factsOpen);
  const dismissed = useAtom(factsDismissed);
  const key = factsKey(id, issues);
  return open || (key !== '' && key !== dismissed);
}

/** 更多项目信息's toggle, at the end of the name's line (the part opens under the goals). */
const FactsToggle = memo(function FactsToggle({ id, issues }: { id: number; issues: FieldIssues }) {
  const open = useFactsOpen(id, issues);
  const key = factsKey(id, issues);
  const toggle = useCallback(() => {
    factsOpen.set(!open);
    factsDismissed.set(open ? key : null);
  }, [open, key]);
  return (
    <DisclosureButton
      open={open}
      onToggle={toggle}
      controls={`facts-${id}`}
      className="facts-toggle"
      title={open ? '收起更多项目信息' : '实施期、项目性质、项目类别、项目资金总额等更多项目信息'}
    >
      更多项目信息
    </DisclosureButton>
  );
});

const validateMonth = (t: string) => {
  if (t.trim() === '') return null;
  const parsed = parseYearMonth(t);
  return parsed.ok ? null : parsed.message;
};

const sameMonth = (t: string, v: string) => {
  const a = t.trim() === '' ? '' : parseYearMonth(t);
  const b = v.trim() === '' ? '' : parseYearMonth(v);
  if (a === '' || b === '') return a === b;
  return a.ok && b.ok && a.value === b.value;
};

/** 项目资金总额: empty when not given (null), else the amount as the other fields show it. */
const shownBudget = (c: Cents | null, money: MoneyDisplay) =>
  c === null ? '' : formatAmount(c, money);
const sameBudget = (t: string, v: string, money: MoneyDisplay) =>
  t.trim() === '' || v.trim() === '' ? t.trim() === v.trim() : sameAmount(t, v, money);

/** Project categories in use in the document besides the usual ones, offered too. */
function categoryOptions(): string[] {
  const seen = new Set<string>(PROJECT_CATEGORIES);
  for (const u of store.doc?.data.units ?? []) {
    for (const p of u.projects) if (p.category.trim()) seen.add(p.category.trim());
  }
  return [...seen];
}

/**
 * 更多项目信息: the project's facts beyond name, money and goals, under the header while open.
 * A grid of label-left fields (`.facts-grid`, three columns), their drafts (useDraft) in this
 * component, so typing in them repaints this part alone.
 */
const ProjectFacts = memo(function ProjectFacts(props: {
  project: ProjectData;
  unitId: number;
  unitOptions: readonly { value: number; label: string }[];
  issues: FieldIssues;
}) {
  const open = useFactsOpen(props.project.id, props.issues);
  if (!open) return null;
  return <FactsGrid {...props} />;
});

function FactsGrid(props: {
  project: ProjectData;
  unitId: number;
  unitOptions: readonly { value: number; label: string }[];
  issues: FieldIssues;
}) {
  const { project, unitId, issues } = props;
  const id = project.id;
  const money = useMoney();
  const month = (field: 'periodStart' | 'periodEnd', label: string) => ({
    value: (field === 'periodStart' ? project.period.start : project.period.end) ?? '',
    commit: (t: string, guard: FieldGuard | undefined) =>
      updateProject(id, { [field]: t.trim() === '' ? null : t.trim() }, guard),
    read: (doc: DocumentState) => {
      const p = findProject(doc.data, id)?.project;
      return p && ((field === 'periodStart' ? p.period.start : p.period.end) ?? '');
    },
    label,
    validate: validateMonth,
    equals: sameMonth,
  });
  const start = useDraft(month('periodStart', '实施期开始'));
  const end = useDraft(month('periodEnd', '实施期结束'));
  const category = useDraft({
    value: project.category,
    commit: (t, guard) => updateProject(id, { category: t }, guard),
    read: (doc) => findProject(doc.data, id)?.project.category,
    label: '项目类别',
  });
  const totalBudget = useDraft({
    value: shownBudget(project.totalBudget, money),
    commit: (t, guard) =>
      updateProject(id, { totalBudget: t.trim() === '' ? null : t.trim() }, guard),
    read: (doc) => {
      const p = findProject(doc.data, id)?.project;
      return p && shownBudget(p.totalBudget, doc.data.money);
    },
    label: '项目资金总额',
    validate: (t) => (t.trim() === '' ? null : validateAmount(t, money)),
    equals: (t, v) => sameBudget(t, v, money),
  });
  const carryOver = useDraft({
    value: shown(project.carryOver, money),
    commit: (t, guard) => updateProject(id, { carryOver: t.trim() || '0' }, guard),
    read: (doc) => {
      const p = findProject(doc.data, id)?.project;
      return p && shown(p.carryOver, doc.data.money);
    },
    label: '上年结转',
    validate: (t) => validateAmount(t, money),
    equals: (t, v) => sameAmount(t, v, money),
  });
  const startId = fieldId.project(id, 'periodStart');
  const endId = fieldId.project(id, 'periodEnd');
  const periodError = start.error ?? end.error;
  const periodStatus = statusOf(issues.periodEnd ?? issues.periodStart);
  return (
    <section className="facts-grid" id={`facts-${id}`} aria-label="更多项目信息">
      <FieldBox inline label="资金使用单位" htmlFor={`move-${id}`}>
        <Select
          id={`move-${id}`}
          aria-label="资金使用单位"
          title="选择另一个资金使用单位，即把本项目移过去（也可在左侧拖动）"
          className="move-select"
          value={unitId}
          options={props.unitOptions as { value: number; label: string }[]}
          onChange={(target: number) => {
            if (target !== unitId) void moveProjectToUnit(id, target);
          }}
          popupMatchSelectWidth={false}
        />
      </FieldBox>
      <FieldBox
        inline
        label="项目类别"
        htmlFor={fieldId.project(id, 'category')}
        error={category.error}
        title="可从常用类别中选择，也可直接填写本地区的类别"
      >
        <DraftAutoComplete
          draft={category}
          id={fieldId.project(id, 'category')}
          label="项目类别"
          options={categoryOptions}
          placeholder="如：特定目标类"
          status={statusOf(issues.category)}
        />
      </FieldBox>
      <FieldBox inline label="项目性质" htmlFor={fieldId.project(id, 'continuity')}>
        <span className="fact-pair">
          <Select
            id={fieldId.project(id, 'continuity')}
            aria-label="项目性质（新增/延续）"
            placeholder="新增/延续"
            allowClear
            value={project.continuity ?? undefined}
            options={PROJECT_CONTINUITIES.map((v) => ({ value: v, label: v }))}
            status={statusOf(issues.continuity)}
            onChange={(v: string | undefined) => void editProject(id, { continuity: v ?? null })}
          />
          <Select
            id={fieldId.project(id, 'recurrence')}
            aria-label="项目性质（一次性/阶段性/经常性）"
            placeholder="一次性等"
            allowClear
            value={project.recurrence ?? undefined}
            options={PROJECT_RECURRENCES.map((v) => ({ value: v, label: v }))}
            status={statusOf(issues.recurrence)}
            onChange={(v: string | undefined) => void editProject(id, { recurrence: v ?? null })}
            popupMatchSelectWidth={false}
          />
        </span>
      </FieldBox>
      <FieldBox
        inline
        label="实施期"
        htmlFor={startId}
        error={periodError}
        title="项目实施期的开始和结束年月，如 2024-01 至 2026-12"
      >
        <span className="fact-pair fact-period">
          <DraftField
            draft={start}
            id={startId}
            label="实施期开始"
            placeholder="2026-01"
            status={periodStatus}
          />
          <span className="muted">至</span>
          <DraftField
            draft={end}
            id={endId}
            label="实施期结束"
            placeholder="2026-12"
            status={periodStatus}
          />
        </span>
      </FieldBox>
      {(
        [
          ['totalBudget', '项目资金总额', totalBudget, '整个实施期的资金总额（含本年度资金）'],
          ['carryOver', '上年结转', carryOver, '上年结转到本年度的资金'],
        ] as const
      ).map(([field, label, d, title]) => {
        const domId = fieldId.project(id, field);
        return (
          <FieldBox
            key={field}
            inline
            label={label}
            htmlFor={domId}
            error={d.error}
            errorId={`${domId}-error`}
            title={title}
          >
            <DraftField
              draft={d}
              id={domId}
              label={label}
              inputMode="decimal"
              className="amount"
              placeholder={field === 'totalBudget' ? '未填写' : '0.00'}
              suffix={money.unit}
              status={statusOf(issues[field])}
              describedBy={d.error ? `${domId}-error` : undefined}
            />
          </FieldBox>
        );
      })}
    </section>
  );
}

// ---- amounts -------------------------------------------------------------------------------

const SOURCES = [
  { field: 'fiscal', label: '财政拨款' },
  { field: 'specialAccount', label: '财政专户拨款' },
  { field: 'other', label: '其他资金' },
] as const;

type Source = (typeof SOURCES)[number]['field'];

/**
 * What an amount field shows for the host's value, in the document's unit and decimals: empty
 * for zero, as the printed table.
 */
const shown = (c: Cents, money: MoneyDisplay) => (c === 0 ? '' : formatAmount(c, money));
const parse = (t: string, money: MoneyDisplay) =>
  t.trim() === '' ? (0 as Cents) : tryParseAmount(t, money);

/** Two texts that are the same amount (`38.4` and `38.40`); never true for a text that is none. */
function sameAmount(text: string, value: string, money: MoneyDisplay): boolean {
  const a = parse(text, money);
  return a !== undefined && a === parse(value, money);
}

/** Why a typed amount cannot be saved, in the words of the store (db/shared/money.ts). */
function validateAmount(text: string, money: MoneyDisplay): string | null {
  const c = parse(text, money);
  if (c === undefined) {
    const problem = amountProblem(text, money) ?? '';
    if (problem.startsWith('超过金额上限')) return `金额不能超过 ${maxAmountText(money)}`;
    if (problem.startsWith('超过')) return `金额${problem}`;
    // A stated unit the document cannot hold exactly (1.5元 in 万元 with 2 decimals).
    if (problem.startsWith('即') || problem.includes('金额最小到分')) {
      return `“${text.trim()}”${problem}`;
    }
    return `请输入金额（${amountHint(money)}），例如 38.41`;
  }
  if (c < 0) return '金额不能为负数';
  return null;
}

/**
 * 财政拨款 / 财政专户拨款 / 其他资金, exact to the cent, never negative, and 总计 as typed (the
 * same Cents arithmetic as the host; the host's figure replaces it once the edit is saved).
 */
const Amounts = memo(function Amounts(props: {
  id: number;
  totals: Totals;
  previous: Totals | null;
  fiscal?: Severity;
  specialAccount?: Severity;
  other?: Severity;
}) {
  const { id, totals } = props;
  const money = useMoney();
  const amount = (field: Source, label: string) => ({
    value: shown(totals[field], money),
    commit: (t: string, guard: FieldGuard | undefined) =>
      updateProject(id, { [field]: t.trim() || '0' }, guard),
    read: (doc: DocumentState) => {
      const found = findProject(doc.data, id);
      return found && shown(found.project.totals[field], doc.data.money);
    },
    label,
    validate: (t: string) => validateAmount(t, money),
    equals: (text: string, value: string) => sameAmount(text, value, money),
  });
  const drafts: Record<Source, Draft> = {
    fiscal: useDraft(amount('fiscal', '财政拨款')),
    specialAccount: useDraft(amount('specialAccount', '财政专户拨款')),
    other: useDraft(amount('other', '其他资金')),
  };
  // 总计 as typed: each valid field as it stands, an invalid one as last saved.
  const live = (f: Source) => {
    const c = parse(drafts[f].value, money);
    return c === undefined || c < 0 ? totals[f] : c;
  };
  const total = addCents(live('fiscal'), live('specialAccount'), live('other'));
  const unit = <span className="unit">{money.unit}</span>;

  return (
    <div className="amounts">
      {SOURCES.map(({ field, label }) => {
        const d = drafts[field];
        const domId = fieldId.project(id, field);
        return (
          <FieldBox
            key={field}
            inline
            label={label}
            htmlFor={domId}
            error={d.error}
            errorId={`${domId}-error`}
          >
            <DraftField
              draft={d}
              id={domId}
              label={label}
              inputMode="decimal"
              className="amount"
              placeholder={formatAmount(0 as Cents, money)}
              suffix={unit}
              status={statusOf(props[field])}
              describedBy={d.error ? `${domId}-error` : undefined}
            />
          </FieldBox>
        );
      })}
      <FieldBox inline label="总计" htmlFor={fieldId.project(id, 'total')}>
        <Input
          id={fieldId.project(id, 'total')}
          aria-label="总计"
          readOnly
          tabIndex={-1}
          className="amount total"
          value={formatAmountGrouped(total, money)}
          suffix={unit}
        />
      </FieldBox>
      {props.previous && <PreviousAmounts previous={props.previous} total={total} money={money} />}
    </div>
  );
});

/**
 * 上年金额 (a table made from last year's): read-only, with the change of 总计 in whole percent,
 * computed in integers like the 比上年增减 check.
 */
function PreviousAmounts(props: { previous: Totals; total: Cents; money: MoneyDisplay }) {
  const { previous, total, money } = props;
  let change = '';
  if (previous.total > 0 && total > 0) {
    const percent = Math.round(((total - previous.total) * 100) / previous.total);
    change = `，比上年 ${percent > 0 ? '+' : percent < 0 ? '-' : '±'}${Math.abs(percent)}%`;
  }
  return (
    <p className="previous-amounts muted" role="note" aria-label="上年金额">
      上年：
      {SOURCES.map(
        ({ field, label }) => `${label} ${formatAmountGrouped(previous[field], money)}`,
      ).join(' / ')}
      {` / 总计 ${formatAmountGrouped(previous.total, money)} ${money.unit}${change}`}
    </p>
  );
}
