import { ReloadOutlined } from '@ant-design/icons';
import { Button, Drawer, Empty, Space, Spin, Tag } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import {
  planShift,
  reviewNextYear,
  type ReviewItem,
  type ReviewKind,
  type ShiftScope,
} from '../../../db/shared/year-review.ts';
import { refreshYearReview, replaceYears, reviewOpen, yearReview } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { store, useDocument } from '../store.ts';
import { ui } from '../ui.ts';
import { goToFinding, placeText } from './FindingsPanel.tsx';
import { REVIEW_WIDTH } from './YearReviewPanel.tsx';

const GROUPS: readonly { kind: ReviewKind; title: string; hint: string }[] = [
  {
    kind: 'source-year',
    title: '提到上年的年份',
    hint: '作为工作时间的上年年份：指本年度的，改为新表的预算年度。',
  },
  {
    kind: 'past-year',
    title: '往年事项中的年份',
    hint: '考核、结算或比较的是往年（如“完成2023年绩效考核”）：随新表顺延一年，不要改为本年度。',
  },
  { kind: 'other-year', title: '提到其他年份', hint: '请逐条看一看是否仍然适用。' },
  {
    kind: 'kept-year',
    title: '名称中的年份',
    hint: '资金、项目或文件名称中的年份和起始年份，通常不改；顺延时保持不变，确需改动的可逐条顺延。文号中的年份不列出，也从不改动。',
  },
  {
    kind: 'vague',
    title: '不够明确的指标值',
    hint: '审核规则认为无法衡量的指标值：借新表编制之机写得更具体。',
  },
];

/**
 * 年份核对清单: the review that comes with a table made from last year's. Loaded the first time
 * it is opened (YearReviewPanel.tsx).
 */
export default function YearReviewDrawer() {
  const open = useAtom(reviewOpen);
  const fetched = useAtom(yearReview);
  // Made again from the page's copy as the document changes (an undo, an edit in the form), so
  // the list never shows what is no longer there; the same code as the host's review.
  const data = useDeferredValue(useDocument()?.data);
  const review = useMemo(
    () =>
      fetched && data && data.previousYear === fetched.sourceYear
        ? reviewNextYear(data, fetched.sourceYear)
        : fetched,
    [fetched, data],
  );
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState<string | null>(null);

  const replace = async (keys: string[] | 'all') => {
    setBusy(true);
    try {
      await replaceYears(keys);
    } finally {
      setBusy(false);
    }
  };

  const shift = async (scope: ShiftScope) => {
    setBusy(true);
    try {
      await shiftYears(scope);
    } finally {
      setBusy(false);
    }
  };

  const shiftAll = async () => {
    store.flushDrafts();
    await store.settled();
    const data = store.doc?.data;
    const plan = data ? planShift(data, { kind: 'document' }) : null;
    if (!plan || plan.moved === 0) {
      ui().message.info({ content: '没有需要顺延的年份', key: 'replaceYears' });
      return;
    }
    ui().modal.confirm({
      title: '全部年份顺延一年？',
      content: (
        <>
          <p>
            全文 {plan.changes.length} 栏中的 {plan.moved} 处年份将各顺延一年（如
            2023→2024、2024→2025），作为一步操作，可按 Ctrl+Z 撤销。
          </p>
          <p className="muted">
            资金、项目和文件名称中的年份、起始年份、文号，以及已是 {review?.year ?? ''}{' '}
            年或之后的年份，保持不变。
          </p>
        </>
      ),
      okText: '全部顺延',
      cancelText: '取消',
      onOk: () => shift({ kind: 'document' }),
    });
  };

  return (
    <Drawer
      open={open}
      title="年份核对清单"
      placement="right"
      size={REVIEW_WIDTH}
      mask={false}
      onClose={() => reviewOpen.set(false)}
      closable={{ 'aria-label': '关闭年份核对清单' }}
      rootClassName="year-review"
      extra={
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => void refreshYearReview()}
          aria-label="重新核对"
        >
          重新核对
        </Button>
      }
    >
      {review === null ? (
        <div className="review-loading">
          <Spin />
        </div>
      ) : (
        <div aria-label="年份核对清单" role="region">
          <p className="muted review-intro">
            由 {review.sourceYear} 年的表格新建的 {review.year} 年表格。点击条目可转到对应的栏目。
          </p>
          <Space className="review-intro" wrap>
            <Button size="small" disabled={busy} onClick={() => void shiftAll()}>
              全部年份顺延一年
            </Button>
            <span className="muted review-hint">
              工作时间和往年事项的年份各加一年；名称和文号中的年份不改。
            </span>
          </Space>
          {GROUPS.map(({ kind, title, hint }) => {
            const items = review.items.filter((i) => i.kind === kind);
            return (
              <section key={kind} className="review-group" aria-label={title}>
                <header className="review-group-head">
                  <h3>
                    {title} <Tag>{items.length}</Tag>
                  </h3>
                  {kind === 'source-year' && items.length > 0 && (
                    <Button
                      size="small"
                      type="primary"
                      disabled={busy}
                      onClick={() => void replace('all')}
                    >
                      全部改为{review.year}年
                    </Button>
                  )}
                </header>
                <p className="muted review-hint">{hint}</p>
                {items.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />
                ) : (
                  <ul className="review-list">
                    {items.map((item) => (
                      <ReviewEntry
                        key={item.key}
                        item={item}
                        year={review.year}
                        active={active === item.key}
                        busy={busy}
                        onGo={() => {
                          setActive(item.key);
                          goToFinding(item);
                        }}
                        onReplace={() => void replace([item.key])}
                        onShift={(scope) => void shift(scope)}
                      />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </Drawer>
  );
}

function ReviewEntry(props: {
  item: ReviewItem;
  year: number;
  active: boolean;
  busy: boolean;
  onGo: () => void;
  onReplace: () => void;
  onShift: (scope: ShiftScope) => void;
}) {
  const { item, year } = props;
  const place = placeText(item);
  return (
    <li className={`review-item${props.active ? ' review-item-active' : ''}`}>
      <button
        type="button"
        className="review-go"
        onClick={props.onGo}
        title="转到此栏目"
        aria-label={`${place} ${item.label}：${item.written ?? ''} 转到此栏目`}
      >
        <span className="review-place">
          {place}
          {item.kind !== 'vague' && <span className="muted"> › {item.label}</span>}
        </span>
        {item.kind === 'vague' ? (
          <span className="review-text">{item.message}</span>
        ) : (
          <span className="review-text">
            <Highlighted text={item.text} written={item.written} at={startOf(item.key)} />
          </span>
        )}
      </button>
      {item.kind !== 'vague' && (
        <Space direction="vertical" size={4} className="review-replace">
          {item.kind === 'source-year' && (
            <Button
              size="small"
              disabled={props.busy}
              onClick={props.onReplace}
              title={`将此处的“${item.written ?? ''}”改为 ${year} 年`}
            >
              改为{year}年
            </Button>
          )}
          {item.kind === 'kept-year' && (
            <Tag>{item.reading === 'since' ? '起始年份，通常不改' : '名称中的年份，通常不改'}</Tag>
          )}
          <Button
            size="small"
            type={item.kind === 'kept-year' ? 'link' : 'default'}
            disabled={props.busy}
            onClick={() => props.onShift({ kind: 'item', key: item.key })}
            title={`顺延后：${item.shifted ?? ''}`}
          >
            {item.kind === 'kept-year' ? '仍顺延一年' : '顺延一年'}
          </Button>
          {item.location.projectId !== undefined && item.kind !== 'kept-year' && (
            <Button
              size="small"
              type="link"
              disabled={props.busy}
              onClick={() =>
                props.onShift({ kind: 'project', projectId: item.location.projectId! })
              }
              title={`将项目“${item.projectName ?? ''}”中作为工作时间和往年事项的年份都顺延一年；名称和文号中的年份不改`}
            >
              本项目所有年份顺延一年
            </Button>
          )}
        </Space>
      )}
    </li>
  );
}

/**
 * 顺延一年 of one entry, one project or the whole document, then the review again. Said
 * beforehand from the page's copy (planShift is shared with the host), so "nothing to move" is
 * told without an edit.
 */
async function shiftYears(scope: ShiftScope): Promise<void> {
  store.flushDrafts();
  await store.settled();
  const data = store.doc?.data;
  const plan = data ? planShift(data, scope) : null;
  if (plan && plan.moved === 0) {
    ui().message.info({ content: '没有需要顺延的年份', key: 'replaceYears' });
    return;
  }
  const result = await store.edit('replaceYears', { mode: 'shift', scope });
  await refreshYearReview();
  if (!result || !plan) return;
  ui().message.success({
    content: `已将 ${plan.moved} 处年份顺延一年，可按 Ctrl+Z 撤销`,
    key: 'replaceYears',
  });
}

/** Where the mention starts: the key ends with it (`i12:cycleValue:3`). */
const startOf = (key: string) => Number(key.slice(key.lastIndexOf(':') + 1));

/** The field's text with the year mention marked. */
function Highlighted(props: { text: string; written: string | undefined; at: number }) {
  const { text, written } = props;
  if (!written) return <>{text}</>;
  const at = text.startsWith(written, props.at) ? props.at : text.indexOf(written);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark>{written}</mark>
      {text.slice(at + written.length)}
    </>
  );
}
