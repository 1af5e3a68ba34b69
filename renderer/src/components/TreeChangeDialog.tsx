import { FileOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Modal, Select, Space, Spin, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { NamedItem } from '../../../db/shared/api/host-contract.ts';
import {
  categoryText,
  planTreeChange,
  PROPOSAL_BASIS_TEXT,
  refText,
  sameTree,
  type MappingRow,
  type TreeMove,
} from '../../../db/shared/tree-change.ts';
import { treeSchema, type CategoryTree } from '../../../db/shared/tree.ts';
import { treeChangeOpen } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { messageOf, store, useDocument } from '../store.ts';
import { ui } from '../ui.ts';

/**
 * 更换指标体系: the target tree (built-in, or a tree file), the mapping table (one row per
 * category the document uses, the proposal preselected, every other one left for the clerk), the
 * preview of every indicator whose printed category changes, and 确定 after a confirmation. The
 * preview is computed here with the same pure rules the host applies (db/shared/tree-change.ts);
 * the host refuses anything they refuse.
 */

/** The value of the target Select that stands for the tree read from a file. */
const FROM_FILE = '\u0000file';

export default function TreeChangeDialog() {
  const open = useAtom(treeChangeOpen);
  const doc = useDocument();
  const [trees, setTrees] = useState<readonly NamedItem[]>([]);
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const [fileTree, setFileTree] = useState<CategoryTree | null>(null);
  const [target, setTarget] = useState<CategoryTree | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [showRenamed, setShowRenamed] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    store.api.listTrees().then(
      (list) => live && setTrees(list),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  const close = () => treeChangeOpen.set(false);

  /** Asks the host for the target tree and its proposed mapping. */
  const choose = async (value: string, tree: string | CategoryTree) => {
    setChoice(value);
    setTarget(null);
    setMapping({});
    setError(null);
    setLoading(true);
    try {
      const plan = await store.call((api) => api.previewTreeChange({ tree }));
      setTarget(plan.target);
      setMapping({ ...plan.mapping });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  };

  const readFile = async (file: File) => {
    let tree: CategoryTree;
    try {
      const parsed = treeSchema.safeParse(JSON.parse(await file.text()));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
      tree = parsed.data;
    } catch (e) {
      setError(`文件“${file.name}”不是有效的指标体系（${e instanceof Error ? e.message : ''}）`);
      return;
    }
    setFileTree(tree);
    await choose(FROM_FILE, tree);
  };

  const plan = useMemo(
    () => (doc && target ? planTreeChange(doc.data, target, mapping) : null),
    [doc, target, mapping],
  );
  const moved = plan?.moves.filter((m) => m.kind === 'moved') ?? [];
  const renamed = plan?.moves.filter((m) => m.kind === 'renamed') ?? [];
  const shown = showRenamed ? (plan?.moves ?? []) : moved;
  const currentName = doc?.data.tree.name ?? '';
  // The tree the document has, mapped onto itself: nothing would change (the host refuses it).
  const unchanged =
    !!plan &&
    !!doc &&
    sameTree(doc.data.tree, plan.target) &&
    Object.entries(plan.mapping).every(([from, to]) => from === to);

  const apply = () => {
    if (!plan || !target || plan.problems.length > 0 || unchanged) return;
    const tree = choice === FROM_FILE && fileTree ? fileTree : choice;
    if (tree === undefined) return;
    ui().modal.confirm({
      title: `将本表的指标体系更换为“${target.name}”？`,
      content: `${moved.length} 条指标将移到其他类别，${renamed.length} 条指标的类别名称改变。更换后可撤销（Ctrl+Z）。`,
      okText: '更换',
      cancelText: '取消',
      onOk: async () => {
        setBusy(true);
        try {
          store.flushDrafts();
          const r = await store.edit('changeTree', { tree, mapping: plan.mapping });
          if (r) {
            close();
            ui().message.success({
              content: `已更换为“${target.name}”，${moved.length} 条指标已移到其他类别，可按 Ctrl+Z 撤销`,
              key: 'changeTree',
            });
          }
        } finally {
          setBusy(false);
        }
      },
    });
  };

  const targetOptions = [
    ...trees.map((t) => ({
      value: t.id,
      label: t.id === doc?.data.tree.id ? `${t.name}（当前）` : t.name,
    })),
    ...(fileTree ? [{ value: FROM_FILE, label: `${fileTree.name}（来自文件）` }] : []),
  ];

  return (
    <Modal
      open={open}
      title="更换指标体系"
      width={960}
      onCancel={close}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={close}>
          取消
        </Button>,
        <Button
          key="ok"
          type="primary"
          onClick={apply}
          loading={busy}
          disabled={!plan || plan.problems.length > 0 || unchanged || loading}
        >
          确定
        </Button>,
      ]}
    >
      <p className="muted">
        本表当前使用“{currentName}
        ”。为本表用到的每个二级指标选择新指标体系中对应的二级指标；代码相同或名称相同的已预先选好，请逐一核对。
      </p>
      <Space wrap>
        <label htmlFor="tree-change-target">新的指标体系</label>
        <Select
          id="tree-change-target"
          aria-label="新的指标体系"
          style={{ minWidth: 360 }}
          placeholder="请选择"
          value={choice}
          options={targetOptions}
          onChange={(v: string) => {
            if (v === FROM_FILE && fileTree) void choose(v, fileTree);
            else void choose(v, v);
          }}
          popupMatchSelectWidth={false}
          showSearch
          optionFilterProp="label"
          autoFocus
        />
        <Button icon={<FileOutlined />} onClick={() => fileInput.current?.click()}>
          从文件读取…
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="指标体系文件"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void readFile(file);
          }}
        />
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
      {loading && (
        <div style={{ marginTop: 12 }}>
          <Spin />
        </div>
      )}
      {plan && target && (
        <>
          <h3 style={{ marginTop: 16 }}>对应关系</h3>
          <MappingTable
            rows={plan.rows}
            target={target}
            mapping={mapping}
            onChange={(code, to) => setMapping((m) => ({ ...m, [code]: to }))}
          />
          {unchanged && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              message="所选指标体系就是本表当前使用的，对应关系也未改变，无需更换"
            />
          )}
          {plan.problems.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              message="还不能更换"
              description={
                <ul aria-label="尚需处理">
                  {plan.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              }
            />
          ) : (
            <section aria-label="预览" style={{ marginTop: 16 }}>
              <h3>
                预览：{moved.length} 条指标将移到其他类别
                {renamed.length > 0 && `，${renamed.length} 条指标的类别名称改变`}
              </h3>
              {renamed.length > 0 && (
                <Checkbox checked={showRenamed} onChange={(e) => setShowRenamed(e.target.checked)}>
                  同时列出类别名称改变的 {renamed.length} 条指标
                </Checkbox>
              )}
              <MovesTable moves={shown} />
            </section>
          )}
        </>
      )}
    </Modal>
  );
}

function MappingTable(props: {
  rows: readonly MappingRow[];
  target: CategoryTree;
  mapping: Readonly<Record<string, string>>;
  onChange: (code: string, to: string) => void;
}) {
  const options = props.target.level1.map((l1) => ({
    label: categoryText(l1),
    options: l1.level2.map((l2) => ({ value: l2.code, label: categoryText(l2) })),
  }));
  const columns: ColumnsType<MappingRow> = [
    {
      title: '本表的类别',
      key: 'from',
      render: (_, r) => (
        <span>
          <span className="muted">{categoryText(r.from.level1)} › </span>
          {categoryText(r.from.level2)}
        </span>
      ),
    },
    { title: '指标数', dataIndex: 'count', key: 'count', width: 80, align: 'right' },
    {
      title: '新指标体系中的类别',
      key: 'to',
      width: 300,
      render: (_, r) => {
        const code = r.from.level2.code;
        const value = props.mapping[code];
        return (
          <Select
            aria-label={`“${categoryText(r.from.level2)}”对应的类别`}
            style={{ width: '100%' }}
            placeholder="请选择"
            value={value}
            status={value ? '' : 'error'}
            options={options}
            showSearch
            optionFilterProp="label"
            onChange={(v: string) => props.onChange(code, v)}
          />
        );
      },
    },
    {
      title: '依据',
      key: 'basis',
      width: 200,
      render: (_, r) => {
        const value = props.mapping[r.from.level2.code];
        if (!value) return <Tag color="error">需要选择</Tag>;
        if (r.proposal && r.proposal.code === value) {
          return <span className="muted">{PROPOSAL_BASIS_TEXT[r.proposal.basis]}</span>;
        }
        return <span>已手动选择</span>;
      },
    },
  ];
  return (
    <div role="group" aria-label="对应关系">
      <Table
        size="small"
        rowKey={(r) => r.from.level2.code}
        columns={columns}
        dataSource={[...props.rows]}
        pagination={false}
      />
    </div>
  );
}

function MovesTable({ moves }: { moves: readonly TreeMove[] }) {
  const columns: ColumnsType<TreeMove> = [
    { title: '项目', dataIndex: 'projectName', key: 'project', ellipsis: true },
    {
      title: '编号',
      key: 'number',
      width: 80,
      render: (_, m) => (m.number === m.numberAfter ? m.number : `${m.number} → ${m.numberAfter}`),
    },
    { title: '三级指标', dataIndex: 'name', key: 'name', ellipsis: true },
    {
      title: '原类别 → 新类别',
      key: 'change',
      render: (_, m) => (
        <span>
          {refText(m.from)} → <strong>{refText(m.to)}</strong>
        </span>
      ),
    },
  ];
  return (
    <Table
      size="small"
      rowKey="indicatorId"
      columns={columns}
      dataSource={[...moves]}
      pagination={false}
      scroll={{ y: 260 }}
      locale={{ emptyText: '没有指标移到其他类别' }}
    />
  );
}
