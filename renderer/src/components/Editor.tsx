import { Empty } from 'antd';
import { lazy, memo, Suspense } from 'react';
import type { DocumentData } from '../../../db/shared/types.ts';
import { useDocument, useReadOnlyReason, useSelection } from '../store.ts';
import { SaveBanner } from './SaveBanner.tsx';
import { AppHeader } from './AppHeader.tsx';
import { FindingsPanel } from './FindingsPanel.tsx';
import { FindPanel } from './FindPanel.tsx';
import { ProjectPanel } from './ProjectEditor.tsx';
import { StatusBar } from './StatusBar.tsx';
import { UnitPanel } from './UnitEditor.tsx';
import { UnitTree } from './UnitTree.tsx';
import { REVIEW_WIDTH, YearReviewPanel } from './YearReviewPanel.tsx';
import { reviewOpen, structureReview } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { TotalsList } from './TotalsList.tsx';
import { useCopyPasteKeys } from './CopyPaste.tsx';
import { viewMode } from '../view-mode.ts';
import { ViewSwitch } from './ViewSwitch.tsx';

/** 表格视图: loaded the first time the clerk switches to it. */
const GridView = lazy(() => import('./GridView.tsx'));

/** 结构化指标值's review list: loaded the first time the command runs. */
const StructureDrawer = lazy(() => import('./StructureDrawer.tsx'));

/**
 * The editor: toolbar and document fields on top, the unit/project tree on the left, the
 * selected unit or project on the right, findings below it, the status bar at the bottom.
 */
export function Editor() {
  // The 年份核对清单 sits on the right without a mask: the fields stay in view beside it.
  const review = useAtom(reviewOpen);
  const structure = useAtom(structureReview) !== null;
  // Read-only: every field and editing button is disabled at once (export stays in the toolbar).
  const readOnly = useReadOnlyReason() !== null;
  useCopyPasteKeys();
  const grid = useAtom(viewMode) === 'grid';
  return (
    <div className="editor">
      <AppHeader />
      <SaveBanner />
      <fieldset className={`editor-body${grid ? ' grid-mode' : ''}`} disabled={readOnly}>
        <aside className="sider">
          <ViewSwitch />
          <UnitTree />
        </aside>
        <div
          className="main"
          style={review || structure ? { marginRight: REVIEW_WIDTH } : undefined}
        >
          <main className="content" id="content">
            {grid ? (
              <Suspense fallback={null}>
                <GridView />
              </Suspense>
            ) : (
              <Selected />
            )}
          </main>
          <FindingsPanel />
        </div>
      </fieldset>
      <StatusBar />
      <YearReviewPanel />
      <FindPanel />
      {structure && (
        <Suspense fallback={null}>
          <StructureDrawer />
        </Suspense>
      )}
    </div>
  );
}

function Selected() {
  const selection = useSelection();
  if (selection?.kind === 'project') return <ProjectPanel projectId={selection.id} />;
  if (selection?.kind === 'unit') return <UnitPanel unitId={selection.id} />;
  return <OverviewPanel />;
}

function OverviewPanel() {
  const doc = useDocument();
  if (!doc) return null;
  return <Overview data={doc.data} />;
}

const Overview = memo(function Overview({ data }: { data: DocumentData }) {
  const projects = data.units.reduce((n, u) => n + u.projects.length, 0);
  return (
    <article className="panel overview" aria-label="文档概况">
      <h1 className="doc-title">{data.title}</h1>
      <p className="muted">单位：{data.money.unit}</p>
      <TotalsList totals={data.totals} totalLabel="合计" />
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          projects === 0
            ? '先点击左侧“添加资金使用单位”，再添加项目。'
            : '在左侧选择一个项目开始编辑。每次修改都会自动保存。'
        }
      />
    </article>
  );
});
