import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPublishedText } from '../../db/import/index.ts';
import {
  formatValue,
  makeStructuredValue,
  normaliseNumber,
  normaliseOperator,
  OPERATORS,
  SENTENCE_REASONS,
  sentenceValue,
  structureIndicatorValue,
  structureSentence,
  toSentence,
  type IndicatorValue,
  type SentenceReason,
  type StructuredValue,
  type StructureResult,
} from '../../db/shared/indicator-value.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, ROOT } from '../helpers.ts';

/*
 * The indicator value model (db/shared/indicator-value.ts): operators normalised, structured
 * values printed merged or split, and sentences turned into structured values only when they
 * are unambiguously one; measured on the real published table and on three other regions'.
 */

/** A structured value from cells that must be valid. */
function sv(operator: string, value: string, unit = ''): StructuredValue {
  const made = makeStructuredValue({ operator, value, unit });
  if (!made.ok) throw new Error(made.message);
  return made.value;
}

function outcome(r: StructureResult): string {
  return r.kind === 'structured' ? formatValue(r.value, 'merged') : `[${r.reason}]`;
}

describe('operators', () => {
  it('are the characters the national system stores, in its order', () => {
    expect([...OPERATORS]).toEqual(['≥', '＞', '＝', '＜', '≤', '定性']);
  });

  it.each([
    ['≥', '≥'],
    ['>=', '≥'],
    ['＞＝', '≥'],
    ['>＝', '≥'],
    ['≧', '≥'],
    ['⩾', '≥'],
    [' > = ', '≥'],
    ['大于等于', '≥'],
    ['大于或等于', '≥'],
    ['不低于', '≥'],
    ['不少于', '≥'],
    ['至少', '≥'],
    ['>', '＞'],
    ['＞', '＞'],
    ['﹥', '＞'],
    ['大于', '＞'],
    ['超过', '＞'],
    ['=', '＝'],
    ['＝', '＝'],
    ['等于', '＝'],
    ['<', '＜'],
    ['＜', '＜'],
    ['小于', '＜'],
    ['低于', '＜'],
    ['≤', '≤'],
    ['<=', '≤'],
    ['＜＝', '≤'],
    ['≦', '≤'],
    ['小于等于', '≤'],
    ['不高于', '≤'],
    ['不超过', '≤'],
    ['不大于', '≤'],
    ['定性', '定性'],
  ])('%s → %s', (text, expected) => {
    expect(normaliseOperator(text)).toBe(expected);
  });

  it.each(['=>', '=<', '==', '≈', '≠', '±', '达到', '为', '约', '以上', '定量', '', '≥≥'])(
    'refuses %j: not one operator for certain',
    (text) => {
      expect(normaliseOperator(text)).toBeUndefined();
    },
  );
});

describe('structured values from cells', () => {
  it('normalise digits, operators and a bracketed unit, keeping the number as typed', () => {
    expect(sv('>=', '９５．００', '（％）')).toEqual({ operator: '≥', value: '95.00', unit: '%' });
    expect(sv('定性', ' 优 ')).toEqual({ operator: '定性', value: '优', unit: '' });
    expect(normaliseNumber('1,000.50')).toBe('1000.50');
    expect(normaliseNumber('100.')).toBeUndefined();
    expect(normaliseNumber('-5')).toBeUndefined();
    expect(normaliseNumber('1,00')).toBeUndefined();
  });

  it('refuse what they cannot hold, with a message for the clerk', () => {
    const bad = [
      makeStructuredValue({ operator: '=>', value: '95', unit: '%' }),
      makeStructuredValue({ operator: '≥', value: '九十五', unit: '%' }),
      makeStructuredValue({ operator: '定性', value: '  ', unit: '' }),
    ];
    expect(bad.map((r) => (r.ok ? 'ok' : r.message))).toEqual([
      '计算符号“=>”无法识别，应为 ≥ ＞ ＝ ＜ ≤ 定性 之一',
      '指标值“九十五”不是数字。定量指标（≥）的指标值应为数字，如“95”“100.00”',
      '定性指标的指标值不能为空，请填写等级（如“优”“达标”）',
    ]);
  });
});

describe('formatValue', () => {
  it('prints merged as the national system shows it, ＝ included', () => {
    expect(formatValue(sv('≥', '95', '%'), 'merged')).toBe('≥95%');
    expect(formatValue(sv('=', '100.00', '%'), 'merged')).toBe('＝100.00%');
    expect(formatValue(sv('<=', '500', '元'), 'merged')).toBe('≤500元');
    expect(formatValue(sv('=', '10', '辆'), 'merged')).toBe('＝10辆');
    expect(formatValue(sv('定性', '良好'), 'merged')).toBe('良好');
    expect(formatValue(sentenceValue('举办12期公务员专题培训班'), 'merged')).toBe(
      '举办12期公务员专题培训班',
    );
  });

  it('prints split as three cells; a sentence goes whole into the value cell', () => {
    expect(formatValue(sv('≥', '90.00', '%'), 'split')).toEqual({
      operator: '≥',
      value: '90.00',
      unit: '%',
    });
    expect(formatValue(sv('定性', '达标'), 'split')).toEqual({
      operator: '定性',
      value: '达标',
      unit: '',
    });
    expect(formatValue(sentenceValue('2024年内完成'), 'split')).toEqual({
      operator: '',
      value: '2024年内完成',
      unit: '',
    });
  });
});

/** Sentences that are one structured value: [text, merged result, operator implied]. */
const MUST_CONVERT: readonly (readonly [string, string, boolean])[] = [
  ['≥95%', '≥95%', false],
  ['=100.00(%)', '＝100.00%', false],
  ['≤500元', '≤500元', false],
  ['10辆', '＝10辆', true],
  ['≥90.00(%)', '≥90.00%', false],
  ['=300天', '＝300天', false],
  ['100%', '＝100%', true],
  ['≤65万元', '≤65万元', false],
  ['＝100.00％', '＝100.00%', false],
  ['９５％', '＝95%', true],
  ['＞＝９５％', '≥95%', false],
  ['≥ 95 %', '≥95%', false],
  ['> = 95%', '≥95%', false],
  ['大于等于90%', '≥90%', false],
  ['不低于95%', '≥95%', false],
  ['不超过500元', '≤500元', false],
  ['至少1次', '≥1次', false],
  ['≧95%', '≥95%', false],
  ['≦3天', '≤3天', false],
  ['>92%', '＞92%', false],
  ['=3（万元）', '＝3万元', false],
  ['2.4万人次', '＝2.4万人次', true],
  ['≥1,000人次', '≥1000人次', false],
  ['500元/人', '＝500元/人', true],
  ['3个/村', '＝3个/村', true],
  ['30个工作日', '＝30个工作日', true],
  ['≥80M', '≥80M', false],
  ['≥300m²', '≥300m²', false],
  ['≥300㎡', '≥300㎡', false],
  ['≥0.5‰', '≥0.5‰', false],
  ['≤2个百分点', '≤2个百分点', false],
  ['≥1.5万平方米', '≥1.5万平方米', false],
  ['100%。', '＝100%', true],
  ['95', '＝95', true],
  ['优', '优', false],
  ['良好', '良好', false],
  ['达标', '达标', false],
  ['合格。', '合格', false],
  ['优 秀', '优秀', false],
];

/** Sentences that must stay sentences, and why. */
const MUST_STAY: readonly (readonly [string, SentenceReason])[] = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['-', 'placeholder'],
  ['/', 'placeholder'],
  ['无', 'placeholder'],
  ['不涉及', 'placeholder'],
  ['2024年', 'year'],
  ['2024', 'year'],
  ['2024年内完成', 'year'],
  ['2023.07', 'date'],
  ['2023.07-2024.01', 'date'],
  ['12月底前', 'date'],
  ['3月', 'date'],
  ['80-90%', 'range'],
  ['80%～90%', 'range'],
  ['5至10人', 'range'],
  ['每周更新1次推文，每次8条', 'several-numbers'],
  ['1，000元', 'several-numbers'],
  ['进一步提高', 'vague'],
  ['有所提高', 'vague'],
  ['顺利通过考核', 'no-number'],
  ['定性', 'no-number'],
  ['=>95%', 'unclear-operator'],
  ['=<95%', 'unclear-operator'],
  ['≈95%', 'unclear-operator'],
  ['±5%', 'unclear-operator'],
  ['-5%', 'unclear-operator'],
  ['95%以上', 'comparison-words'],
  ['≥2部以上', 'comparison-words'],
  ['250万', 'bare-magnitude'],
  ['10辆车', 'unknown-unit'],
  ['举办12期公务员专题培训班', 'words'],
  ['12期培训', 'words'],
  ['达到95%', 'words'],
  ['约95%', 'words'],
  ['第1名', 'words'],
  ['3(万元', 'words'],
  ['党建指导员满意度90%', 'words'],
  ['网络安全发生率为0%', 'words'],
];

describe('structureSentence', () => {
  it.each(MUST_CONVERT)('%j → %s', (text, merged, implied) => {
    const r = structureSentence(text);
    expect(outcome(r)).toBe(merged);
    expect(r.kind === 'structured' && r.operatorImplied).toBe(implied);
  });

  it.each(MUST_STAY)('%j stays a sentence (%s)', (text, reason) => {
    expect(structureSentence(text)).toEqual({ kind: 'sentence', reason });
  });

  it('round trips: structure → merged → structure, and structure → split cells → value', () => {
    for (const [text] of MUST_CONVERT) {
      const first = structureSentence(text);
      if (first.kind !== 'structured') throw new Error(`${text} did not convert`);
      const again = structureSentence(formatValue(first.value, 'merged'));
      expect(again, text).toEqual({
        kind: 'structured',
        value: first.value,
        operatorImplied: false,
      });
      expect(sv(...splitArgs(first.value)), text).toEqual(first.value);
    }
  });

  it('keeps the sentence it converts, so converting back restores it exactly', () => {
    const typed = '大于等于 ９０％。';
    const { value, result } = structureIndicatorValue(sentenceValue(typed));
    expect(result).toEqual({
      kind: 'structured',
      value: sv('≥', '90', '%'),
      operatorImplied: false,
    });
    expect(value).toEqual({ kind: 'structured', ...sv('≥', '90', '%'), source: typed });
    expect(formatValue(value, 'merged')).toBe('≥90%');
    expect(toSentence(value)).toEqual(sentenceValue(typed));
    // Entered structured (no source): back to its merged form.
    const entered: IndicatorValue = { kind: 'structured', ...sv('≤', '500', '元'), source: null };
    expect(toSentence(entered)).toEqual(sentenceValue('≤500元'));
    // A sentence that stays one is returned as it was; a structured value is left alone.
    const stays = sentenceValue('举办12期公务员专题培训班');
    expect(structureIndicatorValue(stays).value).toBe(stays);
    expect(structureIndicatorValue(value)).toEqual({ value, result: null });
  });
});

function splitArgs(v: StructuredValue): [string, string, string] {
  const cells = formatValue(v, 'split');
  return [cells.operator, cells.value, cells.unit];
}

// ---------------------------------------------------------------------------------------------
// Real tables

const FIXTURE = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');

function fixtureValues(): string[] {
  const { draft } = importPublishedText(readFileSync(FIXTURE, 'utf8'));
  return draft.units.flatMap((u) =>
    u.projects.flatMap((p) => p.indicators.flatMap((i) => [i.cycleValue, i.annualValue])),
  );
}

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) {
    const r = structureSentence(v);
    const key =
      r.kind === 'structured'
        ? r.operatorImplied
          ? 'structured (＝ implied)'
          : 'structured'
        : r.reason;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('the published table', () => {
  it('every value converted prints back to the same structure', () => {
    for (const v of fixtureValues()) {
      const r = structureSentence(v);
      if (r.kind === 'sentence') expect(SENTENCE_REASONS).toContain(r.reason);
      if (r.kind === 'structured') {
        expect(structureSentence(formatValue(r.value, 'merged'))).toMatchObject({ value: r.value });
      }
    }
  });

  it.skipIf(!HAS_PANYU)(
    'structures 64 of its 546 values and says why the rest stay sentences',
    () => {
      const values = fixtureValues();
      expect(values).toHaveLength(546);
      expect(tally(values)).toEqual({
        structured: 50, // 大于等于90% ×24, 大于等于98% ×20, 大于等于85% ×4, 大于等于95% ×2
        'structured (＝ implied)': 14, // 100%
        words: 222,
        'no-number': 123,
        vague: 119, // the vague words of unmeasurable-value (做好, 合理, 充分, 更多…)
        year: 8,
        'several-numbers': 6,
        date: 4,
      });
      const converted = new Set(
        values.flatMap((v) => {
          const r = structureSentence(v);
          return r.kind === 'structured' ? [`${v} → ${formatValue(r.value, 'merged')}`] : [];
        }),
      );
      expect([...converted].sort()).toEqual([
        '100% → ＝100%',
        '大于等于85% → ≥85%',
        '大于等于90% → ≥90%',
        '大于等于95% → ≥95%',
        '大于等于98% → ≥98%',
      ]);
    },
  );

  it.skipIf(!HAS_PANYU)('leaves its sentences as sentences', () => {
    const values = new Set(fixtureValues());
    const samples: [string, SentenceReason][] = [
      ['举办12期公务员专题培训班', 'words'],
      ['资金按时拨付，及时率100%', 'words'],
      ['区直机关工委交办任务完成率95%以上', 'words'],
      ['党建指导员满意度90%', 'words'],
      ['网络安全发生率为0%', 'words'],
      ['制作2部以上党员教育电视片', 'words'],
      ['全年参与公务员专题培训班人次达到2.4万人次', 'words'],
      ['2024年内完成登报宣传', 'year'],
      ['完成2023年绩效考核工作，开展2024年绩效考核工作。', 'year'],
      ['7月31日前举办全区党员教育电视片观摩交流活动', 'date'],
      ['3月底前举办全区党员教育电视片业务培训班', 'date'],
      ['每周更新1次推文，每次8条', 'several-numbers'],
      ['新招聘党建指导1人，到位率100%。', 'several-numbers'],
      ['进一步提升两新组织党建工作水平。', 'vague'],
      ['党员群众对村班子的满意度有所提高', 'vague'],
      ['事业单位登记管理事项“零投诉”', 'no-number'],
      ['顺利通过考核', 'no-number'],
      ['资金按时拨付', 'no-number'],
    ];
    for (const [text, reason] of samples) {
      expect(values.has(text), `${text} is in the fixture`).toBe(true);
      expect(structureSentence(text), text).toEqual({ kind: 'sentence', reason });
    }
  });
});

/**
 * Value cells of the other regions' tables (text files, cells separated by `|`): the column
 * headed 指标值… or …实现值, in the rows after the header that has it beside 一级指标, skipping empty cells and rows the
 * excerpt cut off.
 */
function regionValues(file: string): string[] {
  // Lines starting with # describe the source.
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'));
  const header = lines.findIndex(
    (l) => l.includes('一级指标') && l.includes('|') && /指标值|实现值/u.test(l),
  );
  if (header < 0) return [];
  const column = lines[header]!.split('|').findIndex((c) => /指标值|实现值/u.test(c));
  return lines
    .slice(header + 1)
    .filter((l) => l.includes('|') && !l.includes('[excerpt'))
    .map((l) => l.split('|').map((c) => c.trim())[column] ?? '')
    .filter((v) => v !== '' && v !== '(空)');
}

const REGIONS = path.resolve(ROOT, '..', 'shared', 'fixtures', 'other-regions');
const HAS_REGIONS = existsSync(REGIONS);

describe('other regions', () => {
  it.skipIf(!HAS_REGIONS)('converts their merged values and says why the rest stay', () => {
    const seen: Record<string, string[]> = {};
    for (const name of readdirSync(REGIONS)
      .filter((n) => n.endsWith('.txt'))
      .sort()) {
      seen[name] = regionValues(path.join(REGIONS, name)).map(
        (v) => `${v} → ${outcome(structureSentence(v))}`,
      );
    }
    expect(seen).toEqual({
      // 2280次 and 292% are the source's OCR noise for ≥80次 and ≥92%: the text is what it says.
      'ezhou-2022-binhu-dalou-yunxing.txt': [
        '2280次 → ＝2280次',
        '200次 → ＝200次',
        '>92% → ＞92%',
        '292% → ＝292%',
        '95% → ＝95%',
      ],
      'fengjie-yunwu-2023-chongqing.txt': ['≤65万元 → ≤65万元'],
      'xiangtan-huanwei-wupaoche-2023.txt': [
        '10辆 → ＝10辆',
        '≥80M → ≥80M',
        '优良 → 优良',
        '2023.07-2024.01 → [date]',
        '250万 → [bare-magnitude]',
        '≥85% → ≥85%',
        '≥90% → ≥90%',
      ],
    });
  });
});
