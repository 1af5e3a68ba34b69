import { WAN2 } from '../amounts.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft, type TableDraft } from '../../db/import/index.ts';
import type { DraftProject } from '../../db/import/draft.ts';
import { parseAmount, type Cents } from '../../db/shared/money.ts';
import { draftFromDocument } from '../../db/rollover/from-document.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import { printedIndicators } from '../../templates/export/notation.ts';
import { official } from '../../templates/layout/official.ts';
import { ownFixture } from '../paths.ts';

/**
 * Documents for the PDF import tests, made through the real model, printed by the project's own
 * exporter (or its DOCX, for LibreOffice to print), and what importing the PDF must give back.
 */

export function documentOf(draft: TableDraft, file: string): DocumentData {
  writeDraft(draft, file, { overwrite: true });
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

const amount = (s: string): Cents => parseAmount(s, '测试', WAN2);
const zero = 0 as Cents;

function longValue(n: number): string {
  return `第${n}批：完成全区中小学教师信息技术应用能力提升培训，覆盖${20 + n}所学校，参训教师不少于${300 + n}人次，考核合格率达到98%以上，并通过ISO 9001质量管理体系年度审核。`;
}

/**
 * The project's small published table, imported, with what a test of the PDF reader needs
 * besides: a title of its own that takes two lines, a project so tall it is split over pages (with 财政专户拨款 and 其他资金), a project
 * with no indicator, a project with no amount at all, a unit with no project, and two projects
 * whose totals cannot tell 财政专户拨款 from 其他资金 (the text importer must guess; the PDF
 * reader reads the column).
 */
export function richDraft(): TableDraft {
  const base = importPublishedText(readFileSync(ownFixture('small-published.txt'), 'utf8')).draft;
  const [own, centre] = base.units as [TableDraft['units'][0], TableDraft['units'][0]];
  const tall: DraftProject = {
    name: '中小学教师信息技术应用能力提升工程2.0暨智慧校园建设专项经费（含ISO 9001认证）',
    amounts: {
      fiscal: amount('1,234,567.89'),
      specialAccount: amount('12.5'),
      other: amount('0.01'),
    },
    goal: '1.完成全区教师信息技术应用能力提升培训。\n2.建成智慧校园示范校10所。\n3.通过ISO 9001质量管理体系认证。',
    indicators: Array.from({ length: 36 }, (_, i) => ({
      level2Code: ['11', '12', '13', '14', '21', '22', '24', '31'][i % 8]!,
      name: `提升工程事项${i + 1}`,
      cycleValue: longValue(i + 1),
      annualValue: longValue(i + 1),
      annualFollowsCycle: true,
    })),
  };
  const noIndicators: DraftProject = {
    name: '校园安全设施维护',
    amounts: { fiscal: amount('15'), specialAccount: zero, other: zero },
    goal: '保障校园安全设施正常运行。',
    indicators: [],
  };
  const noAmount: DraftProject = {
    name: '预留项目（金额待定）',
    amounts: { fiscal: zero, specialAccount: zero, other: zero },
    goal: '',
    indicators: [],
  };
  const swapA: DraftProject = {
    name: '学生营养餐专户资金',
    amounts: { fiscal: zero, specialAccount: amount('3'), other: zero },
    goal: '按标准发放学生营养餐补助。',
    indicators: [],
  };
  const swapB: DraftProject = {
    name: '教职工党支部党费返拨',
    amounts: { fiscal: zero, specialAccount: zero, other: amount('3') },
    goal: '开展党员教育活动。',
    indicators: [],
  };
  return {
    ...base,
    // Long enough to be broken over two lines.
    title: `${base.department} ${base.year}年项目支出绩效目标表（含转移支付项目）（经区人民代表大会审查批准后公开，第二次调整）`,
    units: [
      { ...own, projects: [...own.projects, noIndicators, noAmount] },
      { name: '示例区教育督导室（本年度无项目）', projects: [] },
      { ...centre, projects: [...centre.projects, tall] },
      { name: '示例区青少年活动中心', projects: [swapA, swapB] },
    ],
  };
}

export type FontChoice = 'system' | 'bundled';

export async function exportPdf(
  doc: DocumentData,
  fonts: FontChoice,
): Promise<{ bytes: Buffer; pages: number; font: string }> {
  const model = buildPrintModel(doc, official);
  const r = await renderPdf(model, {
    fonts: fonts === 'bundled' ? { systemFonts: false, env: {} } : {},
  });
  return { bytes: r.bytes, pages: r.pages, font: r.font };
}

export async function exportDocx(doc: DocumentData, file: string): Promise<void> {
  writeFileSync(file, await renderDocx(buildPrintModel(doc, official)));
}

/**
 * What a printed table carries of a document, as a draft: everything but what the official
 * layout does not print (上年金额, the year the table was made from, an indicator's 指标性质,
 * 计量单位, 权重 and 设定依据), with indicators in printed order (by category).
 */
export function printable(draft: TableDraft): unknown {
  return {
    department: draft.department,
    year: draft.year,
    title: draft.title,
    tree: draft.tree.id,
    units: draft.units.map((u) => ({
      name: u.name,
      projects: u.projects.map((p) => ({
        name: p.name,
        amounts: p.amounts,
        goal: p.goal,
        indicators: p.indicators.map((i) => ({
          level2Code: i.level2Code,
          name: i.name,
          cycleValue: i.cycleValue,
          annualValue: i.annualValue,
          annualFollowsCycle: i.annualFollowsCycle,
        })),
      })),
    })),
  };
}

/** The draft a PDF of `doc` must give back: the document's, indicators as printed. */
export function expectedDraft(doc: DocumentData): unknown {
  const printed: DocumentData = {
    ...doc,
    units: doc.units.map((u) => ({
      ...u,
      projects: u.projects.map((p) => ({ ...p, indicators: printedIndicators(p) })),
    })),
  };
  return printable(draftFromDocument(printed));
}
