import { WAN2 } from '../amounts.ts';
import { wanCents } from '../amounts.ts';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { isUserError } from '../../db/shared/errors.ts';
import { parseAmount } from '../../db/shared/money.ts';
import { tempDir } from '../helpers.ts';

/*
 * The reported case (issue #8, point 1): `9999999999999` typed into 其他资金 of a project with
 * other amounts filled in was accepted, and from then on the document opened nowhere. Written
 * with only what the program had then, so that it runs (and fails) on the old code too.
 */

describe('an amount that would brick the document', () => {
  it('is refused when typed, and the document still opens and adds up', () => {
    const file = path.join(tempDir(), '表.jxmb');
    const doc = TargetDocument.createAndOpen(file, { department: '区委组织部', year: 2025 });
    try {
      const unit = doc.addUnit('本级');
      const project = doc.addProject(unit, {
        name: '培训经费',
        fiscal: wanCents(384_100),
        specialAccount: wanCents(5_600),
      });
      let refused: unknown;
      try {
        // What the page does with the typed text: parse it, then send it to the store.
        doc.updateProject(project, { other: parseAmount('9999999999999', '其他资金', WAN2) });
      } catch (e) {
        refused = e;
      }
      expect(isUserError(refused), String(refused)).toBe(true);
      expect((refused as Error).message).toContain('999,999,999.99 万元');
    } finally {
      doc.close();
    }
    const again = TargetDocument.open(file, { readonly: true });
    try {
      expect(again.snapshot().totals.total).toBe(wanCents(384_100 + 5_600));
    } finally {
      again.close();
    }
  });
});
