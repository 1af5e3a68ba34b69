import { formatAmountGrouped } from '../../money.ts';
import type { Amounts } from '../../types.ts';
import { defineRule } from '../finding.ts';
import { quote } from '../text.ts';
import { atField, visitProjects } from '../walk.ts';

const SOURCES: readonly { field: keyof Amounts; label: string }[] = [
  { field: 'fiscal', label: '财政拨款' },
  { field: 'specialAccount', label: '财政专户拨款' },
  { field: 'other', label: '其他资金' },
];

/** Party dues (党费) are the party's own money, never a fiscal appropriation. */
const PARTY_DUES = /党费/u;

/**
 * Money in a source that does not fit the project. Two shapes, both 警告 (the source decides
 * which account pays, and a reviewer returns a project whose money sits in the wrong column):
 * - the importer could not tell from the table which column the amounts were in (the 2024
 *   fixture's 直机下拨党费 and 离退支部党费返拨: 0.56 and 0.46 with their column lost in the
 *   PDF) and kept its reasoning as the project's amountDoubt: shown here until the clerk edits
 *   the amounts (which clears it) or marks the finding 已核对;
 * - a 党费 project with 财政拨款 or 财政专户拨款: party dues are not fiscal money and belong in
 *   其他资金. A project that only mentions 党建 (党建经费) is fiscal money and is not concerned.
 */
export const moneySource = defineRule({
  id: 'money-source',
  title: '资金来源与项目不符',
  severity: 'warning',
  check(doc, report) {
    for (const { project, place } of visitProjects(doc)) {
      const held = SOURCES.filter(({ field }) => project.totals[field] !== 0);
      if (project.amountDoubt !== null) {
        report(
          atField(place, (held[0] ?? SOURCES[0]!).field),
          `导入时无法确定金额所属的资金来源：${project.amountDoubt.replace(/[。；;]+$/u, '')}。` +
            '请对照原表核对财政拨款、财政专户拨款和其他资金；修改金额或标记“已核对”后不再提示。',
        );
        continue;
      }
      if (!PARTY_DUES.test(project.name)) continue;
      const fiscal = held.find(({ field }) => field !== 'other');
      if (fiscal === undefined) continue;
      const amount = formatAmountGrouped(project.totals[fiscal.field], doc.money);
      report(
        atField(place, fiscal.field),
        `项目${quote(project.name)}是党费，却有${fiscal.label} ${amount} ${doc.money.unit}。` +
          '党费不是财政资金，应列入“其他资金”；请核对资金来源。',
      );
    }
  },
});
