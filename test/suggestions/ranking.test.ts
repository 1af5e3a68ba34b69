import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { commonIndicators } from '../../db/service/common-indicators.ts';
import {
  makeStructuredValue,
  sentenceValue,
  structuredIndicatorValue,
  type StructuredValue,
} from '../../db/shared/indicator-value.ts';
import {
  documentCandidates,
  fillFields,
  mergeSuggestions,
  rankSuggestions,
  textFit,
  type IndicatorCandidate,
  type SuggestionQuery,
  valueShown,
} from '../../db/shared/suggestions.ts';
import { tempDir } from '../helpers.ts';

const quantity = {
  level1Role: 'output',
  level1Name: '产出指标',
  level2Code: '11',
  level2Name: '数量指标',
} as const;
const quality = { ...quantity, level2Code: '12', level2Name: '质量指标' } as const;
const satisfaction = {
  level1Role: 'satisfaction',
  level1Name: '满意度指标',
  level2Code: '31',
  level2Name: '服务对象满意度',
} as const;

function candidate(
  name: string,
  category: Pick<IndicatorCandidate, 'level1Role' | 'level1Name' | 'level2Code' | 'level2Name'>,
  value = '',
  source: IndicatorCandidate['source'] = 'document',
): IndicatorCandidate {
  const v = sentenceValue(value);
  return { name, cycle: v, annual: v, annualFollowsCycle: true, ...category, source, from: '' };
}
const query = (
  text: string,
  category: Omit<SuggestionQuery, 'text'> = quantity,
): SuggestionQuery => ({ text, ...category });
function cells(operator: string, value: string, unit: string): StructuredValue {
  const made = makeStructuredValue({ operator, value, unit });
  if (!made.ok) throw new Error(made.message);
  return made.value;
}

describe('ranking suggestions for a 三级指标 name', () => {
  it('matches the typed text at the start, inside, then its characters in order', () => {
    expect(textFit('培训期数', '培训')).toBe(4);
    expect(textFit('开展培训期数', '培训')).toBe(3);
    expect(textFit('培训班期数', '培训数')).toBe(2);
    expect(textFit('宣传活动', '培训')).toBe(0);
    // What is already typed whole is not suggested again.
    expect(textFit('培训期数', '培训期数')).toBe(0);
  });

  it('never suggests another first-level category, and puts the same 二级 first', () => {
    const ranked = rankSuggestions(
      [
        candidate('培训合格率', quality, '≥90%'),
        candidate('培训期数', quantity, '12期'),
        candidate('培训满意度', satisfaction, '≥90%'),
      ],
      query('培训'),
    );
    expect(ranked.map((s) => s.name)).toEqual(['培训期数', '培训合格率']);
  });

  it('reads 经济效益 and 经济效益指标 (the two built-in trees) as one category', () => {
    const benefit = { level1Role: 'benefit', level1Name: '效益指标', level2Code: '21' } as const;
    const ranked = rankSuggestions(
      [
        candidate('带动增收', { ...benefit, level2Name: '经济效益指标' }),
        candidate('带动就业', { ...benefit, level2Code: '22', level2Name: '社会效益' }),
      ],
      query('带动', { ...benefit, level2Name: '经济效益' }),
    );
    expect(ranked[0]!.name).toBe('带动增收');
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it('ignores width, case and spaces in what is typed', () => {
    const ranked = rankSuggestions([candidate('ＧＤＰ 增长率', quantity)], query('gdp增'));
    expect(ranked).toHaveLength(1);
  });

  it('counts the same indicator seen many times once, and ranks it above one seen once', () => {
    const ranked = rankSuggestions(
      [
        candidate('宣传活动场次', quantity, '6场', 'opened'),
        candidate('宣传活动场次', quantity, '6场', 'opened'),
        candidate('宣传资料份数', quantity, '1000份', 'opened'),
        candidate('宣传活动场次', quantity, '6场', 'document'),
      ],
      query('宣传'),
    );
    expect(ranked.map((s) => [s.name, s.seen, s.source])).toEqual([
      ['宣传活动场次', 3, 'document'],
      ['宣传资料份数', 1, 'opened'],
    ]);
  });

  it('prefers what the clerk wrote to the built-in list, and keeps different values apart', () => {
    const ranked = rankSuggestions(
      [
        candidate('培训期数', quantity, '≥4期', 'builtin'),
        candidate('培训期数', quantity, '12期', 'opened'),
      ],
      query('培'),
    );
    expect(ranked.map((s) => s.source)).toEqual(['opened', 'builtin']);
  });

  it('shows the category when nothing is typed yet, at most the limit', () => {
    const many = Array.from({ length: 20 }, (_, i) => candidate(`指标${i}`, quantity));
    expect(rankSuggestions(many, query(''))).toHaveLength(8);
    expect(rankSuggestions(many, query(''), 3)).toHaveLength(3);
  });

  it('merges the page list and the host list without duplicates', () => {
    const page = rankSuggestions([candidate('培训期数', quantity, '12期')], query('培训'));
    const host = rankSuggestions(
      [
        candidate('培训期数', quantity, '12期', 'opened'),
        candidate('培训人次', quantity, '200人次', 'opened'),
      ],
      query('培训'),
    );
    const merged = mergeSuggestions([page, host]);
    expect(merged.map((s) => [s.name, s.seen, s.source])).toEqual([
      ['培训期数', 2, 'document'],
      ['培训人次', 1, 'opened'],
    ]);
  });

  it('fills name and values as one change, keeping a separate annual value apart', () => {
    const linked = candidate('培训期数', quantity, '12期');
    expect(fillFields(linked)).toEqual({
      name: '培训期数',
      cycle: sentenceValue('12期'),
      annualFollowsCycle: true,
    });
    const own = {
      ...linked,
      cycle: structuredIndicatorValue(cells('≥', '24', '期')),
      annual: structuredIndicatorValue(cells('≥', '12', '期')),
      annualFollowsCycle: false,
    };
    expect(fillFields(own)).toMatchObject({
      annualFollowsCycle: false,
      annual: { value: '12', unit: '期' },
    });
  });
});

describe('a document as candidates', () => {
  it('offers last year’s value beside this year’s, and skips indicators without a name', () => {
    const file = path.join(tempDir(), 'd.jxmb');
    TargetDocument.create(file, { department: '局', year: 2026 }, {}, (doc) => {
      const project = doc.addProject(doc.addUnit('本级'), { name: '培训' });
      const id = doc.addIndicator(project, {
        level2Code: '11',
        name: '培训期数',
        cycleValue: '14期',
      });
      doc.updateIndicator(id, { previous: '12期' });
      doc.addIndicator(project, { level2Code: '11', name: '' });
    });
    const doc = TargetDocument.open(file, { readonly: true });
    const data = doc.snapshot();
    doc.close();
    const list = documentCandidates(data, { source: 'document', from: '本文档' });
    expect(list.map((c) => [c.name, valueShown(c.cycle), c.source])).toEqual([
      ['培训期数', '14期', 'document'],
      ['培训期数', '12期', 'previous'],
    ]);
    expect(list.every((c) => c.id === data.units[0]!.projects[0]!.indicators[0]!.id)).toBe(true);
  });
});

describe('the built-in common indicators', () => {
  it('has indicators for every kind of category of both built-in trees', () => {
    const list = commonIndicators();
    const names = new Set(list.map((c) => c.level2Name));
    for (const kind of [
      '数量指标',
      '质量指标',
      '时效指标',
      '成本指标',
      '社会效益',
      '服务对象满意度',
    ]) {
      expect(names).toContain(kind);
    }
    expect(list.every((c) => c.name.trim() !== '' && c.source === 'builtin')).toBe(true);
    // 满意度 suggestions for a row of the 财预〔2021〕101号 tree (服务对象满意度指标).
    const ranked = rankSuggestions(list, {
      ...satisfaction,
      level2Name: '服务对象满意度指标',
      text: '满意',
    });
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.every((s) => s.level1Role === 'satisfaction')).toBe(true);
  });
});
