import { Tag, Tooltip } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { isWorse, SEVERITY_LABEL, type Severity } from '../../../db/shared/check/finding.ts';
import type { ReviewedFinding } from '../../../db/shared/check/review.ts';
import { useOpenFindings } from '../review.ts';
import { fieldStatus, SEVERITY_COLOR } from '../severity.ts';

/**
 * What a field's red or yellow mark means, on hover: the messages of the findings (not 已核对)
 * that point at it. One tooltip for the whole editor, placed over the hovered field, so the
 * hundreds of fields of a project carry nothing for it. A field is found by its id (focus.ts
 * `fieldId`, the same ids a finding's 转到 focuses), its findings by their location.
 */

/** Parts of a field that show one value of the model (a structured value's sign and unit). */
const PART_OF: Readonly<Record<string, string>> = {
  cycleOperator: 'cycleValue',
  cycleUnit: 'cycleValue',
  annualOperator: 'annualValue',
  annualUnit: 'annualValue',
  basisKind: 'basis',
};

/** Fields drawn with one mark (ProjectEditor: 实施期's two months). */
const MARKED_TOGETHER: Readonly<Record<string, readonly string[]>> = {
  periodStart: ['periodStart', 'periodEnd'],
  periodEnd: ['periodStart', 'periodEnd'],
};

/** The keys of the findings a field shows, from its element id (the inverse of fieldId). */
function keysOfId(id: string): string[] {
  const m = /^f-([ip])(\d+)-(\w+)$/.exec(id);
  if (!m) return [];
  const [, kind, n, part] = m as unknown as [string, string, string, string];
  const field = PART_OF[part] ?? part;
  return (MARKED_TOGETHER[field] ?? [field]).map((f) => `${kind}${n}:${f}`);
}

function keyOfFinding(f: ReviewedFinding): string | null {
  const { projectId, indicatorId, field } = f.location;
  if (indicatorId !== undefined) return `i${indicatorId}:${field ?? 'name'}`;
  if (projectId !== undefined && field) return `p${projectId}:${field}`;
  return null;
}

const FIELD_BOX = '.ant-input-affix-wrapper, .ant-select, .ant-input-number, input, textarea';

/** The hovered field's box and id, or null outside a field. */
function fieldAt(target: EventTarget | null): { box: Element; id: string } | null {
  if (!(target instanceof Element)) return null;
  const box = target.closest(FIELD_BOX);
  if (!box) return null;
  const outer = box.parentElement?.closest('.ant-input-affix-wrapper, .ant-select') ?? box;
  const withId = outer.id.startsWith('f-') ? outer : outer.querySelector('[id^="f-"]');
  return withId ? { box: outer, id: withId.id } : null;
}

interface Tip {
  readonly id: string;
  readonly rect: DOMRect;
  readonly findings: readonly ReviewedFinding[];
}

export function FieldMarkTips() {
  const open = useOpenFindings();
  const byField = useMemo(() => {
    const map = new Map<string, ReviewedFinding[]>();
    for (const f of open ?? []) {
      const key = keyOfFinding(f);
      if (key === null) continue;
      const list = map.get(key);
      if (list) list.push(f);
      else map.set(key, [f]);
    }
    return map;
  }, [open]);
  const current = useRef(byField);
  current.current = byField;
  const [tip, setTip] = useState<Tip | null>(null);

  useEffect(() => {
    let shown: Element | null = null;
    const over = (e: Event) => {
      const at = fieldAt(e.target);
      if (at?.box === shown) return;
      shown = at?.box ?? null;
      const findings = at ? keysOfId(at.id).flatMap((k) => current.current.get(k) ?? []) : [];
      // A hint does not mark a field (severity.ts): only a marked field explains itself.
      const worst = findings.reduce<Severity | undefined>(
        (w, f) => (w === undefined || isWorse(f.severity, w) ? f.severity : w),
        undefined,
      );
      if (!at || fieldStatus(worst) === '') {
        setTip(null);
        return;
      }
      const order = (s: Severity) => (s === 'error' ? 0 : s === 'warning' ? 1 : 2);
      const sorted = [...findings].sort((a, b) => order(a.severity) - order(b.severity));
      setTip({ id: at.id, rect: at.box.getBoundingClientRect(), findings: sorted });
    };
    const hide = () => {
      shown = null;
      setTip(null);
    };
    // Moves too: after a scroll or a key hid it, the tip comes back as soon as the pointer moves.
    document.addEventListener('pointerover', over);
    document.addEventListener('pointermove', over);
    document.addEventListener('scroll', hide, true);
    document.addEventListener('keydown', hide, true);
    return () => {
      document.removeEventListener('pointerover', over);
      document.removeEventListener('pointermove', over);
      document.removeEventListener('scroll', hide, true);
      document.removeEventListener('keydown', hide, true);
    };
  }, []);

  if (!tip) return null;
  const { rect } = tip;
  return (
    <Tooltip
      open
      placement="top"
      classNames={{ root: 'mark-tip' }}
      styles={{ root: { maxWidth: 440 } }}
      title={
        <ul className="mark-tip-list" aria-label="此处的审核结果">
          {tip.findings.map((f, i) => (
            <li key={i}>
              <Tag color={SEVERITY_COLOR[f.severity]} className="mark-tip-tag">
                {SEVERITY_LABEL[f.severity]}
              </Tag>
              {f.message}
            </li>
          ))}
        </ul>
      }
    >
      <span
        key={tip.id}
        className="mark-tip-anchor"
        aria-hidden="true"
        style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height }}
      />
    </Tooltip>
  );
}
