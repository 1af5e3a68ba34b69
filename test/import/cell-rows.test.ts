import { describe, expect, it } from 'vitest';
import { textCellRows } from '../../db/import/cell-rows.ts';

describe('text as cell rows', () => {
  it('splits at ` | ` and at tabs, keeping empty cells, dropping comments and blank lines', () => {
    const { rows } = textCellRows('# note\n\n项目名称 | 雾炮车\n\t数量指标\t\t10辆  \n');
    expect(rows.map((r) => r.cells)).toEqual([
      ['项目名称', '雾炮车'],
      ['', '数量指标', '', '10辆'],
    ]);
    expect(rows.map((r) => r.where.line)).toEqual([3, 4]);
  });

  it('a line with a long run of spaces inside takes linear time', () => {
    const spaces = ' '.repeat(200_000);
    const started = performance.now();
    const { rows } = textCellRows(`a${spaces}b${spaces}\n`);
    // Quadratic, this took minutes (5 s at 50,000 spaces).
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(rows[0]!.cells[0]).toBe(`a${spaces}b`);
  });
});
