import { WAN2 } from '../amounts.ts';
import path from 'node:path';
import { TargetDocument } from '../../db/document.ts';
import { parseAmount } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';

/**
 * A document made through the real model to exercise printing: indicators entered out of
 * category order, a value already ending in 。, a very long project name, a project with no
 * indicators, a unit with no projects, a project whose row is taller than a whole page, and
 * punctuation placed where a careless line breaker would start a line with it.
 */

export const SAMPLE = {
  department: '某某市某某区委员会组织部',
  year: 2025,
  longName:
    '基层党组织标准化规范化建设暨党员教育培训阵地提升改造工程（含村社区党群服务中心功能完善及智慧党建平台二期建设）专项资金',
  tallName: '全区党员干部教育培训综合保障经费',
  emptyUnit: '区委党校（本年度无项目）',
} as const;

/** A long indicator value, different for each n so the text round trip checks the order. */
function longValue(n: number): string {
  return `第${n}项：按照年度培训计划组织开展党员干部教育培训活动，覆盖全区各镇街、各部门，参训人员不少于${1000 + n}人次，培训满意度达到95%以上，形成培训总结报告（含影像资料、签到表、课程评估表等）并按时报送区委组织部备案。`;
}

export function buildSample(dir: string): DocumentData {
  const file = path.join(dir, 'sample.jxmb');
  const amount = (s: string) => parseAmount(s, '测试', WAN2);
  TargetDocument.create(file, { department: SAMPLE.department, year: SAMPLE.year }, {}, (doc) => {
    const own = doc.addUnit('区委组织部本级');
    const training = doc.addProject(own, {
      name: '培训经费',
      fiscal: amount('38.41'),
      goal: '1.坚持以习近平新时代中国特色社会主义思想为指导，切实增强干部培训的针对性和实效性。\n2.广泛开展多形式、分层次、全覆盖的学习培训。',
    });
    // Entered out of order: printed 11, 11, 22, 31 (clerk's order kept within 11).
    doc.addIndicator(training, {
      level2Code: '31',
      name: '参训人员满意度',
      cycleValue: '≥90%',
    });
    doc.addIndicator(training, {
      level2Code: '11',
      name: '举办公务员专题培训班',
      cycleValue: '举办12期公务员专题培训班',
    });
    doc.addIndicator(training, {
      level2Code: '22',
      name: '打造高水平两新组织书记队伍。',
      cycleValue: '打造高水平两新组织书记队伍。',
    });
    doc.addIndicator(training, {
      level2Code: '11',
      name: '干部任职培训',
      cycleValue: '举办1次干部任职培训班',
      annualValue: '举办1次干部任职培训班（上半年）',
    });

    const long = doc.addProject(own, {
      name: SAMPLE.longName,
      fiscal: amount('1,234.50'),
      other: amount('65.50'),
      goal: '完成阵地改造（含“党员之家”“红色驿站”等），提升服务能力。',
    });
    doc.addIndicator(long, {
      level2Code: '12',
      name: '改造工程验收合格率',
      cycleValue: '100%',
    });

    doc.addProject(own, {
      name: '党费回拨经费（尚未填写绩效指标）',
      specialAccount: amount('0.56'),
      goal: '',
    });

    const tall = doc.addProject(own, {
      name: SAMPLE.tallName,
      fiscal: amount('123,456.78'),
      goal: '保障全区党员干部教育培训工作顺利开展。',
    });
    for (let n = 1; n <= 32; n++) {
      doc.addIndicator(tall, {
        level2Code: n % 3 === 0 ? '22' : '11',
        name: `培训保障事项${n}`,
        cycleValue: longValue(n),
      });
    }

    doc.addUnit(SAMPLE.emptyUnit);

    const centre = doc.addUnit('区党员电教中心');
    const video = doc.addProject(centre, {
      name: '电教片制作',
      fiscal: amount('20'),
      other: amount('0.02'),
      // Closing marks right where a line could end, and a long number.
      goal: '制作党员教育电教片（专题片、微视频）各1部，播放量不少于1,000,000次，覆盖率100%。',
    });
    doc.addIndicator(video, {
      level2Code: '13',
      name: '按时完成“学习强国”平台上传',
      cycleValue: '12月31日前完成，完成率100%；未完成的，说明原因！',
    });
  });
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}
