/**
 * Ids of the editable fields, so that a finding, a new row or a keyboard command can put the
 * cursor in the right place. `field` is the model's name (name, fiscal, cycleValue…).
 */
export const fieldId = {
  document: (field: string) => `f-doc-${field}`,
  unit: (id: number, field = 'name') => `f-u${id}-${field}`,
  project: (id: number, field: string) => `f-p${id}-${field}`,
  indicator: (id: number, field: string) => `f-i${id}-${field}`,
};

/**
 * Focuses the element with this id as soon as it is rendered (a few frames at most), scrolls it
 * into view and, for text, selects what is there.
 */
export function focusWhenReady(id: string, options: { select?: boolean } = {}): void {
  let frames = 0;
  const attempt = () => {
    const el = document.getElementById(id);
    if (el instanceof HTMLElement) {
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      if (options.select && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) {
        el.select();
      }
      return;
    }
    if (++frames < 30) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
