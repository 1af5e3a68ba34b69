import { describe, expect, it } from 'vitest';
import { isStale, movesOnShift, shiftYears, yearMentions } from '../../db/shared/years.ts';

/** Each mention of the text as `written:reading`. */
const read = (text: string) => yearMentions(text).map((m) => `${m.written}:${m.reading}`);

/**
 * Phrasings from real tables: every year mention of the published Panyu 2024 table and of the
 * three other regions' tables (../shared/fixtures), then the common ways clerks write dates,
 * settlements, comparisons and fund names.
 */
const CASES: readonly (readonly [string, readonly string[]])[] = [
  // Panyu 2024, as published.
  ['2024年内完成登报宣传', ['2024年:period']],
  ['按要求完成2024年两新组织党建“双同步”工作。', ['2024年:period']],
  ['2024年文书档案整理、数字化扫描工作完成率100%', ['2024年:period']],
  ['完成2023年绩效考核工作，开展2024年绩效考核工作。', ['2023年:past', '2024年:past']],
  ['2023年度选调生到村工作中央财政补助资金', ['2023年:name']],
  ['2023年度下派选调生到村工作中央财政补助结算资金', ['2023年:name']],
  [
    '根据《关于进一步加强党的基层组织建设经费保障工作的通知》（穗财行〔2021〕72号）、《番禺区党的基层组织建设保障经费使用监督管理办法》（番组〔2019〕59号）文件要求',
    [],
  ],
  ['按照区委、区政府新“二十八条”（番发〔2006〕16号）精神', []],
  ['根据（穗组字〔2018〕37号）文件精神，及时划拨每个街道党工委每年不低于50万元', []],
  ['中国共产党广州市番禺区委员会组织部 2024年项目支出绩效目标表', ['2024年:period']],
  // Fengjie (Chongqing) 2023.
  ['奉节县民族宗教事务委员会《关于下达2023年度少数民族发展资金项目计划的通知》', ['2023年:name']],
  ['2023年云雾土家族乡加工园配套设施建设项目', ['2023年:name']],
  ['建设周期 2023年4月-2024年2月', ['2023年4月-2024年:period']],
  ['项目支出绩效目标审批表 (2023年度)', ['2023年:period']],
  // Ezhou 2022 and Xiangtan 2023.
  ['2020年实际执行数 | 2021年实际执行数', ['2020年:past', '2021年:past']],
  ['鄂州市2022年市直部门预算项目支出绩效目标表', ['2022年:period']],
  ['湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目', ['2023年:name']],
  // Dates and periods of the work.
  ['截至2024年底，完成率达到95%', ['2024年:period']],
  ['2024年度完成率100%', ['2024年:period']],
  ['2024年12月底前完成验收', ['2024年:period']],
  ['于2024年完成系统升级', ['2024年:period']],
  ['截至2024年12月31日', ['2024年:period']],
  ['2024年上半年完成招标，2024年第三季度完工', ['2024年:period', '2024年:period']],
  ['2024年全年举办12期', ['2024年:period']],
  ['2024年1-12月累计接访', ['2024年:period']],
  ['完成2024年度培训计划', ['2024年:period']],
  ['2024年度培训经费', ['2024年:period']],
  ['2024年资金执行率100%', ['2024年:period']],
  ['2024年中期评估前完成', ['2024年:period']],
  ['完成2022-2024年干部轮训', ['2022-2024年:period']],
  ['参与2024年志愿服务', ['2024年:period']],
  // Work about an earlier year, and comparisons.
  ['完成2023年度结算', ['2023年:past']],
  ['2023年结转资金全部支出', ['2023年:past']],
  ['2023年结余资金', ['2023年:past']],
  ['完成2023年度决算报送', ['2023年:past']],
  ['开展2023年度绩效自评', ['2023年:past']],
  ['完成2023年度公务员考核奖励', ['2023年:past']],
  ['2023年度优秀共产党员表彰', ['2023年:past']],
  ['比2023年增长5%', ['2023年:past']],
  ['较2023年下降10%', ['2023年:past']],
  ['与2023年同期相比', ['2023年:past']],
  ['不低于2023年水平', ['2023年:past']],
  ['在2023年基础上提高2个百分点', ['2023年:past']],
  // Names of funds, projects and documents.
  ['《广州市2023年基层党建工作要点》', ['2023年:name']],
  ['2023年中央财政衔接推进乡村振兴补助资金', ['2023年:name']],
  ['2024年中央财政补助资金到位率100%', ['2024年:name']],
  ['拨付2023年提前下达转移支付资金', ['2023年:name']],
  ['收到2023年省级乡村振兴专项资金', ['2023年:name']],
  ['2023年地方政府专项债券', ['2023年:name']],
  ['2023年城中村改造项目', ['2023年:name']],
  // Starting years.
  ['2021年以来累计培训500人次', ['2021年:since']],
  ['自2022年起实施', ['2022年:since']],
  ['从2020年开始', ['2020年:since']],
  ['2019年至今', ['2019年:since']],
  ['2025年起不超过10万元', ['2025年:since']],
];

describe('the reading of a year mention', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('ignores spaces PDF extraction leaves, and document numbers typed with 年', () => {
    expect(read('2024 年 内 完成')).toEqual(['2024年:period']);
    expect(read('2023 年度选调生到村工作中央财政 补助资金')).toEqual(['2023年:name']);
    expect(read('穗府办〔2021年〕5号、番组[2018]45号')).toEqual([]);
  });
});

const mention = (text: string) => yearMentions(text)[0]!;

describe('what a 2025 table should not still say', () => {
  const stale = (text: string) => isStale(mention(text), 2025);
  it('a date of the work before the budget year', () => {
    expect(stale('2024年内完成')).toBe(true);
    expect(stale('完成2022-2024年干部轮训')).toBe(true);
    expect(stale('2025年内完成')).toBe(false);
    expect(stale('2024-2026年累计举办36期')).toBe(false);
    expect(stale('2026年底前完成')).toBe(false);
  });
  it('a settlement or review older than last year, not last year’s', () => {
    expect(stale('完成2024年绩效考核工作')).toBe(false);
    expect(stale('完成2023年绩效考核工作')).toBe(true);
    expect(stale('2024年结转资金')).toBe(false);
  });
  it('never a name or a starting year', () => {
    expect(stale('2023年度选调生到村工作中央财政补助资金')).toBe(false);
    expect(stale('《2022年基层党建工作要点》')).toBe(false);
    expect(stale('2021年以来')).toBe(false);
  });
});

describe('所有年份顺延一年', () => {
  const shift = (text: string, year = 2025) => shiftYears(text, (m) => movesOnShift(m, year)).text;

  it('moves every date and looked-back year on by one, at once', () => {
    expect(shift('完成2023年绩效考核工作，开展2024年绩效考核工作。')).toBe(
      '完成2024年绩效考核工作，开展2025年绩效考核工作。',
    );
    expect(shift('2023-2024年累计巡检24次，2024年巡检12次')).toBe(
      '2024-2025年累计巡检24次，2025年巡检12次',
    );
    expect(shift('建设周期2023年4月-2024年2月')).toBe('建设周期2024年4月-2025年2月');
  });

  it('never document numbers; not names, starting years or what reaches the new year', () => {
    expect(shift('依据《办法》（穗财行〔2024〕12号），2024年内完成')).toBe(
      '依据《办法》（穗财行〔2024〕12号），2025年内完成',
    );
    for (const kept of [
      '2023年度选调生到村工作中央财政补助资金',
      '《2024年基层党建工作要点》',
      '2021年以来累计培训500人次',
      '2024-2026年累计举办36期',
      '2025年内完成',
    ])
      expect(shift(kept)).toBe(kept);
  });

  it('counts what it moved', () => {
    const r = shiftYears('2023年和2024年内完成（番组〔2019〕59号）', () => true);
    expect(r).toEqual({ text: '2024年和2025年内完成（番组〔2019〕59号）', moved: 2 });
  });
});
