import { describe, expect, it } from 'vitest';
import type { NewIndicator } from '../../db/document.ts';
import { unitMismatch } from '../../db/shared/check/rules/unit-mismatch.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { run } from './build.ts';
import {
  nationalProject,
  panyuBeforeAndAfterStructuring,
  quantityIndicators,
  sentence,
  structured,
  values,
} from './fields.ts';

type Case = readonly [name: string, value: Pick<NewIndicator, 'cycle' | 'annual'>];

/** The printed numbers of the cases the rule flags, all cases in one project. */
function flagged(cases: readonly Case[]): number[] {
  const doc = nationalProject({}, quantityIndicators(cases.map(([name, v]) => ({ name, ...v }))));
  return run(unitMismatch, doc).map((f) => f.indicatorIndex!);
}

describe('unit-mismatch', () => {
  it('warns when the name gives the same figure in another unit (村组干部230人, 单位 个)', () => {
    const doc = nationalProject(
      {},
      quantityIndicators([{ name: '村组干部230人', ...values(structured('=', '230', '个')) }]),
    );
    expect(run(unitMismatch, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'unit-mismatch',
        severity: 'warning',
        indicatorIndex: 1,
        location: expect.objectContaining({
          indicatorId: doc.units[0]!.projects[0]!.indicators[0]!.id,
          field: 'cycleValue',
        }),
        message:
          '实施周期指标值和年度指标值“＝230个”的计量单位“个”与三级指标名称“村组干部230人”中的“230人”不符：同一个数，单位不同。请核对计量单位，或改正名称中的数量。',
      }),
    ]);
  });

  it('reads the other value when it is a sentence, and the text a value was made from', () => {
    const doc = nationalProject(
      {},
      quantityIndicators([
        {
          name: '村组干部培训',
          ...values(sentence('培训村组干部230人'), structured('≥', '230', '人次')),
        },
        { name: '村组干部培训', ...values(structured('≥', '230', '个', '230人')) },
      ]),
    );
    expect(
      run(unitMismatch, doc).map((f) => [f.indicatorIndex, f.location.field, f.message]),
    ).toEqual([
      [
        1,
        'annualValue',
        expect.stringContaining(
          '年度指标值“≥230人次”的计量单位“人次”与实施周期指标值“培训村组干部230人”中的“230人”不符',
        ),
      ],
      [
        2,
        'cycleValue',
        expect.stringContaining('与实施周期指标值和年度指标值原文“230人”中的“230人”不符'),
      ],
    ]);
  });

  it('compares figures with 万 and the like exactly (2.4万人次 is 24000)', () => {
    const cases: Case[] = [
      ['参训2.4万人次', values(structured('≥', '24000', '人'))], // 1
      ['参训2.4万人次', values(structured('≥', '2.4', '万人'))], // 2
      ['参训2.4万人次', values(structured('≥', '24000', '人次'))],
      ['参训2.4万人次', values(structured('≥', '2.40', '万人次'))],
      ['参训2.4万人次', values(structured('≥', '2.4', '人'))],
      // A unit word before a magnitude: 3千米 is 3 千米, not 3000 米.
      ['修建道路3千米', values(structured('≥', '3', '个'))], // 6
      ['修建道路3千米', values(structured('≥', '3000', '个'))],
      ['资金50万元', values(structured('≤', '500000', '人'))], // 8
    ];
    expect(flagged(cases)).toEqual([1, 2, 6, 8]);
  });

  it('says nothing where the units do not clearly differ or the figures are not the same', () => {
    const cases: Case[] = [
      ['全区覆盖率100%', values(structured('=', '100', '百分比'))],
      ['全区覆盖率100％', values(structured('=', '100', '(%)'))],
      ['村组干部230名', values(structured('=', '230', '人'))],
      // Another figure in the name: the rate of the 230.
      ['230名村组干部培训合格率', values(structured('≥', '95', '%'))],
      ['举办12期培训班', values(structured('=', '12', '场'))],
      ['覆盖率提高5个百分点', values(structured('≥', '5', '个'))],
      ['培训时长3个月', values(structured('≥', '90', '天'))],
      ['培训时长3个月', values(structured('≥', '3', '个月'))],
      ['培训经费50万元', values(structured('≤', '500000', '元'))],
      ['2024年完成', values(structured('=', '2024', '个'))],
      ['第3次会议', values(structured('=', '3', '个'))],
      ['12380举报受理', values(structured('≥', '12380', '件'))],
      ['C25混凝土', values(structured('≥', '25', '个'))],
      ['村组干部230人，约230个村组', values(structured('=', '230', '个'))],
      ['村组干部230人', values(structured('定性', '优', '个'))],
      ['村组干部230人', values(sentence('230个'))],
      ['村组干部230人', values(structured('=', '230', '元/人'))],
    ];
    expect(flagged(cases)).toEqual([]);
  });

  it.skipIf(!HAS_PANYU)(
    'is silent on the published fixture, also with its values structured',
    () => {
      const { imported, structured: converted } = panyuBeforeAndAfterStructuring(PANYU_FIXTURE);
      expect(run(unitMismatch, imported)).toEqual([]);
      expect(run(unitMismatch, converted)).toEqual([]);
    },
  );
});
