import { describe, expect, it } from 'vitest';
import { unitMismatch } from '../../db/shared/check/rules/unit-mismatch.ts';
import type { DocumentData, IndicatorData } from '../../db/shared/types.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { indicatorNamed, oneProject, run } from './build.ts';
import { patchIndicator, sentence, structured, structureAll, values } from './fields.ts';

const NAME = '举办公务员专题培训班';

let base: DocumentData | undefined;

/** The good project with its first indicator renamed and given these values. */
function indicator(name: string, patch: Partial<IndicatorData>) {
  base ??= oneProject(); // one file for the many cases: only the indicator changes
  return patchIndicator(base, NAME, { name, ...patch });
}

describe('unit-mismatch', () => {
  it('warns when the name gives the same figure in another unit (村组干部230人, 单位 个)', () => {
    const doc = indicator('村组干部230人', values(structured('＝', '230', '个')));
    expect(run(unitMismatch, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'unit-mismatch',
        severity: 'warning',
        indicatorIndex: 1,
        location: expect.objectContaining({
          indicatorId: indicatorNamed(doc, '村组干部230人').id,
          field: 'cycleValue',
        }),
        message:
          '实施周期指标值和年度指标值“＝230个”的计量单位“个”与三级指标名称“村组干部230人”中的“230人”不符：同一个数，单位不同。请核对计量单位，或改正名称中的数量。',
      }),
    ]);
  });

  it('reads the other value when it is a sentence, and the text a value was made from', () => {
    const annual = indicator(
      '村组干部培训',
      values(sentence('培训村组干部230人'), structured('≥', '230', '人次')),
    );
    expect(run(unitMismatch, annual).map((f) => [f.location.field, f.message])).toEqual([
      [
        'annualValue',
        expect.stringContaining(
          '年度指标值“≥230人次”的计量单位“人次”与实施周期指标值“培训村组干部230人”中的“230人”不符',
        ),
      ],
    ]);
    const edited = indicator('村组干部培训', values(structured('≥', '230', '个', '230人')));
    expect(run(unitMismatch, edited).map((f) => f.message)).toEqual([
      expect.stringContaining('与实施周期指标值和年度指标值原文“230人”中的“230人”不符'),
    ]);
  });

  it('compares figures with 万 and the like exactly (2.4万人次 is 24000)', () => {
    const cases: [string, Partial<IndicatorData>, number][] = [
      ['参训2.4万人次', values(structured('≥', '24000', '人')), 1],
      ['参训2.4万人次', values(structured('≥', '2.4', '万人')), 1],
      ['参训2.4万人次', values(structured('≥', '24000', '人次')), 0],
      ['参训2.4万人次', values(structured('≥', '2.40', '万人次')), 0],
      ['参训2.4万人次', values(structured('≥', '2.4', '人')), 0],
      // A unit word before a magnitude: 3千米 is 3 千米, not 3000 米.
      ['修建道路3千米', values(structured('≥', '3', '个')), 1],
      ['修建道路3千米', values(structured('≥', '3000', '个')), 0],
      ['资金50万元', values(structured('≤', '500000', '人')), 1],
    ];
    for (const [name, patch, count] of cases) {
      expect(run(unitMismatch, indicator(name, patch)), JSON.stringify(patch)).toHaveLength(count);
    }
  });

  it('says nothing where the units do not clearly differ or the figures are not the same', () => {
    const cases: [string, Partial<IndicatorData>][] = [
      ['全区覆盖率100%', values(structured('＝', '100', '百分比'))],
      ['全区覆盖率100％', values(structured('＝', '100', '(%)'))],
      ['村组干部230名', values(structured('＝', '230', '人'))],
      // Another figure in the name: the rate of the 230.
      ['230名村组干部培训合格率', values(structured('≥', '95', '%'))],
      ['举办12期培训班', values(structured('＝', '12', '场'))],
      ['覆盖率提高5个百分点', values(structured('≥', '5', '个'))],
      ['培训时长3个月', values(structured('≥', '90', '天'))],
      ['培训时长3个月', values(structured('≥', '3', '个月'))],
      ['培训经费50万元', values(structured('≤', '500000', '元'))],
      ['2024年完成', values(structured('＝', '2024', '个'))],
      ['第3次会议', values(structured('＝', '3', '个'))],
      ['12380举报受理', values(structured('≥', '12380', '件'))],
      ['C25混凝土', values(structured('≥', '25', '个'))],
      ['村组干部230人，约230个村组', values(structured('＝', '230', '个'))],
      ['村组干部230人', values(structured('定性', '优', '个'))],
      ['村组干部230人', values(sentence('230个'))],
      ['村组干部230人', values(structured('＝', '230', '元/人'))],
    ];
    for (const [name, patch] of cases) {
      expect(run(unitMismatch, indicator(name, patch)), name).toEqual([]);
    }
  });

  it.skipIf(!HAS_PANYU)(
    'is silent on the published fixture, also with its values structured',
    () => {
      const doc = importToSnapshot(PANYU_FIXTURE).snapshot;
      expect(run(unitMismatch, doc)).toEqual([]);
      expect(run(unitMismatch, structureAll(doc))).toEqual([]);
    },
  );
});
