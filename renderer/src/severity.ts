import type { Severity } from '../../db/shared/check/finding.ts';

/** How each severity looks in the page: one place for the colours and field states. */

/** antd Tag colours. */
export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  error: 'red',
  warning: 'orange',
  hint: 'blue',
};

/** An input's status for the worst finding on it (a hint does not colour the field). */
export function fieldStatus(s: Severity | undefined): '' | 'error' | 'warning' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : '';
}

/** An antd Alert's type for a finding. */
export function alertType(s: Severity): 'error' | 'warning' | 'info' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'info';
}
