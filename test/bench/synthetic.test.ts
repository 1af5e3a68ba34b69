import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { ownFixture } from '../paths.ts';
import { benchSizes, draftSize, repeatUnits } from './synthetic.ts';

// The benchmark's large documents: the fixture's units repeated, written through the model.

const small = () =>
  importPublishedText(readFileSync(ownFixture('small-published.txt'), 'utf8')).draft;

describe('repeatUnits', () => {
  it('once over is the draft itself', () => {
    const draft = small();
    expect(repeatUnits(draft, 1)).toBe(draft);
  });

  it('repeats every unit, named apart, with the same projects', () => {
    const draft = small();
    const one = draftSize(draft);
    const three = repeatUnits(draft, 3);
    expect(draftSize(three)).toEqual({
      units: one.units * 3,
      projects: one.projects * 3,
      indicators: one.indicators * 3,
    });
    const names = three.units.map((u) => u.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names[draft.units.length]).toBe(`${draft.units[0]!.name}（第2组）`);
    expect(three.units[draft.units.length]!.projects).toBe(draft.units[0]!.projects);
    expect(three.department).toBe(draft.department);
  });

  it('refuses a count that is not a whole number ≥ 1', () => {
    expect(() => repeatUnits(small(), 0)).toThrow(/≥ 1/);
    expect(() => repeatUnits(small(), 2.5)).toThrow(/≥ 1/);
  });

  describe('as a document file', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('is written through the model and opens with every unit, project and indicator', () => {
      dir = mkdtempSync(path.join(tmpdir(), 'jxmb-synthetic-'));
      const file = path.join(dir, 'x2.jxmb');
      const twice = repeatUnits(small(), 2);
      writeDraft(twice, file);
      const doc = TargetDocument.open(file, { readonly: true });
      try {
        const data = doc.snapshot();
        const projects = data.units.flatMap((u) => u.projects);
        expect({
          units: data.units.length,
          projects: projects.length,
          indicators: projects.reduce((n, p) => n + p.indicators.length, 0),
        }).toEqual(draftSize(twice));
      } finally {
        doc.close();
      }
    });
  });
});

describe('benchSizes', () => {
  it('takes all three sizes by default, or the ones listed', () => {
    expect(benchSizes(undefined)).toEqual([1, 10, 100]);
    expect(benchSizes('')).toEqual([1, 10, 100]);
    expect(benchSizes('1, 10')).toEqual([1, 10]);
    expect(benchSizes('100×')).toEqual([100]);
  });

  it('refuses what is not a list of sizes', () => {
    expect(() => benchSizes('ten')).toThrow(/BENCH_SIZES/);
    expect(() => benchSizes('1,,10')).toThrow(/BENCH_SIZES/);
    expect(() => benchSizes('0')).toThrow(/BENCH_SIZES/);
  });
});
