import { describe, expect, it } from 'vitest';
import { layoutChoice, shortLayoutName } from '../../renderer/src/layout-choice.ts';
import { LAYOUTS } from '../../templates/layout/index.ts';

const LIST = LAYOUTS.map((l) => ({ id: l.id, name: l.name }));
const FILE = '/docs/表.jxmb';

describe('the layout the 版式 select shows', () => {
  it('is the remembered one, else the default (listed first)', () => {
    expect(layoutChoice(LIST, FILE, null, null)).toEqual({ id: 'official', unknown: null });
    expect(layoutChoice(LIST, FILE, 'per-project', null)).toEqual({
      id: 'per-project',
      unknown: null,
    });
    // A newer program's layout: the default is shown, and why.
    expect(layoutChoice(LIST, FILE, 'per-row-2030', null)).toEqual({
      id: 'official',
      unknown: 'per-row-2030',
    });
    expect(layoutChoice([], FILE, null, null)).toEqual({ id: '', unknown: null });
  });

  it('in a read-only window, the one chosen there, for that document only', () => {
    const chosen = { file: FILE, id: 'per-project' };
    expect(layoutChoice(LIST, FILE, null, chosen).id).toBe('per-project');
    expect(layoutChoice(LIST, '/docs/另一个.jxmb', null, chosen).id).toBe('official');
  });

  it('names every shipped layout by a word of its own in the narrow select', () => {
    const short = LAYOUTS.map((l) => shortLayoutName(l.name));
    expect(new Set(short).size).toBe(LAYOUTS.length);
    for (const s of short) expect([...s].length).toBeLessThanOrEqual(8);
    expect(shortLayoutName('项目支出绩效目标申报表（每个项目一表）')).toBe('绩效目标申报表');
  });
});
