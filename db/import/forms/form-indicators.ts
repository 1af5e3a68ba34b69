import { parseBasisKind, parsePolarity, parseWeight } from '../../shared/indicator-fields.ts';
import { SENTENCE_REASON_TEXT, type SentenceReason } from '../../shared/indicator-value.ts';
import type { ResolvedCategory, TreeIndex } from '../../shared/tree.ts';
import type { DraftIndicator } from '../draft.ts';
import { ImportError, type ImportNote, type Where } from '../table-draft.ts';
import { level1Role, matchCategory, readScoreLabel } from './category-match.ts';
import { COLUMN_NAMES, type GridRead, type ValueParts } from './indicator-grid.ts';
import { BASIS_SEPARATOR, isOwnPerProjectLayout } from './own-layout.ts';
import { readMergedValue, readSplitValue, type ReadValue } from './value-split.ts';

/**
 * A per-project form's indicator grid, read into indicators: categories matched to the tree,
 * values split where unambiguous (as printed, for this program's own layout), 分值/权重, 绩效标准
 * and 指标解释 placed, and a note for each inference: categories left empty, score ranges, the
 * values' conversions, a cut.
 */

/** How a form's reader reports a note about its project. */
export type Say = (severity: ImportNote['severity'], where: Where, message: string) => void;

function shorten(text: string, max = 24): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function readIndicators(
  grid: GridRead,
  tree: TreeIndex,
  project: string,
  say: Say,
): DraftIndicator[] {
  const { columns, labels } = grid.header;
  if (grid.header.repeated.length > 0) {
    say(
      'warning',
      grid.header.where,
      `指标表头有第二组指标列（${grid.header.repeated.map((c) => `“${c}”`).join('、')}，如中期与年度指标并排），只导入了第一组；第二组的指标未导入，请核对`,
    );
  }
  if (grid.shifted) {
    say(
      'info',
      grid.header.where,
      `指标表第一列印的是二级指标名称（数量指标、质量指标…），按二级指标读取，“${labels.level2 ?? ''}”列按三级指标读取；一级指标由指标体系确定`,
    );
  }
  for (const s of grid.scoreLabels) {
    say(
      'info',
      s.where,
      `“${s.printed}”读作一级指标“${s.name}”，分值${s.score.min === s.score.max ? ` ${s.score.min} 分` : `范围 ${s.score.min}–${s.score.max} 分`}（分值范围未导入：文档没有此栏目）`,
    );
  }

  const resolve = (
    level1: string,
    level2: string,
    where: Where,
  ): { category: ResolvedCategory; printed?: string } => {
    const l1 = level1 === '' ? null : level1;
    if (level2 === '') {
      const role = l1 ? level1Role(l1) : undefined;
      const parent = tree.tree.level1.find((c) => c.role === role);
      if (parent && parent.level2.length === 1) {
        const only = tree.resolve(parent.level2[0]!.code)!;
        say(
          'info',
          where,
          `“${readScoreLabel(level1).name}”下没有写二级指标，归入唯一的 ${only.level2.code}-${only.level2.name}`,
        );
        return { category: only };
      }
      throw new ImportError(
        where,
        `项目“${project}”：这一行没有二级指标（一级指标“${level1}”），无法确定指标类别`,
      );
    }
    const m = matchCategory(tree, l1, level2);
    if (!m.ok) throw new ImportError(where, `项目“${project}”：${m.message}`);
    if (m.warning) say('warning', where, m.warning);
    return m.printed === undefined
      ? { category: m.category }
      : { category: m.category, printed: m.printed };
  };

  if (grid.emptyCategories.length > 0) {
    const names = grid.emptyCategories.map((e) => {
      const c = resolveQuietly(tree, e.level1, e.level2);
      const printed = readScoreLabel(e.level2).name;
      return c ? `${printed}（${c.level2.code}）` : printed;
    });
    say(
      'info',
      grid.emptyCategories[0]!.where,
      `${names.length} 个二级指标没有三级指标，读作有意留空，未添加指标：${names.join('、')}`,
    );
  }

  const split = columns.operator !== undefined || columns.unit !== undefined;
  const asPrinted = isOwnPerProjectLayout(grid.header);
  const basisAsExplanation = columns.basis !== undefined && columns.explanation === undefined;
  const stats = {
    structured: 0,
    implied: [] as string[],
    rewritten: [] as string[],
    sentences: new Map<SentenceReason, number>(),
  };
  let weights = 0;
  let explanations = 0;
  const out: DraftIndicator[] = [];

  for (const row of grid.rows) {
    const { category, printed } = resolve(row.level1, row.level2, row.cellWhere('level2'));
    const readOne = (text: string | null, parts: ValueParts | null): ReadValue | null => {
      if (text === null) return null;
      const cells =
        parts ??
        (split ? { operator: row.operator ?? '', value: text, unit: row.unit ?? '' } : null);
      if (cells === null) return readMergedValue(text, asPrinted);
      const r = readSplitValue(cells, asPrinted);
      if (!r.ok)
        say('warning', row.cellWhere('annual'), `指标“${row.level3}”：${r.message}；按文字导入`);
      return r.read;
    };
    const annualRead = readOne(row.annual, row.annualParts);
    const cycleRead = readOne(row.cycle, row.cycleParts) ?? annualRead!;
    const annual = annualRead ?? cycleRead;
    for (const r of new Set([cycleRead, annual])) {
      if (r.value.kind === 'structured') {
        stats.structured++;
        if (r.operatorImplied) stats.implied.push(r.text);
        if (r.rewrittenAs) stats.rewritten.push(`“${r.text}”读作“${r.rewrittenAs}”`);
      } else {
        const reason = r.reason ?? 'empty';
        stats.sentences.set(reason, (stats.sentences.get(reason) ?? 0) + 1);
      }
    }
    const follows = cycleRead === annual || cycleRead.text === annual.text;

    let weight: string | null | undefined;
    if (row.weight !== null && row.weight !== '') {
      const w = parseWeight(row.weight.replace(/\s*分$/u, ''));
      if (w.ok) {
        weight = w.value;
        weights++;
      } else {
        say(
          'warning',
          row.cellWhere('weight'),
          `指标“${row.level3}”的“${labels.weight ?? '分值'}”为“${row.weight}”，不是 0 到 100 之间的数，未导入`,
        );
      }
    }
    let basis: DraftIndicator['basis'];
    let explanation = row.explanation ?? undefined;
    if (row.basis !== null && row.basis !== '') {
      const kind = parseBasisKind(row.basis);
      const [head, ...words] = row.basis.split(BASIS_SEPARATOR);
      const headKind = words.length > 0 ? parseBasisKind(head!) : kind;
      if (kind.ok) basis = { kind: kind.value, text: '' };
      else if (headKind.ok) basis = { kind: headKind.value, text: words.join(BASIS_SEPARATOR) };
      else if (basisAsExplanation) {
        explanation = row.basis;
        explanations++;
      } else basis = { kind: null, text: row.basis };
    }
    let polarity: DraftIndicator['polarity'];
    if (row.polarity !== null && row.polarity !== '') {
      const p = parsePolarity(row.polarity);
      if (p.ok) polarity = p.value;
      else say('warning', row.cellWhere('polarity'), `指标“${row.level3}”：${p.message}，未导入`);
    }

    out.push({
      level2Code: category.level2.code,
      ...(printed === undefined ? {} : { printedCategory: printed }),
      name: row.level3,
      cycleValue: cycleRead.text,
      annualValue: annual.text,
      annualFollowsCycle: follows,
      ...(cycleRead.value.kind === 'structured' ? { cycle: cycleRead.value } : {}),
      ...(annual.value.kind === 'structured' ? { annual: annual.value } : {}),
      ...(weight !== undefined ? { weight } : {}),
      ...(basis !== undefined ? { basis } : {}),
      ...(explanation !== undefined && explanation !== '' ? { explanation } : {}),
      ...(polarity !== undefined ? { polarity } : {}),
    });
  }

  for (const where of grid.namelessRows)
    say('warning', where, '这一行没有三级指标名称，按名称为空的指标导入，请补填');
  if (weights > 0) {
    say('info', grid.header.where, `“${labels.weight}”列按权重导入（${weights} 条指标）`);
  }
  if (explanations > 0) {
    say(
      'info',
      grid.header.where,
      `“${labels.basis}”列中不是设定依据种类（${'计划标准、行业标准、历史标准等'}）的文字按指标解释导入（${explanations} 条）`,
    );
  }
  if (out.length > 0) {
    const left = [...stats.sentences.entries()].map(
      ([r, n]) => `${n} 个${SENTENCE_REASON_TEXT[r]}`,
    );
    const parts = [
      `${stats.structured} 个指标值拆分为计算符号、指标值和计量单位`,
      ...(stats.implied.length > 0
        ? [
            `其中 ${stats.implied.length} 个未写计算符号，按“＝”读取（${stats.implied.map((t) => `“${t}”`).join('、')}）`,
          ]
        : []),
      ...(stats.rewritten.length > 0 ? [stats.rewritten.join('、')] : []),
      ...(left.length > 0 ? [`保留为文字：${left.join('；')}`] : []),
    ];
    say('info', grid.header.where, `${parts.join('；')}`);
  }
  if (grid.cut) {
    const c = grid.cut;
    const message =
      c.column === null
        ? `最后一行只有 ${c.held.split(' / ').length} 格（表头有 ${grid.header.width} 格）：“${shorten(c.held, 40)}”，表格可能在此截断，请核对是否完整；共导入 ${out.length} 条指标`
        : c.imported
          ? `表格在此截断：指标“${grid.rows[grid.rows.length - 1]?.level3 ?? ''}”的${COLUMN_NAMES[c.column]}不完整（只有“${c.cell}”），已按现有内容导入，请补全；此后的内容缺失，共导入 ${out.length} 条指标`
          : `表格在此截断（此行只有“${shorten(c.held, 40)}”），此行及以后的指标缺失；已导入此前的 ${out.length} 条指标`;
    say('warning', c.where, message);
  }
  return out;
}

function resolveQuietly(tree: TreeIndex, level1: string, level2: string): ResolvedCategory | null {
  const m = matchCategory(tree, level1 === '' ? null : level1, level2);
  return m.ok ? m.category : null;
}
