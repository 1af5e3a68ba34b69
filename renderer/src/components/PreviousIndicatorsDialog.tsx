import { Button, Checkbox, Input, Modal, Select } from 'antd';
import { useMemo, useState } from 'react';
import type { PreviousProject } from '../../../db/shared/api/previous-indicators.ts';
import { findProject, hostInfo } from '../actions.tsx';
import { isElectron } from '../api.ts';
import { useAtom } from '../atom.ts';
import {
  currentPreviousTable,
  pastePrevious,
  previousDialog,
  previousTable,
  readPreviousTable,
} from '../previous-indicators.ts';
import { useDocument } from '../store.ts';

/**
 * 从上年表格复制指标: last year's file (typed in browser mode, Electron's dialog), then one of
 * its projects — the one of the same name when there is one — and the indicators to copy, all
 * ticked at first. One paste, one undo step.
 */
export default function PreviousIndicatorsDialog() {
  const open = useAtom(previousDialog);
  const doc = useDocument();
  useAtom(previousTable);
  const table = currentPreviousTable();
  const target = open && doc ? findProject(doc.data, open.projectId)?.project : undefined;
  const close = () => previousDialog.set(null);
  if (!open || !doc || !target) return null;
  return (
    <Modal
      open
      title={`从上年表格复制指标到“${target.name.trim() || '（未命名项目）'}”`}
      width={760}
      footer={null}
      onCancel={close}
      destroyOnHidden
    >
      {table ? (
        <Pick
          key={target.id}
          projects={table.projects}
          source={table.source}
          year={table.year}
          targetName={target.name}
          onPaste={async (indicators) => {
            if (await pastePrevious(target.id, indicators)) close();
          }}
        />
      ) : (
        <Source previousYear={doc.data.previousYear} />
      )}
    </Modal>
  );
}

function Source({ previousYear }: { previousYear: number | null }) {
  const electron = isElectron();
  const info = useAtom(hostInfo);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const read = async () => {
    if (!electron && !path.trim()) {
      setError('请输入上年文件的路径');
      return;
    }
    setBusy(true);
    setError(await readPreviousTable(electron ? undefined : path.trim()));
    setBusy(false);
  };
  return (
    <form
      className="previous-source"
      onSubmit={(e) => {
        e.preventDefault();
        void read();
      }}
    >
      <p className="muted">
        本表由 {previousYear} 年的表格新建。请给出 {previousYear} 年的文件（文档 .jxmb，或表格的
        Excel 工作簿、CSV、PDF、文字）；上年文件只读取，不会被修改。
        {!electron && info?.workDir ? `相对路径从 ${info.workDir} 算起。` : ''}
      </p>
      {!electron && (
        <Input
          aria-label="上年文件"
          value={path}
          autoFocus
          onChange={(e) => setPath(e.target.value)}
          placeholder="例如：组织部2025年绩效目标表.jxmb"
          status={error ? 'error' : ''}
        />
      )}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      <div className="previous-actions">
        <Button type="primary" htmlType="submit" loading={busy}>
          {electron ? '选择上年文件…' : '读取'}
        </Button>
      </div>
    </form>
  );
}

function Pick(props: {
  projects: readonly PreviousProject[];
  source: string;
  year: number;
  targetName: string;
  onPaste: (indicators: PreviousProject['indicators']) => Promise<void>;
}) {
  const { projects, source, year, targetName, onPaste } = props;
  const initial = useMemo(() => {
    const same = projects.findIndex((p) => p.name.trim() === targetName.trim());
    if (same >= 0) return same;
    const any = projects.findIndex((p) => p.indicators.length > 0);
    return Math.max(any, 0);
  }, [projects, targetName]);
  const [index, setIndex] = useState(initial);
  const project = projects[index];
  const [ticked, setTicked] = useState<ReadonlySet<number>>(
    () => new Set(project?.indicators.map((_, i) => i)),
  );
  const [busy, setBusy] = useState(false);
  const choose = (i: number) => {
    setIndex(i);
    setTicked(new Set(projects[i]?.indicators.map((_, k) => k)));
  };
  const picked = project?.indicators.filter((_, i) => ticked.has(i)) ?? [];
  const same = projects[index]?.name.trim() === targetName.trim();
  return (
    <div className="previous-pick">
      <p className="muted">
        {source}（{year} 年）{same ? '：已选同名项目' : '：没有同名项目，请选择'}
        <Button size="small" type="link" onClick={() => previousTable.set(null)}>
          换一个文件
        </Button>
      </p>
      <Select
        aria-label="上年项目"
        className="previous-project"
        value={index}
        showSearch
        optionFilterProp="label"
        onChange={choose}
        options={projects.map((p, i) => ({
          value: i,
          label: `${p.unit} › ${p.name.trim() || '（未命名项目）'}（${p.indicators.length} 条指标）`,
        }))}
      />
      {project && project.indicators.length > 0 ? (
        <ul className="previous-list" aria-label="上年指标">
          {project.indicators.map((ind, i) => (
            <li key={i}>
              <Checkbox
                checked={ticked.has(i)}
                onChange={(e) => {
                  const next = new Set(ticked);
                  if (e.target.checked) next.add(i);
                  else next.delete(i);
                  setTicked(next);
                }}
              >
                <span className="previous-category muted">
                  {ind.level2Code}-{ind.level2Name}
                </span>
                <span className="previous-name">{ind.name.trim() || '（未命名指标）'}</span>
                <span className="previous-value muted">
                  {ind.cycle.kind === 'sentence'
                    ? ind.cycle.text
                    : `${ind.cycle.operator}${ind.cycle.value}${ind.cycle.unit}`}
                </span>
              </Checkbox>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">该项目没有指标。</p>
      )}
      <div className="previous-actions">
        <Button
          onClick={() =>
            setTicked(
              ticked.size === project?.indicators.length
                ? new Set()
                : new Set(project?.indicators.map((_, i) => i)),
            )
          }
          disabled={!project || project.indicators.length === 0}
        >
          {ticked.size === project?.indicators.length ? '全不选' : '全选'}
        </Button>
        <Button
          type="primary"
          disabled={picked.length === 0}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            await onPaste(picked);
            setBusy(false);
          }}
        >
          复制到本项目（{picked.length} 条）
        </Button>
      </div>
    </div>
  );
}
