import { FileOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Radio, Select, Space } from 'antd';
import { useEffect, useRef, useState, type Ref, type RefObject } from 'react';
import type { NamedItem, RecentDocument } from '../../../db/shared/api/host-contract.ts';
import {
  dialog,
  hostInfo,
  newDocument,
  newFromPrevious,
  openDocument,
  saveAs,
  setMoneyDisplay,
} from '../actions.tsx';
import {
  DEFAULT_MONEY_DISPLAY,
  describeDisplay,
  MONEY_DECIMALS,
  MONEY_UNITS,
  type MoneyDisplay,
  type MoneyUnit,
} from '../../../db/shared/money.ts';
import { ui } from '../ui.ts';
import { isElectron } from '../api.ts';
import { isBudgetYearText, parseBudgetYearText } from '../../../db/shared/limits.ts';
import { useAtom } from '../atom.ts';
import { store, useMoney } from '../store.ts';
import { FieldBox } from './DraftField.tsx';
import {
  asksSourceUnit,
  SOURCE_UNIT_CHOICES,
  unitRefusal,
  unitToSend,
  type SourceUnitChoice,
  type UnitRefusal,
} from '../from-previous.ts';
import { SourceNotesDialog } from './SourceNotesDialog.tsx';

/** 新建, 打开 and 另存为: on the start page, and as dialogs while a document is open. */

export function NewDocumentForm({ autoFocus }: { autoFocus?: boolean }) {
  const [department, setDepartmentText] = useState('');
  const [year, setYearText] = useState(String(new Date().getFullYear() + 1));
  const [tree, setTree] = useState<string | undefined>(undefined);
  const [money, setMoney] = useState<MoneyDisplay>(DEFAULT_MONEY_DISPLAY);
  const [path, setPath] = useState('');
  const [trees, setTrees] = useState<readonly NamedItem[]>([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    store.api.listTrees().then(
      (list) => {
        if (!live) return;
        setTrees(list);
        setTree((t) => t ?? list[0]?.id);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const errors = {
    department: department.trim() ? null : '请输入部门名称',
    year: isBudgetYearText(year) ? null : '请输入四位年份，例如 2025',
    tree: tree ? null : '请选择指标体系',
  };
  const valid = !errors.department && !errors.year && !errors.tree;

  const submit = async () => {
    setTried(true);
    if (!valid || !tree) return;
    setBusy(true);
    try {
      await newDocument({
        department: department.trim(),
        year: parseBudgetYearText(year)!,
        tree,
        money,
        ...(path.trim() ? { path: path.trim() } : {}),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="new-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FieldBox label="部门名称" htmlFor="new-department" error={tried ? errors.department : null}>
        <Input
          id="new-department"
          aria-label="部门名称"
          value={department}
          onChange={(e) => setDepartmentText(e.target.value)}
          placeholder="例如：中共广州市番禺区委组织部"
          status={tried && errors.department ? 'error' : ''}
          autoFocus={autoFocus}
        />
      </FieldBox>
      <div className="form-row">
        <FieldBox label="预算年度" htmlFor="new-year" error={tried ? errors.year : null}>
          <Input
            id="new-year"
            aria-label="预算年度"
            className="year-input"
            inputMode="numeric"
            value={year}
            onChange={(e) => setYearText(e.target.value)}
            status={tried && errors.year ? 'error' : ''}
          />
        </FieldBox>
        <FieldBox label="指标体系" htmlFor="new-tree" error={tried ? errors.tree : null}>
          <Select
            id="new-tree"
            aria-label="指标体系"
            className="tree-select"
            value={tree}
            onChange={(v: string) => setTree(v)}
            options={trees.map((t) => ({ value: t.id, label: t.name }))}
            popupMatchSelectWidth={false}
          />
        </FieldBox>
      </div>
      <MoneyFields idPrefix="new" value={money} onChange={setMoney} />
      {!isElectron() && <FileNameField id="new-path" value={path} onChange={setPath} />}
      <Button type="primary" htmlType="submit" loading={busy} aria-label="创建文档">
        创建文档
      </Button>
    </form>
  );
}

/**
 * 由上年文件新建: the source (typed in browser mode; Electron's own dialog), the money unit of a
 * source table that does not state it, the new table's year, and whether this year's amounts
 * start empty or as last year's. Last year's amounts are kept as 上年金额 either way; the year
 * review, and the notes of reading a text or PDF, open once the table is made. A refusal about
 * the unit stays beside the unit's question, with everything typed, until the clerk answers it.
 */
export function FromPreviousForm({ autoFocus }: { autoFocus?: boolean }) {
  const [source, setSource] = useState('');
  const [unit, setUnit] = useState<SourceUnitChoice>('stated');
  const [unitProblem, setUnitProblem] = useState<UnitRefusal | null>(null);
  const [year, setYearText] = useState('');
  const [keepAmounts, setKeepAmounts] = useState(false);
  const [path, setPath] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const unitGroup = useRef<HTMLDivElement>(null);
  const info = useAtom(hostInfo);
  const electron = isElectron();
  const asksUnit = asksSourceUnit(source, electron) || unitProblem !== null;

  useFocusOnRefusal(unitProblem, unitGroup);

  const errors = {
    source: electron || source.trim() ? null : '请输入上年文件的路径',
    year:
      year.trim() === '' || isBudgetYearText(year)
        ? null
        : '请输入四位年份，例如 2025；不填则为上年年度加一',
  };
  const valid = !errors.source && !errors.year;

  const submit = async () => {
    setTried(true);
    if (!valid) return;
    setBusy(true);
    setUnitProblem(null);
    const given = unitToSend(unit, asksUnit);
    try {
      await newFromPrevious(
        {
          ...(electron ? {} : { source: source.trim() }),
          ...(year.trim() ? { year: parseBudgetYearText(year)! } : {}),
          keepAmounts,
          ...(given ? { unit: given } : {}),
          ...(!electron && path.trim() ? { path: path.trim() } : {}),
        },
        (message) => {
          const problem = unitRefusal(message);
          setUnitProblem(problem);
          return problem !== null;
        },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="new-form from-previous"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ol className="wizard-steps">
        <li>
          {electron ? (
            <div className="field">
              <span className="field-label" id="prev-source-label">
                上年文件
              </span>
              <div className="muted field-extra" id="prev-source-hint">
                上年的文档（.jxmb），或表格的 Excel
                工作簿（.xlsx）、CSV、PDF、文字（.txt）：点击下方“选择文件”后选择；上年文件只读取，不会被修改。
              </div>
            </div>
          ) : (
            <FieldBox label="上年文件" htmlFor="prev-source" error={tried ? errors.source : null}>
              <Input
                id="prev-source"
                aria-label="上年文件"
                aria-describedby="prev-source-hint"
                value={source}
                onChange={(e) => {
                  setSource(e.target.value);
                  setUnitProblem(null);
                }}
                placeholder="例如：组织部2024年绩效目标表.jxmb"
                status={tried && errors.source ? 'error' : ''}
                autoFocus={autoFocus}
              />
              <div className="muted field-extra" id="prev-source-hint">
                上年的文档（.jxmb），或表格的 Excel 工作簿（.xlsx）、CSV、PDF、文字（.txt）
                {info?.workDir ? `；相对路径从 ${info.workDir} 算起` : ''}
                。上年文件只读取，不会被修改。
              </div>
            </FieldBox>
          )}
        </li>
        {asksUnit && (
          <li>
            <SourceUnitField
              ref={unitGroup}
              idPrefix="prev"
              label="上年文件的金额单位"
              value={unit}
              problem={unitProblem}
              onChange={(next) => {
                setUnit(next);
                setUnitProblem(null);
              }}
            />
          </li>
        )}
        <li>
          <FieldBox label="新表预算年度" htmlFor="prev-year" error={tried ? errors.year : null}>
            <Input
              id="prev-year"
              aria-label="新表预算年度"
              aria-describedby="prev-year-hint"
              className="year-input"
              inputMode="numeric"
              value={year}
              onChange={(e) => setYearText(e.target.value)}
              placeholder="上年＋1"
              status={tried && errors.year ? 'error' : ''}
            />
            <div className="muted field-extra" id="prev-year-hint">
              不填则为上年表格的预算年度加一
            </div>
          </FieldBox>
        </li>
        <li>
          <div className="field" role="group" aria-labelledby="prev-amounts-label">
            <span className="field-label" id="prev-amounts-label">
              本年金额
            </span>
            <Radio.Group
              value={keepAmounts}
              onChange={(e) => setKeepAmounts(e.target.value as boolean)}
              aria-labelledby="prev-amounts-label"
              options={[
                { value: false, label: '留空（推荐）' },
                { value: true, label: '沿用上年金额' },
              ]}
            />
            <div className="muted field-extra">
              上年金额都保留为“上年金额”，显示在本年金额旁，便于对比。
            </div>
          </div>
        </li>
      </ol>
      {!electron && <FileNameField id="prev-path" value={path} onChange={setPath} />}
      <Button type="primary" htmlType="submit" loading={busy}>
        {electron ? '选择文件并创建新表…' : '创建新表'}
      </Button>
    </form>
  );
}

/**
 * The money unit of a table (上年文件的金额单位, 表格的金额单位): a table is read in the unit it
 * states; one that states none is refused until the clerk names it here (a document carries its
 * own). The refusal shows under the choices, with what to do.
 */
function SourceUnitField(p: {
  ref: Ref<HTMLDivElement>;
  idPrefix: string;
  label: string;
  value: SourceUnitChoice;
  problem: UnitRefusal | null;
  onChange: (choice: SourceUnitChoice) => void;
}) {
  const id = (what: string) => `${p.idPrefix}-unit-${what}`;
  const described = p.problem ? `${id('error')} ${id('hint')}` : id('hint');
  return (
    <div className="field source-unit" ref={p.ref}>
      <span className="field-label" id={id('label')}>
        {p.label}
      </span>
      <Radio.Group
        value={p.value}
        onChange={(e) => p.onChange(e.target.value as SourceUnitChoice)}
        aria-labelledby={id('label')}
        aria-describedby={described}
        aria-invalid={p.problem ? true : undefined}
        options={SOURCE_UNIT_CHOICES.map((c) => ({ value: c.value, label: c.label }))}
      />
      {p.problem && (
        <div className="field-help" id={id('error')} role="alert">
          {p.problem.message}
          <div>{p.problem.hint}</div>
        </div>
      )}
      <div className="muted field-extra" id={id('hint')}>
        用于表格（Excel 工作簿、CSV、PDF
        或文字）：表格写明了金额单位（如“单位：万元”）时按表格读取；未写明时请选择万元或元。
      </div>
    </div>
  );
}

/** The refused unit question takes the focus, on its chosen answer (arrow keys move it). */
function useFocusOnRefusal(problem: UnitRefusal | null, group: RefObject<HTMLDivElement | null>) {
  useEffect(() => {
    if (!problem) return;
    const el = group.current;
    el?.scrollIntoView({ block: 'nearest' });
    el?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
  }, [problem, group]);
}

/**
 * 打开: a document, or a table (a workbook, CSV, PDF or text), which the host imports into a new
 * document. Browser mode types the path; for a table the form asks its money unit (as
 * 由上年文件新建 does: a refusal stays beside the question) and, optionally, the new document's
 * name. Electron picks the file in its own dialog and asks the unit there when needed.
 */
export function OpenDocumentForm({ autoFocus }: { autoFocus?: boolean }) {
  const [recent, setRecent] = useState<readonly RecentDocument[]>([]);
  const [path, setPath] = useState('');
  const [unit, setUnit] = useState<SourceUnitChoice>('stated');
  const [unitProblem, setUnitProblem] = useState<UnitRefusal | null>(null);
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const unitGroup = useRef<HTMLDivElement>(null);
  const info = useAtom(hostInfo);
  const table = asksSourceUnit(path, false) || unitProblem !== null;
  useFocusOnRefusal(unitProblem, unitGroup);
  useEffect(() => {
    let live = true;
    store.api.recentDocuments().then(
      (list) => live && setRecent(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const open = async (p?: string) => {
    setBusy(true);
    try {
      await openDocument(p);
    } finally {
      setBusy(false);
    }
  };

  const openTyped = async () => {
    const typed = path.trim();
    if (!typed) return;
    setBusy(true);
    setUnitProblem(null);
    const given = unitToSend(unit, table);
    try {
      await openDocument(
        typed,
        undefined,
        {
          ...(given ? { unit: given } : {}),
          ...(table && target.trim() ? { target: target.trim() } : {}),
        },
        (message) => {
          const problem = unitRefusal(message, '打开');
          setUnitProblem(problem);
          return problem !== null;
        },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="open-form">
      {isElectron() ? (
        <Button
          type="primary"
          icon={<FolderOpenOutlined />}
          onClick={() => void open()}
          loading={busy}
          aria-label="打开文档"
        >
          打开文档…
        </Button>
      ) : (
        <form
          className="open-path"
          onSubmit={(e) => {
            e.preventDefault();
            void openTyped();
          }}
        >
          <label htmlFor="open-path">文档路径</label>
          <Space.Compact block>
            <Input
              id="open-path"
              aria-label="文档路径"
              aria-describedby="open-path-hint"
              value={path}
              onChange={(e) => {
                setPath(e.target.value);
                setUnitProblem(null);
              }}
              placeholder="例如：组织部2025年绩效目标表.jxmb"
              autoFocus={autoFocus}
            />
            <Button
              type="primary"
              htmlType="submit"
              loading={busy}
              disabled={!path.trim()}
              aria-label="打开文档"
            >
              打开
            </Button>
          </Space.Compact>
          <div className="muted field-extra" id="open-path-hint">
            也可打开表格（Excel 工作簿 .xlsx、CSV、PDF 或文字
            .txt）：导入为新文档，表格本身不会被修改
            {info?.workDir ? `；相对路径从 ${info.workDir} 算起` : ''}。
          </div>
          {table && (
            <div className="open-table">
              <SourceUnitField
                ref={unitGroup}
                idPrefix="open"
                label="表格的金额单位"
                value={unit}
                problem={unitProblem}
                onChange={(next) => {
                  setUnit(next);
                  setUnitProblem(null);
                }}
              />
              <FieldBox label="导入后的文件名（可选）" htmlFor="open-target">
                <Input
                  id="open-target"
                  aria-label="导入后的文件名"
                  value={target}
                  onChange={(e) => setTarget(e.target.value)}
                  placeholder="例如：组织部2025年绩效目标表"
                />
                <div className="muted field-extra">
                  {info?.workDir ? `保存在 ${info.workDir}；` : ''}
                  不填则按表格的文件名命名（已有同名文件时加序号，不会覆盖）
                </div>
              </FieldBox>
            </div>
          )}
        </form>
      )}
      <div className="recent">
        <div className="recent-title">最近打开</div>
        {recent.length === 0 ? (
          <p className="muted">暂无</p>
        ) : (
          <ul>
            {recent.map((r) => (
              <li key={r.path}>
                <Button
                  type="link"
                  icon={<FileOutlined />}
                  onClick={() => void open(r.path)}
                  title={r.path}
                  aria-label={`打开最近的文档 ${r.name}`}
                >
                  {r.name}
                </Button>
                <span className="muted recent-path">{r.path}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function SaveAsForm() {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="open-path"
      onSubmit={(e) => {
        e.preventDefault();
        if (!path.trim()) return;
        setBusy(true);
        void saveAs(path.trim()).finally(() => setBusy(false));
      }}
    >
      <label htmlFor="save-as-path">新文件路径</label>
      <Space.Compact block>
        <Input
          id="save-as-path"
          aria-label="新文件路径"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="例如：组织部2025年绩效目标表-副本.jxmb"
          autoFocus
        />
        <Button
          type="primary"
          htmlType="submit"
          loading={busy}
          disabled={!path.trim()}
          aria-label="保存副本"
        >
          保存副本
        </Button>
      </Space.Compact>
      <p className="muted">写入一份副本，此后的修改保存在副本中。</p>
    </form>
  );
}

/**
 * 金额单位 (万元 or 元) and 小数位数 (2–6, for 万元 only; 元 always shows 2). Amounts are stored
 * in 分 whatever is chosen, so changing it later converts exactly.
 */
function MoneyFields(p: {
  idPrefix: string;
  value: MoneyDisplay;
  onChange: (m: MoneyDisplay) => void;
}) {
  const { unit, decimals } = p.value;
  const range = MONEY_DECIMALS[unit];
  const decimalOptions = Array.from({ length: range.max - range.min + 1 }, (_, i) => ({
    value: range.min + i,
    label: `${range.min + i} 位`,
  }));
  return (
    <div className="form-row money-fields">
      <div className="field" role="group" aria-labelledby={`${p.idPrefix}-unit-label`}>
        <span className="field-label" id={`${p.idPrefix}-unit-label`}>
          金额单位
        </span>
        <Radio.Group
          value={unit}
          aria-labelledby={`${p.idPrefix}-unit-label`}
          onChange={(e) => {
            const next = e.target.value as MoneyUnit;
            const r = MONEY_DECIMALS[next];
            p.onChange({ unit: next, decimals: Math.min(r.max, Math.max(r.min, decimals)) });
          }}
          options={MONEY_UNITS.map((u) => ({ value: u, label: u }))}
        />
      </div>
      <FieldBox label="小数位数" htmlFor={`${p.idPrefix}-decimals`}>
        <Select
          id={`${p.idPrefix}-decimals`}
          aria-label="小数位数"
          className="decimals-select"
          value={decimals}
          disabled={range.min === range.max}
          onChange={(v: number) => p.onChange({ unit, decimals: v })}
          options={decimalOptions}
          popupMatchSelectWidth={false}
        />
        <div className="muted field-extra">
          {unit === '元'
            ? '以元为单位时保留 2 位小数（到分）'
            : '以万元为单位时可保留 2 到 6 位小数'}
        </div>
      </FieldBox>
    </div>
  );
}

/**
 * 文档属性: the document's 金额单位 and 小数位数. A setting that cannot show an amount exactly is
 * refused by the store with a message naming the amount, shown here; nothing is rounded.
 */
function PropertiesForm() {
  const current = useMoney();
  const [money, setMoney] = useState<MoneyDisplay>(current);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const refused = await setMoneyDisplay(money);
      setError(refused);
      if (refused === null) {
        dialog.set(null);
        ui().message.success(`金额单位已改为${describeDisplay(money)}，可按 Ctrl+Z 撤销`);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="new-form properties-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <MoneyFields
        idPrefix="doc"
        value={money}
        onChange={(m) => {
          setMoney(m);
          setError(null);
        }}
      />
      <p className="muted">
        当前：{describeDisplay(current)}
        。金额按分精确保存，更改单位时准确换算；无法按所选小数位数准确显示的金额不会被四舍五入，更改将被拒绝。
      </p>
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      <Button type="primary" htmlType="submit" loading={busy} aria-label="应用金额单位">
        确定
      </Button>
    </form>
  );
}

/** The 新建 / 由上年文件新建 / 打开 / 另存为 dialogs while a document is open. */
const DIALOGS = [
  { kind: 'new', title: '新建文档', width: 520, body: () => <NewDocumentForm autoFocus /> },
  {
    kind: 'fromPrevious',
    title: '由上年文件新建',
    width: 560,
    body: () => <FromPreviousForm autoFocus />,
  },
  { kind: 'open', title: '打开文档', width: 560, body: () => <OpenDocumentForm autoFocus /> },
  { kind: 'saveAs', title: '另存为', width: 520, body: () => <SaveAsForm /> },
  { kind: 'properties', title: '文档属性', width: 520, body: () => <PropertiesForm /> },
] as const;

export function DocumentDialogs() {
  const kind = useAtom(dialog);
  const close = () => dialog.set(null);
  return (
    <>
      {DIALOGS.map((d) => (
        <Modal
          key={d.kind}
          open={kind === d.kind}
          title={d.title}
          footer={null}
          onCancel={close}
          destroyOnHidden
          width={d.width}
        >
          {d.body()}
        </Modal>
      ))}
      <SourceNotesDialog />
    </>
  );
}

/** Browser mode's optional file name for a new document (Electron asks with its save dialog). */
function FileNameField(p: { id: string; value: string; onChange: (v: string) => void }) {
  const info = useAtom(hostInfo);
  return (
    <FieldBox label="文件名（可选）" htmlFor={p.id}>
      <Input
        id={p.id}
        aria-label="文件名"
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        placeholder="例如：组织部2025年绩效目标表"
      />
      {info?.workDir && (
        <div className="muted field-extra">保存在 {info.workDir}；不填则按部门名称和年度命名</div>
      )}
    </FieldBox>
  );
}
