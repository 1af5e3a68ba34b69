import { createRoot } from 'react-dom/client';
import type { DocumentState } from '../../db/api/contract.ts';
import { formatAmountGrouped } from '../../db/money.ts';

const s: DocumentState | null = null;
createRoot(document.getElementById('root')!).render(
  <p>
    绩效目标表编制器 {formatAmountGrouped(0 as never)} {String(s)}
  </p>,
);
