import { ReloadOutlined } from '@ant-design/icons';
import { Button, Drawer, Empty, Spin, Tag } from 'antd';
import { useState } from 'react';
import type { ReviewItem, ReviewKind } from '../../../db/shared/year-review.ts';
import { refreshYearReview, replaceYears, reviewOpen, yearReview } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { goToFinding, placeText } from './FindingsPanel.tsx';
import { REVIEW_WIDTH } from './YearReviewPanel.tsx';

const GROUPS: readonly { kind: ReviewKind; title: string; hint: string }[] = [
  {
    kind: 'source-year',
    title: '提到上年的年份',
    hint: '指本年度的，改为新表的预算年度；确指往年的（如“比2024年增长”），保留不改。',
  },
  { kind: 'other-year', title: '提到其他年份', hint: '请逐条看一看是否仍然适用。' },
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
  const review = useAtom(yearReview);
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
      {item.kind === 'source-year' && (
        <Button
          size="small"
          className="review-replace"
          disabled={props.busy}
          onClick={props.onReplace}
          title={`将此处的“${item.written ?? ''}”改为 ${year} 年`}
        >
          改为{year}年
        </Button>
      )}
    </li>
  );
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
