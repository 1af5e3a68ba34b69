import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { cleanText } from '../../db/shared/text.ts';
import { tempDir } from '../helpers.ts';

/* Text as typed, stored clean: one rule (db/shared/text.ts), applied by the store to every text. */

const ONE_LINE = { multiline: false };
const LINES = { multiline: true };

describe('cleanText', () => {
  it('removes control characters (C0, DEL, C1)', () => {
    expect(cleanText('培训\u0000经\u0007费\u001b\u007f\u0085\u009f', ONE_LINE)).toBe('培训经费');
    expect(cleanText('a\u0000b', ONE_LINE)).toBe('ab');
  });

  it('keeps line breaks only where the field has lines, as \\n', () => {
    expect(cleanText('第一行\r\n第二行\r第三行\u2028第四行\u2029第五行\n', LINES)).toBe(
      '第一行\n第二行\n第三行\n第四行\n第五行',
    );
    expect(cleanText('培训\r\n经费\n\u2028', ONE_LINE)).toBe('培训 经费');
    expect(cleanText('目标\t\u0000一', LINES)).toBe('目标 一');
  });

  it('stores Unicode NFC', () => {
    const decomposed = 'Cafe\u0301 满意度≥90%';
    expect(cleanText(decomposed, ONE_LINE)).toBe('Café 满意度≥90%');
    expect(cleanText(decomposed, ONE_LINE)).toBe(decomposed.normalize('NFC'));
  });

  it('changes nothing else (but the spaces at a one-line field’s ends)', () => {
    const text = '全年参训2.4万人次，满意度≥90%（含 “专题班”）';
    expect(cleanText(`  ${text}  `, ONE_LINE)).toBe(text);
    expect(cleanText(text, LINES)).toBe(text);
  });
});

describe('the store', () => {
  it('cleans every text it is given, whoever gives it', () => {
    const file = path.join(tempDir(), '表.jxmb');
    TargetDocument.create(file, { department: '区委\u0000组织部', year: 2025 }, {}, (doc) => {
      const unit = doc.addUnit('本级\u0007');
      const project = doc.addProject(unit, {
        name: '培训\r\n经费',
        goal: '目标一\r\n目标二\u2028Cafe\u0301',
      });
      doc.addIndicator(project, {
        level2Code: '11',
        name: '期数\t',
        cycleValue: '12期\u0085',
        annualValue: '12期',
        basis: { text: '依据\r\n文件' },
        explanation: '解释\u0000',
      });
    });
    const doc = TargetDocument.open(file);
    try {
      doc.setTitle('标题\u0001');
      const data = doc.snapshot();
      expect(data.department).toBe('区委组织部');
      expect(data.title).toBe('标题');
      const unit = data.units[0]!;
      expect(unit.name).toBe('本级');
      const project = unit.projects[0]!;
      expect(project.name).toBe('培训 经费');
      expect(project.goal).toBe('目标一\n目标二\nCafé');
      const indicator = project.indicators[0]!;
      expect(indicator.name).toBe('期数');
      expect(indicator.cycleValue).toBe('12期');
      // Equal once cleaned: the annual value still follows the cycle value.
      expect(indicator.annualFollowsCycle).toBe(true);
      expect(indicator.basis.text).toBe('依据 文件');
      expect(indicator.explanation).toBe('解释');
    } finally {
      doc.close();
    }
  });
});
