import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  SOURCE_LABELS,
  valueShown,
  type IndicatorSuggestion,
} from '../../../db/shared/suggestions.ts';
import {
  addAsCommon,
  applySuggestion,
  clearMemory,
  localSuggestions,
  rememberOnLeave,
  suggestionsFor,
} from '../suggestions.ts';
import { DraftField, type DraftFieldProps } from './DraftField.tsx';

/**
 * The 三级指标 name field with its suggestion list: typing shows indicators written before in
 * the same category (this document, last year's, other documents, 常用指标, the built-in list)
 * with their values; ↓/↑ choose, Enter or a click fills the row (one undo step), Esc closes.
 * While no suggestion is chosen, Enter does what it does in every row (adds the next indicator).
 */
interface Props extends Omit<DraftFieldProps, 'onChange'> {
  readonly indicatorId: number;
}

export const IndicatorNameField = memo(function IndicatorNameField(props: Props) {
  const { indicatorId, draft, ...field } = props;
  const [items, setItems] = useState<readonly IndicatorSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const asked = useRef(0);
  const wrapper = useRef<HTMLDivElement>(null);
  const listId = `${props.id}-suggestions`;

  useEffect(rememberOnLeave, []);

  const close = useCallback(() => {
    asked.current++;
    setOpen(false);
    setActive(-1);
  }, []);

  // Typing opens the list only when there is something to suggest; Ctrl+Space always.
  const [asking, setAsking] = useState(false);
  const show = useCallback(
    (text: string, always = false) => {
      const ask = ++asked.current;
      // The page's own at once, then with the host's when they come (latest typing wins).
      setItems(localSuggestions(indicatorId, text));
      setActive(-1);
      setOpen(true);
      setAsking(always);
      void suggestionsFor(indicatorId, text).then((all) => {
        if (ask === asked.current) setItems(all);
      });
    },
    [indicatorId],
  );

  const onChange = useCallback(
    (text: string, hold: boolean) => {
      draft.onChange(text, hold);
      if (!hold) show(text);
    },
    [draft, show],
  );

  const pick = useCallback(
    (s: IndicatorSuggestion) => {
      close();
      // The typed text is replaced by the suggestion: one edit, not the text and then it.
      draft.discard();
      void applySuggestion(indicatorId, s);
    },
    [close, draft, indicatorId],
  );

  const visible = open && (items.length > 0 || asking);
  const onKeyDownCapture = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    const target = e.target as HTMLElement;
    if (target.id !== props.id) return;
    // Ctrl+Space: the list for the text as it is (also with nothing to suggest, for its links).
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      show(draft.value, true);
      return;
    }
    if (!visible) return;
    const n = items.length;
    if (e.key === 'ArrowDown' && !e.altKey && n > 0) {
      setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp' && !e.altKey && n > 0) {
      setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && items[active]) {
      pick(items[active]);
    } else if (e.key === 'Escape') {
      close();
    } else {
      if (e.key === 'Tab' || e.key === 'Enter') close();
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  // The list and the chosen option, for screen readers.
  useEffect(() => {
    const input = wrapper.current?.querySelector<HTMLElement>(`#${CSS.escape(props.id)}`);
    if (!input) return;
    // Still a textbox (its role is how every test and screen reader finds it): the list is
    // announced through aria-controls and the chosen option through aria-activedescendant.
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', listId);
    if (visible && active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
  }, [visible, active, listId, props.id]);

  const onBlur = (e: React.FocusEvent<HTMLDivElement>) => {
    if (!wrapper.current?.contains(e.relatedTarget as Node | null)) close();
  };

  return (
    <div className="ind-name" ref={wrapper} onKeyDownCapture={onKeyDownCapture} onBlur={onBlur}>
      <DraftField {...field} draft={draft} onChange={onChange} />
      {visible && (
        <div className="suggest-popup">
          {items.length > 0 ? (
            <ul id={listId} role="listbox" aria-label="三级指标建议" className="suggest-list">
              {items.map((s, i) => (
                <li
                  key={`${s.name}-${i}`}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'suggest-item suggest-active' : 'suggest-item'}
                  // Not a blur of the field: the click picks.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(s)}
                >
                  <span className="suggest-name">{s.name}</span>
                  <span className="suggest-value">{valuesText(s)}</span>
                  <span className="suggest-source">
                    {SOURCE_LABELS[s.source]}
                    {s.source === 'opened' && s.from ? ` · ${s.from}` : ''}
                    {s.source === 'previous' ? ` · ${s.from}` : ''}
                    {s.seen > 1 ? ` · ${s.seen} 处` : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <div className="suggest-empty">本类别中没有相近的指标</div>
          )}
          <div className="suggest-footer" onMouseDown={(e) => e.preventDefault()}>
            <button
              type="button"
              className="link-button"
              tabIndex={-1}
              onClick={() => {
                close();
                void addAsCommon(indicatorId);
              }}
            >
              将本指标加为常用指标
            </button>
            <button
              type="button"
              className="link-button"
              tabIndex={-1}
              onClick={() => {
                close();
                clearMemory();
              }}
            >
              清除记住的指标…
            </button>
          </div>
        </div>
      )}
    </div>
  );
});

/** 实施周期指标值, and the 年度指标值 when it is its own. */
function valuesText(s: IndicatorSuggestion): string {
  const cycle = valueShown(s.cycle) || '（未填指标值）';
  if (s.annualFollowsCycle) return cycle;
  return `${cycle}；年度 ${valueShown(s.annual) || '—'}`;
}
