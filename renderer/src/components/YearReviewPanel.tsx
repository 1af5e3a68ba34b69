import { lazy, Suspense, useState } from 'react';
import { reviewOpen } from '../actions.tsx';
import { useAtom } from '../atom.ts';

/** The drawer's width; the editor leaves this much room on the right while it is open. */
export const REVIEW_WIDTH = 420;

/*
 * The drawer and its code (antd's Drawer among it) are loaded the first time the clerk opens the
 * review, not with the editor: most documents never show it.
 */
const YearReviewDrawer = lazy(() => import('./YearReviewDrawer.tsx'));

/** 年份核对清单: the review that comes with a table made from last year's. */
export function YearReviewPanel() {
  const open = useAtom(reviewOpen);
  // Once opened, it stays mounted: closing animates out, and reopening is immediate.
  const [wanted, setWanted] = useState(open);
  if (open && !wanted) setWanted(true);
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <YearReviewDrawer />
    </Suspense>
  );
}
