import {
  AuditOutlined,
  FileAddOutlined,
  FilePdfOutlined,
  FileExcelOutlined,
  FileWordOutlined,
  FolderOpenOutlined,
  HistoryOutlined,
  CalendarOutlined,
  FieldNumberOutlined,
  PrinterOutlined,
  RedoOutlined,
  SearchOutlined,
  SaveOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Button, Divider, Select, Tooltip } from 'antd';
import { memo, useState, useSyncExternalStore } from 'react';
import {
  choosePrintLayout,
  exportDocument,
  layouts,
  openYearReview,
  printPreview,
  readOnlyLayout,
  redo,
  runCheck,
  setDepartment,
  setYear,
  startDocumentProperties,
  startNew,
  startNewFromPrevious,
  startOpen,
  startSaveAs,
  startChangeTree,
  structureValues,
  undo,
} from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { layoutChoice, shortLayoutName } from '../layout-choice.ts';
import { TitleButton } from './TitleEditor.tsx';
import { openFind } from '../find.ts';
import { isBudgetYearText, parseBudgetYearText } from '../../../db/shared/limits.ts';
import { describeDisplay } from '../../../db/shared/money.ts';
import { fieldId } from '../focus.ts';
import { store, useDocument, useHasDocument, useHistory, useReadOnlyReason } from '../store.ts';
import { useDraft } from '../useDraft.ts';
import { DraftField } from './DraftField.tsx';

/** The toolbar (browser mode has no native menu) and the document's own fields. */
export function AppHeader() {
  return (
    <header className="app-header">
      <Toolbar />
      <DocumentFields />
    </header>
  );
}

function Toolbar() {
  const history = useHistory();
  const open = useHasDocument();
  const layoutList = useAtom(layouts);
  const layout = useLayoutChoice();
  const readOnly = useReadOnlyReason() !== null;
  // The tooltip would cover the open list of layouts: it shows only while the list is closed.
  const [listOpen, setListOpen] = useState(false);
  const fromPrevious = useFromPrevious();
  return (
    <div className="toolbar" role="toolbar" aria-label="工具栏">
      <span className="brand">绩效目标表编制器</span>
      <Button type="text" icon={<FileAddOutlined />} onClick={startNew} aria-label="新建">
        新建
      </Button>
      <Button
        type="text"
        icon={<HistoryOutlined />}
        onClick={startNewFromPrevious}
        aria-label="由上年文件新建"
      >
        由上年文件新建
      </Button>
      <Button type="text" icon={<FolderOpenOutlined />} onClick={startOpen} aria-label="打开">
        打开
      </Button>
      <Button
        type="text"
        icon={<SaveOutlined />}
        onClick={startSaveAs}
        disabled={!open}
        aria-label="另存为"
      >
        另存为
      </Button>
      <Divider orientation="vertical" />
      <Tooltip title={history?.undo ? `撤销：${history.undo}（Ctrl+Z）` : '没有可撤销的操作'}>
        <Button
          type="text"
          icon={<UndoOutlined />}
          onClick={() => void undo()}
          disabled={!history?.undo}
          aria-label="撤销"
        >
          撤销
        </Button>
      </Tooltip>
      <Tooltip title={history?.redo ? `重做：${history.redo}（Ctrl+Y）` : '没有可重做的操作'}>
        <Button
          type="text"
          icon={<RedoOutlined />}
          onClick={() => void redo()}
          disabled={!history?.redo}
          aria-label="重做"
        >
          重做
        </Button>
      </Tooltip>
      <Divider orientation="vertical" />
      <Button
        type="text"
        icon={<AuditOutlined />}
        onClick={() => void runCheck()}
        disabled={!open}
        aria-label="审核"
      >
        审核
      </Button>
      <Tooltip title="查找和替换（Ctrl+F / Ctrl+H）：在整个文档中查找名称、目标、指标和金额">
        <Button
          type="text"
          icon={<SearchOutlined />}
          onClick={() => openFind(false)}
          disabled={!open}
          aria-label="查找和替换"
        />
      </Tooltip>
      {/* An icon only, so the toolbar still fits 1366 px with 年份核对; the project's header
          has the command with its words. */}
      <Tooltip title="结构化指标值：将全部项目中可以明确转换的文字指标值（如“≥95%”“10辆”）转为计算符号、数值、计量单位；逐条列出供核对，可一次撤销">
        <Button
          type="text"
          icon={<FieldNumberOutlined />}
          onClick={() => void structureValues()}
          disabled={!open}
          aria-label="结构化指标值"
        />
      </Tooltip>
      {fromPrevious && (
        <Button
          type="text"
          icon={<CalendarOutlined />}
          onClick={() => void openYearReview()}
          aria-label="年份核对"
        >
          年份核对
        </Button>
      )}
      <Divider orientation="vertical" />
      <span className="toolbar-right">
        <Tooltip
          title={layoutTip(
            layoutList.find((l) => l.id === layout.id)?.name ?? '',
            layout.unknown,
            readOnly,
          )}
          {...(listOpen ? { open: false } : {})}
        >
          <Select
            size="small"
            className="layout-select"
            aria-label="版式"
            value={layout.id || undefined}
            options={layoutList.map((l) => ({ value: l.id, label: l.name }))}
            labelRender={({ label }) => shortLayoutName(String(label ?? ''))}
            onChange={(v: string) => void choosePrintLayout(v)}
            onOpenChange={setListOpen}
            disabled={!open}
            status={layout.unknown === null ? undefined : 'warning'}
            popupMatchSelectWidth={false}
          />
        </Tooltip>
        <Button
          type="text"
          icon={<FileWordOutlined />}
          onClick={() => void exportDocument('docx')}
          disabled={!open}
          aria-label="导出 Word"
        >
          导出 Word
        </Button>
        <Button
          type="text"
          icon={<FilePdfOutlined />}
          onClick={() => void exportDocument('pdf')}
          disabled={!open}
          aria-label="导出 PDF"
        >
          导出 PDF
        </Button>
        <Button
          type="text"
          icon={<FileExcelOutlined />}
          onClick={() => void exportDocument('xlsx')}
          disabled={!open}
          aria-label="导出 Excel"
        >
          导出 Excel
        </Button>
        <Button
          type="text"
          icon={<PrinterOutlined />}
          onClick={() => void printPreview()}
          disabled={!open}
          aria-label="打印预览"
        >
          打印预览
        </Button>
      </span>
    </div>
  );
}

/**
 * The layout the select shows: the document's remembered one. Read as two strings, so the toolbar
 * is not drawn again for every edit.
 */
function useLayoutChoice() {
  const list = useAtom(layouts);
  const readOnlyChoice = useAtom(readOnlyLayout);
  const file = useSyncExternalStore(store.subscribe, () => store.doc?.filePath);
  const remembered = useSyncExternalStore(
    store.subscribe,
    () => store.doc?.data.printLayout ?? null,
  );
  return layoutChoice(list, file, remembered, readOnlyChoice);
}

function layoutTip(name: string, unknown: string | null, readOnly: boolean): string {
  if (readOnly) {
    return `打印格式：${name}。本窗口为只读：所选格式只用于本窗口的导出，文档不记住`;
  }
  if (unknown !== null) {
    return `文件记录的打印格式“${unknown.slice(0, 40)}”不是本程序提供的格式（可能由更新版本的程序保存），导出和打印预览按此处所选格式；另选一个格式后文档将记住它`;
  }
  return `打印格式：${name}。导出和打印预览按此格式，文档记住所选格式`;
}

/** The open document was made from last year's (由上年文件新建): its review can be reopened. */
function useFromPrevious(): boolean {
  return useSyncExternalStore(
    store.subscribe,
    () => (store.doc?.data.previousYear ?? null) !== null,
  );
}

function DocumentFields() {
  const doc = useDocument();
  const readOnly = useReadOnlyReason() !== null;
  if (!doc) return null;
  return (
    <fieldset className="doc-fields-box" disabled={readOnly}>
      <DocumentFieldsView
        key={doc.filePath}
        department={doc.data.department}
        year={doc.data.year}
        treeName={doc.data.tree.name}
        money={describeDisplay(doc.data.money)}
        fileName={doc.fileName}
        filePath={doc.filePath}
      />
    </fieldset>
  );
}

const validateYear = (t: string) => (isBudgetYearText(t) ? null : '请输入四位年份，例如 2025');

const DocumentFieldsView = memo(function DocumentFieldsView(props: {
  department: string;
  year: number;
  treeName: string;
  /** 金额单位 and 小数位数, as words (`万元（2 位小数）`). */
  money: string;
  fileName: string;
  filePath: string;
}) {
  const department = useDraft({
    value: props.department,
    commit: setDepartment,
    read: (doc) => doc.data.department,
    label: '部门名称',
  });
  const year = useDraft({
    value: String(props.year),
    commit: (t, guard) => setYear(parseBudgetYearText(t)!, guard),
    read: (doc) => String(doc.data.year),
    label: '预算年度',
    validate: validateYear,
    equals: (t, v) => String(parseBudgetYearText(t)) === v,
  });
  return (
    <div className="doc-fields">
      <label className="doc-label" htmlFor={fieldId.document('department')}>
        部门名称
      </label>
      <DraftField
        draft={department}
        id={fieldId.document('department')}
        label="部门名称"
        className="doc-department"
        placeholder="例如：中共广州市番禺区委组织部"
        title={department.error ?? undefined}
      />
      {department.error && (
        <span className="field-error doc-error" role="alert" title={department.error}>
          {department.error}
        </span>
      )}
      <label className="doc-label" htmlFor={fieldId.document('year')}>
        预算年度
      </label>
      <DraftField
        draft={year}
        id={fieldId.document('year')}
        label="预算年度"
        className="doc-year"
        inputMode="numeric"
        title={year.error ?? undefined}
      />
      {year.error && (
        <span className="field-error" role="alert">
          {year.error}
        </span>
      )}
      <TitleButton />
      <span className="doc-label">指标体系</span>
      <span className="doc-tree" aria-label="指标体系">
        {props.treeName}
      </span>
      <Button size="small" type="link" onClick={startChangeTree} aria-label="更换指标体系">
        更换…
      </Button>
      <span className="doc-label" id="doc-money-label">
        金额单位
      </span>
      <Button
        type="link"
        size="small"
        className="doc-money"
        aria-labelledby="doc-money-label doc-money"
        id="doc-money"
        title="更改金额单位和小数位数"
        onClick={startDocumentProperties}
      >
        {props.money}
      </Button>
      <span className="doc-file muted" title={props.filePath}>
        {props.fileName}
      </span>
    </div>
  );
});
