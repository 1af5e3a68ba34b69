import { AutoComplete, Input } from 'antd';
import { memo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Draft } from '../useDraft.ts';

/**
 * A text input bound to a draft (see useDraft): typing is local and instant, the text reaches
 * the host after a pause, on blur and on Enter. Its accessible name is the official term.
 * Multi-line fields are plain textareas styled like antd's, growing with their text (CSS
 * field-sizing, no measuring in script): the fields a clerk types most in cost least.
 */
export interface DraftFieldProps {
  readonly draft: Draft;
  readonly id: string;
  /** The official term: the accessible name screen readers and tests find the field by. */
  readonly label: string;
  readonly multiline?: boolean;
  readonly placeholder?: string;
  /** Enter (not Shift+Enter, not while an input method composes): after the text is sent. */
  readonly onEnter?: () => void;
  readonly onKeyDown?: (e: KeyboardEvent<HTMLElement>) => void;
  /** Overrides the input's own value (a linked 年度指标值 shows the cycle value). */
  readonly value?: string;
  readonly onChange?: (text: string, hold: boolean) => void;
  readonly status?: '' | 'error' | 'warning';
  readonly className?: string;
  readonly suffix?: ReactNode;
  readonly inputMode?: 'decimal' | 'numeric' | 'text';
  readonly describedBy?: string;
  readonly title?: string;
  /**
   * Shows the draft's error under the field (multi-line fields in rows; fields in a FieldBox
   * show it there). Always wraps the field, so an error appearing does not remount it.
   */
  readonly errorInline?: boolean;
}

function DraftFieldView(props: DraftFieldProps) {
  const { draft, multiline, onEnter, onKeyDown } = props;
  const composing = useRef(false);
  const change = props.onChange ?? draft.onChange;

  const errorId = props.errorInline ? `${props.id}-error` : undefined;
  const common = {
    id: props.id,
    'aria-label': props.label,
    'aria-invalid': draft.error ? true : undefined,
    'aria-describedby': props.describedBy ?? (draft.error ? errorId : undefined),
    title: props.title ?? draft.error ?? undefined,
    value: props.value ?? draft.value,
    placeholder: props.placeholder,
    status: draft.error ? ('error' as const) : props.status,
    className: props.className,
    onFocus: draft.onFocus,
    onBlur: draft.onBlur,
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: (e: { currentTarget: { value: string } }) => {
      composing.current = false;
      change(e.currentTarget.value, false);
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      const ime = composing.current || e.nativeEvent.isComposing || e.keyCode === 229;
      // Esc on text that is not saved (invalid, refused): the saved value again.
      if (e.key === 'Escape' && draft.error && !ime) {
        e.preventDefault();
        draft.discard();
        return;
      }
      if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !ime) {
        if (onEnter) {
          e.preventDefault();
          draft.flush();
          onEnter();
        } else if (!multiline) {
          draft.flush();
        }
      }
      onKeyDown?.(e);
    },
  };

  if (multiline) {
    // A plain textarea styled like antd's: typing in it re-renders nothing but itself.
    const status = draft.error ? 'error' : props.status;
    const { status: _s, className, ...rest } = common;
    const area = (
      <textarea
        {...rest}
        rows={1}
        className={`text-area${status ? ` text-area-${status}` : ''}${className ? ` ${className}` : ''}`}
        onChange={(e) => change(e.target.value, composing.current)}
      />
    );
    if (!props.errorInline) return area;
    return (
      <span className="draft-box">
        {area}
        {draft.error && (
          <span className="field-help" id={errorId} role="alert">
            {draft.error}
          </span>
        )}
      </span>
    );
  }
  return (
    <Input
      {...common}
      suffix={props.suffix}
      inputMode={props.inputMode}
      autoComplete="off"
      onChange={(e) => change(e.target.value, composing.current)}
    />
  );
}

/**
 * Renders again only when what it shows changes: a keystroke in one field of a row repaints
 * that field alone. A draft's functions are stable, so only its value and error count.
 */
export const DraftField = memo(DraftFieldView, (a, b) => {
  for (const k in b) {
    const key = k as keyof DraftFieldProps;
    if (key === 'draft') continue;
    if (a[key] !== b[key]) return false;
  }
  for (const k in a) if (!(k in b)) return false;
  return (
    a.draft.value === b.draft.value &&
    a.draft.error === b.draft.error &&
    a.draft.onChange === b.draft.onChange
  );
});

/**
 * A labelled field: the official term above the input, an error under it. `inline`: the term
 * on the left, as in the compact project header and an indicator's details (`.field-inline`;
 * the label column's width is the grid's `--label-width`, so the fields of a form line up).
 */
export function FieldBox(props: {
  label: ReactNode;
  htmlFor: string;
  error?: string | null;
  errorId?: string;
  className?: string;
  inline?: boolean;
  /** A tooltip on the term: what the field is for, where it prints. */
  title?: string;
  children: ReactNode;
}) {
  const cls = `field${props.inline ? ' field-inline' : ''}${props.className ? ` ${props.className}` : ''}`;
  return (
    <div className={cls}>
      <label className="field-label" htmlFor={props.htmlFor} title={props.title}>
        {props.label}
      </label>
      {props.children}
      {props.error && (
        <div className="field-help" id={props.errorId} role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

/**
 * A one-line field bound to a draft that offers values (项目类别, 计量单位): free text is kept as
 * typed; a value chosen from the list is sent at once. The list is made when the field is
 * focused (`options`), so a closed field costs nothing to keep current.
 */
export function DraftAutoComplete(props: {
  readonly draft: Draft;
  readonly id: string;
  readonly label: string;
  readonly options: () => readonly string[];
  /** Overrides the draft's value and change (a part of a structured value). */
  readonly value?: string;
  readonly onChange?: (text: string, hold: boolean) => void;
  readonly placeholder?: string;
  readonly status?: '' | 'error' | 'warning';
  readonly className?: string;
  readonly title?: string;
  readonly onKeyDown?: (e: KeyboardEvent<HTMLElement>) => void;
}) {
  const { draft } = props;
  const composing = useRef(false);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const change = props.onChange ?? ((t: string, hold: boolean) => draft.onChange(t, hold));
  return (
    <span
      className={`draft-autocomplete${props.className ? ` ${props.className}` : ''}`}
      onCompositionStart={() => (composing.current = true)}
      onCompositionEnd={(e) => {
        composing.current = false;
        change((e.target as HTMLInputElement).value, false);
      }}
      onKeyDown={props.onKeyDown}
    >
      <AutoComplete
        id={props.id}
        aria-label={props.label}
        title={props.title ?? draft.error ?? undefined}
        value={props.value ?? draft.value}
        options={options}
        showSearch={{
          filterOption: (input, option) =>
            input.trim() === '' || String(option?.value ?? '').includes(input.trim()),
        }}
        placeholder={props.placeholder}
        status={draft.error ? 'error' : props.status}
        onFocus={() => {
          setOptions(props.options().map((value) => ({ value, label: value })));
          draft.onFocus();
        }}
        onBlur={draft.onBlur}
        onChange={(t: string) => change(t, composing.current)}
        onSelect={(t: string) => {
          change(t, false);
          draft.flush();
        }}
        popupMatchSelectWidth={false}
      />
    </span>
  );
}
