import { Button, Drawer, Empty, Tag } from 'antd';
import { useState } from 'react';
import type { SentenceLeft, ValueConversion } from '../../../db/shared/structure-values.ts';
import { structureReview, structureValues, undo } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { useHistory } from '../store.ts';
import { goToFinding } from './FindingsPanel.tsx';
import { REVIEW_WIDTH } from './YearReviewPanel.tsx';

const FIELD_LABEL = { cycleValue: '实施周期指标值', annualValue: '年度指标值' } as const;

type Entry = ValueConversion | SentenceLeft;

/**
 * 结构化指标值's review list: each conversion (原文 → 结构化) and each sentence left as it is,
 * with why; a click goes to the value. An annual value that follows its cycle value went (or
 * stayed) with it and is not listed twice. While the conversion is the last edit, 撤销 takes all
 * of it back (as Ctrl+Z does).
 */
export default function StructureDrawer() {
  const review = useAtom(structureReview);
  const history = useHistory();
  const [active, setActive] = useState<string | null>(null);
  if (!review) return null;
  const { plan } = review;
  const own = <T extends Entry>(list: readonly T[]) =>
    list.filter((e) => !(e.field === 'annualValue' && e.followsCycle));
  const conversions = own(plan.conversions);
  const left = own(plan.left);
  const undoable = review.label !== undefined && history?.undo === review.label;
  const key = (e: Entry) => `${e.indicatorId}:${e.field}`;
  const go = (e: Entry) => {
    setActive(key(e));
    goToFinding({
      location: {
        unitId: e.unitId,
        projectId: e.projectId,
        indicatorId: e.indicatorId,
        field: e.field,
      },
    });
  };
  const place = (e: Entry) =>
    `${review.projectId === null ? `${e.projectName.trim() || '（未命名项目）'} › ` : ''}` +
    `${e.indicatorName.trim() || '（未命名指标）'} › ${FIELD_LABEL[e.field]}`;
  return (
    <Drawer
      open
      title="结构化指标值"
      placement="right"
      size={REVIEW_WIDTH}
      mask={false}
      onClose={() => structureReview.set(null)}
      closable={{ 'aria-label': '关闭结构化指标值清单' }}
      rootClassName="structure-review"
      extra={
        <Button
          size="small"
          disabled={!undoable}
          title={
            undoable ? '撤销这次转换（Ctrl+Z）' : '这次转换之后已有其他修改，请用“撤销”逐步撤回'
          }
          onClick={() => {
            void undo().then(() => structureReview.set(null));
          }}
        >
          撤销这次转换
        </Button>
      }
    >
      <div role="region" aria-label="结构化指标值清单">
        <p className="muted review-intro">
          {review.projectId === null ? '全部项目' : '本项目'}：转为结构化 {conversions.length}{' '}
          个，保留为文字 {left.length} 个
          {plan.alreadyStructured > 0 ? `，原已是结构化 ${plan.alreadyStructured} 个` : ''}
          {plan.damaged > 0 ? `，无法读取未处理 ${plan.damaged} 个` : ''}
          。与实施周期指标值一致的年度指标值随之转换，不重复列出。点击条目可转到该指标值。
        </p>
        <section className="review-group" aria-label="已转为结构化">
          <header className="review-group-head">
            <h3>
              已转为结构化 <Tag>{conversions.length}</Tag>
            </h3>
          </header>
          <p className="muted review-hint">
            原文保留在指标值中：用指标值左侧的切换按钮改回文字，即恢复原文。
          </p>
          {conversions.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />
          ) : (
            <ul className="review-list">
              {conversions.map((c) => (
                <li
                  key={key(c)}
                  className={`review-item${active === key(c) ? ' review-item-active' : ''}`}
                >
                  <button type="button" className="review-go" onClick={() => go(c)}>
                    <span className="review-place muted">{place(c)}</span>
                    <span className="review-text">
                      {c.text} <span className="muted">→</span> <strong>{c.printed}</strong>
                      {c.operatorImplied && (
                        <Tag className="review-tag" color="gold">
                          未写符号，按＝
                        </Tag>
                      )}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="review-group" aria-label="保留为文字">
          <header className="review-group-head">
            <h3>
              保留为文字 <Tag>{left.length}</Tag>
            </h3>
          </header>
          <p className="muted review-hint">
            不能确定为一个结构化的值，未改动；需要时请在指标值中改为结构化并填写。
          </p>
          {left.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />
          ) : (
            <ul className="review-list">
              {left.map((l) => (
                <li
                  key={key(l)}
                  className={`review-item${active === key(l) ? ' review-item-active' : ''}`}
                >
                  <button type="button" className="review-go" onClick={() => go(l)}>
                    <span className="review-place muted">{place(l)}</span>
                    <span className="review-text">{l.text.trim() || '（空）'}</span>
                    <span className="muted review-reason">{l.reasonText}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {review.projectId !== null && (
          <Button size="small" type="link" onClick={() => void structureValues()}>
            对全部项目执行
          </Button>
        )}
      </div>
    </Drawer>
  );
}
