import { FileOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { Button, Input, Modal, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { NamedItem, RecentDocument } from '../../../db/api/host-contract.ts';
import { dialog, hostInfo, newDocument, openDocument, saveAs } from '../actions.tsx';
import { isElectron } from '../api.ts';
import { useAtom } from '../atom.ts';
import { store } from '../store.ts';
import { FieldBox } from './DraftField.tsx';

/** 新建, 打开 and 另存为: on the start page, and as dialogs while a document is open. */

export function NewDocumentForm({ autoFocus }: { autoFocus?: boolean }) {
  const [department, setDepartmentText] = useState('');
  const [year, setYearText] = useState(String(new Date().getFullYear() + 1));
  const [tree, setTree] = useState<string | undefined>(undefined);
  const [path, setPath] = useState('');
  const [trees, setTrees] = useState<readonly NamedItem[]>([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const info = useAtom(hostInfo);
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
    year:
      /^\d{4}$/.test(year.trim()) && Number(year) >= 1949 && Number(year) <= 2999
        ? null
        : '请输入四位年份，例如 2025',
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
        year: Number(year.trim()),
        tree,
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
      {!isElectron() && (
        <FieldBox label="文件名（可选）" htmlFor="new-path">
          <Input
            id="new-path"
            aria-label="文件名"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="例如：组织部2025年绩效目标表"
          />
          {info?.workDir && (
            <div className="muted field-extra">
              保存在 {info.workDir}；不填则按部门名称和年度命名
            </div>
          )}
        </FieldBox>
      )}
      <Button type="primary" htmlType="submit" loading={busy} aria-label="创建文档">
        创建文档
      </Button>
    </form>
  );
}

export function OpenDocumentForm({ autoFocus }: { autoFocus?: boolean }) {
  const [recent, setRecent] = useState<readonly RecentDocument[]>([]);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
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
            if (path.trim()) void open(path.trim());
          }}
        >
          <label htmlFor="open-path">文档路径</label>
          <Space.Compact block>
            <Input
              id="open-path"
              aria-label="文档路径"
              value={path}
              onChange={(e) => setPath(e.target.value)}
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

/** The 新建 / 打开 / 另存为 dialogs while a document is open. */
export function DocumentDialogs() {
  const kind = useAtom(dialog);
  const close = () => dialog.set(null);
  return (
    <>
      <Modal
        open={kind === 'new'}
        title="新建文档"
        footer={null}
        onCancel={close}
        destroyOnHidden
        width={520}
      >
        <NewDocumentForm autoFocus />
      </Modal>
      <Modal
        open={kind === 'open'}
        title="打开文档"
        footer={null}
        onCancel={close}
        destroyOnHidden
        width={560}
      >
        <OpenDocumentForm autoFocus />
      </Modal>
      <Modal
        open={kind === 'saveAs'}
        title="另存为"
        footer={null}
        onCancel={close}
        destroyOnHidden
        width={520}
      >
        <SaveAsForm />
      </Modal>
    </>
  );
}
