import { defineRule } from '../finding.ts';
import { compact } from '../text.ts';
import { atField, visitIndicators } from '../walk.ts';

/**
 * Political and party-building words: an effect of this kind is a 社会效益 (or the region's
 * 政治效益), never an economic one. 群众 and 社会 alone are left out: 带动群众增收 and 吸引社会
 * 投资 are economic benefits.
 */
const POLITICAL = /政治|党建|党员|党组织|党的|意识形态|执政|组织力|理想信念|获得感|幸福感/u;
/** Words that make an indicator economic after all (党员带头人带动群众增收). */
const ECONOMIC = /经济|增收|收入|产值|产量|税收|投资|利润|营收|创收|就业|销售|节约|节省|成本/u;
/**
 * What a satisfaction measure says. 满意度调查 or 满意度测评 counted (开展满意度调查2次) is an
 * output, not a satisfaction measure.
 */
const SATISFACTION = /满意(?!度?(?:调查|测评|问卷))|好评率/u;

/**
 * A 二级指标 that does not fit what the indicator says. Two shapes a reviewer returns:
 * - political or party-building effects filed under 经济效益: the published 2024 fixture has 11
 *   indicators named 政治效益 under 21-经济效益 (its 上级提前下达 projects: the city's tree has
 *   政治效益 where Panyu's has 经济效益), and three 党建 effects (各项党建工作按时完成,
 *   夯实党的执政根基) there too;
 * - satisfaction measured under another category (党员群众对村班子的满意度有所提高 under
 *   可持续影响; Xiangtan's 市民对空气质量改善的满意程度 under 社会效益): the 满意度 category
 *   is where the reviewer looks for it. Indicators under 满意度 that measure something else are
 *   satisfaction-off-topic's.
 * A 警告: reviewers return misfiled lines (“指标归类不当”). Only the indicator's own words are
 * read, name and values; an economic word anywhere keeps it where it is.
 */
export const level2Mismatch = defineRule({
  id: 'level2-mismatch',
  title: '二级指标与指标内容不符',
  severity: 'warning',
  check(doc, report) {
    const satisfaction = doc.tree.level1.find((l1) => l1.role === 'satisfaction');
    for (const { indicator, place } of visitIndicators(doc)) {
      const { level1, level2 } = indicator;
      const text = compact(
        [indicator.name, indicator.cycleValue, indicator.annualValue].join('｜'),
      );
      const filed = `${level1.name}-${level2.name}`;
      const at = atField(place, 'category');
      if (level1.role === 'benefit' && level2.name.includes('经济')) {
        const word = POLITICAL.exec(text)?.[0];
        if (word !== undefined && !ECONOMIC.test(text)) {
          const social = doc.tree.level1
            .find((l1) => l1.code === level1.code)
            ?.level2.find((l2) => l2.name.includes('社会'));
          report(
            at,
            `这条指标说的是政治或党建方面的效果（“${word}”），却归在“${filed}”下，不是经济效益。` +
              `请改归${social ? `“${level1.name}-${social.name}”` : '其他效益指标'}，或改写为经济方面的效益。`,
          );
          continue;
        }
      }
      if (satisfaction === undefined || level1.role === 'satisfaction') continue;
      const word = SATISFACTION.exec(text)?.[0];
      if (word === undefined) continue;
      report(
        at,
        `这条指标衡量满意程度（“${word}”），却归在“${filed}”下。` +
          `满意度请设在“${satisfaction.name}”下（如“服务对象满意度≥90%”），此处请写本类别要衡量的内容。`,
      );
    }
  },
});
