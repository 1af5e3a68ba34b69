import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { rollover } from '../../db/rollover/index.ts';
import type { Cents } from '../../db/shared/money.ts';
import { buildPrintModel, renderPdf } from '../../templates/export/index.ts';
import { official } from '../../templates/layout/official.ts';
import { tempDir } from '../helpers.ts';

/*
 * A document shown in 万元 with 4 decimals prints its amounts so (0.3841): the official
 * layout's PDF must read back with them, not be refused as having no amounts.
 */
describe('official PDF of a document in 万元 with 4 decimals', () => {
  it('reads back every amount exactly', async () => {
    const dir = tempDir();
    const source = path.join(dir, '2025.jxmb');
    TargetDocument.create(
      source,
      { department: '区教育局', year: 2025, money: { unit: '万元', decimals: 4 } },
      {},
      (doc) => {
        const unit = doc.addUnit('区教育局本级');
        doc.addProject(unit, {
          name: '教师培训',
          goal: '完成教师培训。',
          fiscal: 384_100 as Cents,
          other: 1_000_000 as Cents,
        });
      },
    );
    const doc = TargetDocument.open(source, { readonly: true });
    const data = doc.snapshot();
    doc.close();
    const { bytes } = await renderPdf(buildPrintModel(data, official));
    const pdf = path.join(dir, '2025.pdf');
    writeFileSync(pdf, bytes);
    expect(data.units[0]!.projects[0]!.totals.total).toBe(1_384_100);

    const target = path.join(dir, '2026.jxmb');
    await rollover(pdf, target);
    const next = TargetDocument.open(target, { readonly: true });
    try {
      const p = next.snapshot().units[0]!.projects[0]!;
      expect(p.previous).toMatchObject({ fiscal: 384_100, specialAccount: 0, other: 1_000_000 });
    } finally {
      next.close();
    }
  });
});
