import {
  ArrowDownOutlined,
  CopyOutlined,
  SnippetsOutlined,
  CaretDownFilled,
  ArrowUpOutlined,
  DeleteOutlined,
  FileAddOutlined,
  FolderAddOutlined,
} from '@ant-design/icons';
import { Button, Tree } from 'antd';
import type { TreeProps } from 'antd';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { formatAmountGrouped } from '../../../db/shared/money.ts';
import type { ProjectData, UnitData } from '../../../db/shared/types.ts';
import {
  addProject,
  addUnit,
  deleteProject,
  deleteUnit,
  findProject,
  moveProject,
  moveProjectTo,
  moveUnit,
  moveUnitTo,
  select,
} from '../actions.tsx';
import { fieldId, focusWhenReady } from '../focus.ts';
import { TreeCopyButtons } from './CopyPaste.tsx';
import { copied, copySelection, paste } from '../copy-paste.ts';
import { useRememberedSelection } from '../remembered-selection.ts';
import { PointMenu, pointOf, type MenuPoint } from './PointMenu.tsx';
import { store, useDocument, useMoney, useSelection, type Selection } from '../store.ts';

/**
 * Left: 资金使用单位 → 项目 with their 总计. A virtual list (antd Tree), so a document of
 * hundreds of projects renders only the rows in view. Buttons act on the selected node.
 */

interface Node {
  key: string;
  title: ReactNode;
  isLeaf?: boolean;
  children?: Node[];
}

const keyOf = (s: Selection) => (s ? `${s.kind === 'unit' ? 'u' : 'p'}${s.id}` : '');
const parseKey = (k: string): Selection =>
  k.startsWith('u')
    ? { kind: 'unit', id: Number(k.slice(1)) }
    : { kind: 'project', id: Number(k.slice(1)) };

/**
 * A node's text: name and 总计. Its accessible name is `项目：名称` (or `资金使用单位：名称`), so
 * screen readers and tests find a project by its name alone.
 */
function NodeTitle({ name, total, unit }: { name: string; total: string; unit?: boolean }) {
  return (
    <span
      className={`node${unit ? ' node-unit' : ''}`}
      aria-label={`${unit ? '资金使用单位' : '项目'}：${name}`}
    >
      <span className="node-name" aria-hidden="true">
        {name.trim() || (unit ? '（未命名资金使用单位）' : '（未命名项目）')}
      </span>
      <span className="node-amount" aria-hidden="true">
        {total}
      </span>
    </span>
  );
}

/**
 * The units of a document by id, built once per list of units (an edit that touches no unit
 * keeps the list, see applyChanges), so that each title finds its unit at once.
 */
const unitIndexes = new WeakMap<readonly UnitData[], Map<number, UnitData>>();

function unitOf(id: number): UnitData | undefined {
  const units = store.doc?.data.units;
  if (!units) return undefined;
  let index = unitIndexes.get(units);
  if (!index) {
    index = new Map(units.map((u) => [u.id, u]));
    unitIndexes.set(units, index);
  }
  return index.get(id);
}

/** A project, looked for in the unit the tree's data places it in. */
const projectOf = (unitId: number, id: number): ProjectData | undefined =>
  unitOf(unitId)?.projects.find((p) => p.id === id);

/**
 * Titles read the store themselves: the tree's data holds only ids and order, so renaming a
 * project or changing an amount draws that one title again, not the tree (whose virtual list
 * indexes every node again whenever its data changes: 40–90 ms at 5,000 projects).
 */
const UnitTitle = memo(function UnitTitle({ id }: { id: number }) {
  const unit = useSyncExternalStore(store.subscribe, () => unitOf(id));
  const money = useMoney();
  if (!unit) return null;
  return <NodeTitle unit name={unit.name} total={formatAmountGrouped(unit.totals.total, money)} />;
});

const ProjectTitle = memo(function ProjectTitle({ unitId, id }: { unitId: number; id: number }) {
  const project = useSyncExternalStore(store.subscribe, () => projectOf(unitId, id));
  const money = useMoney();
  if (!project) return null;
  const total = project.totals.total;
  return (
    <NodeTitle name={project.name} total={total === 0 ? '' : formatAmountGrouped(total, money)} />
  );
});

/**
 * A unit's node, reused while its id and the ids of its projects, in order, are the same:
 * editing anything else leaves its node, and so the whole tree, untouched.
 */
const nodeCache = new Map<string, Node>();
const signatures = new WeakMap<UnitData, string>();

function signature(unit: UnitData): string {
  let sig = signatures.get(unit);
  if (sig === undefined) {
    sig = String(unit.id);
    for (const p of unit.projects) sig += `,${p.id}`;
    signatures.set(unit, sig);
  }
  return sig;
}

function nodeOf(unit: UnitData, used: Map<string, Node>): Node {
  const sig = signature(unit);
  let node = nodeCache.get(sig);
  if (!node) {
    node = {
      key: `u${unit.id}`,
      title: <UnitTitle id={unit.id} />,
      children: unit.projects.map((p) => ({
        key: `p${p.id}`,
        isLeaf: true,
        title: <ProjectTitle unitId={unit.id} id={p.id} />,
      })),
    };
  }
  used.set(sig, node);
  return node;
}

let lastTree: Node[] = [];

/** The tree's data; the same array while every node is the same. */
function treeDataOf(units: readonly UnitData[]): Node[] {
  const used = new Map<string, Node>();
  const nodes = units.map((u) => nodeOf(u, used));
  nodeCache.clear();
  for (const [k, v] of used) nodeCache.set(k, v);
  const same = nodes.length === lastTree.length && nodes.every((n, i) => n === lastTree[i]);
  if (!same) lastTree = nodes;
  return lastTree;
}

export function UnitTree() {
  const doc = useDocument();
  const selection = useSelection();
  const units = doc?.data.units ?? NONE;
  const treeData = useMemo(() => treeDataOf(units), [units]);
  useRememberedSelection();
  return (
    <nav className="unit-tree" aria-label="资金使用单位和项目">
      <TreeTools place={placeOf(units, selection)} hasUnits={units.length > 0} />
      <TreeList treeData={treeData} selectedKey={keyOf(selection)} />
    </nav>
  );
}

const NONE: readonly UnitData[] = [];

const TreeTools = memo(
  function TreeTools({
    place,
    hasUnits,
  }: {
    place: { first: boolean; last: boolean } | undefined;
    hasUnits: boolean;
  }) {
    return (
      <div className="tree-tools">
        <Button
          size="small"
          icon={<FolderAddOutlined />}
          onClick={() => void addUnit()}
          aria-label="添加资金使用单位"
        >
          添加资金使用单位
        </Button>
        <Button
          size="small"
          icon={<FileAddOutlined />}
          onClick={() => void addProject()}
          disabled={!hasUnits}
          aria-label="添加项目"
        >
          添加项目
        </Button>
        <span className="tree-tools-sep" />
        <Button
          size="small"
          icon={<ArrowUpOutlined />}
          aria-label="上移"
          title="上移选中的资金使用单位或项目"
          disabled={!place || place.first}
          onClick={() => moveSelected(-1)}
        />
        <Button
          size="small"
          icon={<ArrowDownOutlined />}
          aria-label="下移"
          title="下移选中的资金使用单位或项目"
          disabled={!place || place.last}
          onClick={() => moveSelected(1)}
        />
        <Button
          size="small"
          danger
          icon={<DeleteOutlined />}
          aria-label="删除"
          title="删除选中的资金使用单位或项目（可撤销）"
          disabled={!place}
          onClick={deleteSelected}
        />
        <TreeCopyButtons hasUnits={hasUnits} />
      </div>
    );
  },
  (a, b) =>
    a.hasUnits === b.hasUnits &&
    a.place?.first === b.place?.first &&
    a.place?.last === b.place?.last &&
    !a.place === !b.place,
);

const TreeList = memo(function TreeList({
  treeData,
  selectedKey,
}: {
  treeData: Node[];
  selectedKey: string;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const expandedKeys = useMemo(
    () => treeData.map((n) => n.key).filter((k) => !collapsed.has(k)),
    [treeData, collapsed],
  );
  const selectedKeys = useMemo(() => (selectedKey ? [selectedKey] : []), [selectedKey]);

  // The keyboard's place (↑/↓, Enter) is the selected node: when the clerk clicks into the tree,
  // selects elsewhere (a finding, 添加项目) or reloads, the arrows go on from there, not the top.
  const [activeKey, setActiveKey] = useState<string | null>(selectedKey || null);
  useEffect(() => setActiveKey(selectedKey || null), [selectedKey]);
  const onActiveChange = useCallback((key: React.Key | null) => {
    setActiveKey(key === null ? null : String(key));
  }, []);
  const onFocus = useCallback(() => {
    setActiveKey((k) => k ?? (keyOfSelection() || null));
  }, []);

  // The right-click menu: on a node, it acts on that node (selected first).
  const [menuAt, setMenuAt] = useState<MenuPoint | null>(null);
  const onRightClick = useCallback<NonNullable<TreeProps['onRightClick']>>(({ node }) => {
    select(parseKey(String(node.key)));
  }, []);
  const onContextMenu = useCallback((e: React.MouseEvent<HTMLElement>) => {
    e.preventDefault();
    setMenuAt(pointOf(e));
  }, []);

  // The tree's height, for its virtual list: the space left under the buttons.
  const box = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(400);
  // Measured before the first paint (a layout effect), so the virtual list is not drawn at a
  // guessed height and then drawn again; the observer follows later resizes.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setHeight(Math.max(100, el.clientHeight));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the selected node in view when it was selected elsewhere (a finding, undo), opening
  // its unit if it was closed.
  const treeRef = useRef<React.ComponentRef<typeof Tree>>(null);
  const latest = useRef({ treeData, collapsed });
  latest.current = { treeData, collapsed };
  useEffect(() => {
    if (!selectedKey) return;
    const { treeData, collapsed } = latest.current;
    if (selectedKey.startsWith('p')) {
      const unit = treeData.find((u) => u.children?.some((p) => p.key === selectedKey));
      if (unit && collapsed.has(unit.key)) {
        const next = new Set(collapsed);
        next.delete(unit.key);
        setCollapsed(next);
      }
    }
    requestAnimationFrame(() => treeRef.current?.scrollTo({ key: selectedKey, align: 'auto' }));
  }, [selectedKey]);

  const onSelect = useCallback<NonNullable<TreeProps['onSelect']>>((_keys, info) => {
    select(parseKey(String(info.node.key)));
  }, []);
  const onExpand = useCallback<NonNullable<TreeProps['onExpand']>>((keys) => {
    const open = new Set(keys.map(String));
    setCollapsed(new Set(latest.current.treeData.map((n) => n.key).filter((k) => !open.has(k))));
  }, []);
  const onDoubleClick = useCallback<NonNullable<TreeProps['onDoubleClick']>>((_e, node) => {
    const s = parseKey(String(node.key));
    if (!s) return;
    focusWhenReady(s.kind === 'unit' ? fieldId.unit(s.id) : fieldId.project(s.id, 'name'), {
      select: true,
    });
  }, []);

  // Drag and drop: units among units; projects among projects, or onto a unit (to its top).
  const allowDrop = useCallback<NonNullable<TreeProps['allowDrop']>>(
    ({ dragNode, dropNode, dropPosition }) => {
      const drag = String(dragNode.key)[0];
      const drop = String(dropNode.key)[0];
      if (drag === 'u') return drop === 'u' && dropPosition !== 0;
      return drop === 'p' ? dropPosition !== 0 : dropPosition === 0;
    },
    [],
  );
  const onDrop = useCallback<NonNullable<TreeProps['onDrop']>>((info) => {
    const drag = parseKey(String(info.dragNode.key));
    const target = parseKey(String(info.node.key));
    if (!drag || !target) return;
    const at = Number(String(info.node.pos).split('-').at(-1));
    const after = info.dropPosition - at > 0;
    const units = latest.current.treeData;
    if (drag.kind === 'unit' && target.kind === 'unit') {
      const from = units.findIndex((u) => u.key === `u${drag.id}`);
      let to = units.findIndex((u) => u.key === `u${target.id}`) + (after ? 1 : 0);
      if (from < to) to--;
      if (from !== to) void moveUnitTo(drag.id, to);
    } else if (drag.kind === 'project' && target.kind === 'unit' && !info.dropToGap) {
      void moveProjectTo(drag.id, target.id, 0);
    } else if (drag.kind === 'project' && target.kind === 'project') {
      const unit = units.find((u) => u.children?.some((p) => p.key === `p${target.id}`));
      if (!unit?.children) return;
      const targetUnitId = Number(unit.key.slice(1));
      const from = unit.children.findIndex((p) => p.key === `p${drag.id}`);
      let to = unit.children.findIndex((p) => p.key === `p${target.id}`) + (after ? 1 : 0);
      if (from >= 0 && from < to) to--;
      if (from !== to) void moveProjectTo(drag.id, targetUnitId, to);
    }
  }, []);

  return (
    <div className="tree-box" ref={box} onContextMenu={onContextMenu}>
      <PointMenu
        at={menuAt}
        label="资金使用单位和项目菜单"
        items={treeMenuItems}
        onCommand={runTreeCommand}
        onClose={() => setMenuAt(null)}
      />
      {treeData.length === 0 ? (
        <p className="muted tree-empty">尚无资金使用单位。点击“添加资金使用单位”开始。</p>
      ) : (
        <Tree
          ref={treeRef}
          blockNode
          showLine={false}
          switcherIcon={<CaretDownFilled aria-hidden />}
          height={height}
          virtual
          treeData={treeData}
          expandedKeys={expandedKeys}
          selectedKeys={selectedKeys}
          activeKey={activeKey}
          onActiveChange={onActiveChange}
          onFocus={onFocus}
          onRightClick={onRightClick}
          onSelect={onSelect}
          onExpand={onExpand}
          onDoubleClick={onDoubleClick}
          draggable={{ icon: false }}
          allowDrop={allowDrop}
          onDrop={onDrop}
        />
      )}
    </div>
  );
});

function placeOf(units: readonly UnitData[], sel: Selection) {
  if (!sel) return undefined;
  if (sel.kind === 'unit') {
    const i = units.findIndex((u) => u.id === sel.id);
    return i < 0 ? undefined : { first: i === 0, last: i === units.length - 1 };
  }
  for (const u of units) {
    const i = u.projects.findIndex((p) => p.id === sel.id);
    if (i >= 0) return { first: i === 0, last: i === u.projects.length - 1 };
  }
  return undefined;
}

const keyOfSelection = () => keyOf(store.selection);

/** The toolbar's commands, for the node right-clicked (now selected) or the tree's blank. */
function treeMenuItems() {
  const units = store.doc?.data.units ?? NONE;
  const place = placeOf(units, store.selection);
  return [
    { key: 'addUnit', label: '添加资金使用单位', icon: <FolderAddOutlined /> },
    { key: 'addProject', label: '添加项目', icon: <FileAddOutlined />, disabled: !units.length },
    { type: 'divider' as const },
    { key: 'up', label: '上移', icon: <ArrowUpOutlined />, disabled: !place || place.first },
    { key: 'down', label: '下移', icon: <ArrowDownOutlined />, disabled: !place || place.last },
    { type: 'divider' as const },
    {
      key: 'copy',
      label: '复制项目',
      icon: <CopyOutlined />,
      disabled: store.selection?.kind !== 'project',
    },
    { key: 'paste', label: '粘贴', icon: <SnippetsOutlined />, disabled: !copied.get() },
    { type: 'divider' as const },
    { key: 'delete', label: '删除', icon: <DeleteOutlined />, danger: true, disabled: !place },
  ];
}

function runTreeCommand(key: string): void {
  if (key === 'addUnit') void addUnit();
  else if (key === 'addProject') void addProject();
  else if (key === 'up') moveSelected(-1);
  else if (key === 'down') moveSelected(1);
  else if (key === 'delete') deleteSelected();
  else if (key === 'copy') copySelection('project');
  else if (key === 'paste') void paste();
}

function moveSelected(delta: -1 | 1): void {
  const sel = store.selection;
  if (sel?.kind === 'unit') void moveUnit(sel.id, delta);
  if (sel?.kind === 'project') void moveProject(sel.id, delta);
}

function deleteSelected(): void {
  const sel = store.selection;
  if (sel?.kind === 'unit') deleteUnit(sel.id);
  if (sel?.kind === 'project' && store.doc && findProject(store.doc.data, sel.id)) {
    deleteProject(sel.id);
  }
}
