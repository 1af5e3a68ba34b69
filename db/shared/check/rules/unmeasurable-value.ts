import { defineRule } from '../finding.ts';
import { compact, isBlank, isPlaceholder, quote, withoutDocumentNumbers } from '../text.ts';
import { INDICATOR_VALUES, visitTexts } from '../walk.ts';

/**
 * Reviewers require an indicator value to be measurable: a number, a rate, or a clear grade or
 * outcome they can answer yes or no to. A 警告: “指标值无法衡量”/“未细化量化” is the margin note
 * reviewers write most, and such a row is usually returned. A value passes when it has any of:
 * - an Arabic digit (a year counts: it is a deadline, which stale-year checks separately);
 * - 零 anywhere (零投诉, 零差错 state a count of zero);
 * - a Chinese numeral followed by a measure word (三次, 十二期, 两万人), or 百分之…;
 *   a bare numeral is usually part of a word (进一步, 统一, 二十大, 两新组织, 三会一课), and
 *   一批 or 一些 means “some” (录用一批优秀人才);
 * - a grade word (GRADES below), or a whole value that is a one-word grade (是, 否, 优, 良…);
 * - a definite outcome (OUTCOMES below), the 定性 values reviewers accept as they are:
 *   a completion (完成公务员年度考核奖励, 完成公开调任公务员, 圆满完成…工作), a running state
 *   (正常运转, 顺利进行, 常态化运行), a frequency (每年摸查…), a coverage (每个党组织开展…),
 *   a compliance (按规定范围使用经费).
 * A hedge (结合实际情况, 视情况, 力争) takes the definiteness away from all but a number:
 * “结合实际情况完成摸查” promises nothing a reviewer can hold the unit to.
 *
 * Calibrated on the published 2024 fixture (102 findings before, read one by one): what it
 * still flags are slogans (进一步提升…水平, 日益增强, 党建工作经费使用合理充分), descriptions of
 * what the money is for (保障村党组织…所需经费) and activities without a count (开展党内教育
 * 活动, 修缮、新建基层党组织活动场所); what it no longer flags are the completions, states and
 * compliances above, which reviewers accept as 定性 values.
 * The finding names the vague words it saw, which are what the clerk should replace.
 */

const NUMERAL = '[〇一二两三四五六七八九十][〇一二两三四五六七八九十百千万亿]*';
// 分 (十分重要), 点 (一点), 起 (一起), 门 (一门式) are left out: mostly not counts there.
const MEASURE_WORD =
  '个|次|人|名|位|场|期|篇|项|份|户|家|所|座|条|件|本|册|套|台|辆|批|轮|天|日|月|年|周|季|' +
  '小时|元|万|亿|千|百|米|公里|平方|亩|吨|张|页|部|间|处|类|节|课时|学时|遍|届|支|组|队|' +
  '棵|株|倍|成|星|级|层|栋|例|宗|单|封|集|幅|首|版|段|%|％';
const CHINESE_COUNT = new RegExp(`${NUMERAL}(?:${MEASURE_WORD})|百分之${NUMERAL}|零`, 'u');
/** 一批, 一些, 一定: “some”, not a count (录用一批优秀人才). */
const SOME = /一(?:批|些|定)/gu;
const ARABIC = /[0-9０-９]/u;

/**
 * Words that state a definite level or a yes/no outcome a reviewer can verify. Words that are
 * also the name of a rate (满意度, 合格率, 达标率) do not count on their own: the rate needs a
 * figure.
 */
const GRADES = new RegExp(
  [
    // A grade ends the clause (考核优秀, 空气质量优良, 运行良好): before a noun it is an
    // adjective (优秀公务员, 良好的学习氛围) and grades nothing.
    `(?:优秀|优良|良好|较好)(?=$|[，。；,;、！!）)]|等次|等级|档次|及以上|以上)`,
    '合格(?!率)',
    '达标(?!率)',
    '满意(?![度率])',
    '达到预期',
    // 符合财务规范, 符合相关规定: a compliance a reviewer can answer yes or no to.
    '符合[^，。；,;]{0,6}?(?:要求|规定|标准|规范)',
    '通过(?:验收|考核|审计|评审|检查|审核|审批)',
    '全覆盖',
    '全部',
    '全额',
    '足额',
    '按时',
    '按期',
    '如期',
    '准时',
    '无差错',
    '无错漏',
    '无遗漏',
    '无事故',
    '无投诉',
    '未发生',
    '不发生',
  ].join('|'),
  'u',
);
const ONE_WORD_GRADE =
  /^(?:是|否|有|优|良|中|差|好|较好|一般|高|低|完成|已完成|达到|通过|合格|达标|满意)$/u;

/**
 * Outcomes that are definite without a number. 完成 before 率/度 is the name of a rate, which
 * needs its figure; 正常/顺利/常态化 only with the verb, since 正常高效 or 顺利推进 say nothing.
 */
const OUTCOMES = new RegExp(
  [
    '完成(?![率度])',
    '正常(?:运行|运转|运作|开展|使用|办公|开放|参加)',
    '顺利(?:进行|开展|运行|运转)',
    '常态化(?:对外)?(?:运行|运作|开放|开展)',
    '(?:及时|按时)参加',
    // 每年摸查, 每月走访: a frequency, checked by whether it happened each time.
    '每(?:年|半年|季度?|月|周|日|天)',
    '每个',
    // 纳入区级课件库, 纳入预算: done or not.
    '纳入',
    '按规定(?:范围)?(?:使用|开支|支出|发放|执行)',
  ].join('|'),
  'u',
);
/** Hedges that make an outcome optional. */
const HEDGE = /结合实际(?:情况)?|根据实际(?:情况)?|视(?:实际)?情况|酌情|适时|力争|争取/u;

const MODIFIER =
  '进一步|有所|明显|显著|有效(?![性期])|日益|逐步|不断|持续|稳步|大幅|大力|切实|全面|积极(?!性)|更加|更多|一定程度上?';
const VERB =
  '提高|提升|改善|促进|增强|加强|优化|完善|增加|减少|降低|扩大|推进|推动|发挥|强化|深化|巩固|做好';
const VAGUE = new RegExp(`(?:${MODIFIER})(?:${VERB})?|(?:${VERB})|合理|充分|${HEDGE.source}`, 'gu');

export function isMeasurable(value: string): boolean {
  const text = withoutDocumentNumbers(compact(value));
  const bare = text.replace(/[。．.；;，,！!]+$/u, '');
  if (ARABIC.test(text) || CHINESE_COUNT.test(text.replace(SOME, ''))) return true;
  if (HEDGE.test(text)) return false;
  return GRADES.test(text) || OUTCOMES.test(text) || ONE_WORD_GRADE.test(bare);
}

/** The vague words of a value, each once, in the order they appear. */
export function vagueWords(value: string): string[] {
  return [...new Set(compact(value).match(VAGUE) ?? [])];
}

/** A comparison without its figure: a table cut off after `>` (Ezhou's 水电气消耗下降率). */
const ONLY_OPERATOR = /^[<>＜＞=＝≥≤≧≦]+$/u;

export const unmeasurableValue = defineRule({
  id: 'unmeasurable-value',
  title: '指标值不可衡量',
  severity: 'warning',
  check(doc, report) {
    for (const { label, text, place } of visitTexts(doc, INDICATOR_VALUES)) {
      if (isBlank(text) || isPlaceholder(text) || isMeasurable(text)) continue;
      if (ONLY_OPERATOR.test(compact(text))) {
        report(
          place,
          `${label}${quote(text)}只有计算符号，缺少数值和计量单位。请补全（如“≥95%”）。`,
        );
        continue;
      }
      const words = vagueWords(text);
      const saw = words.length ? `，其中“${words.slice(0, 4).join('”“')}”等表述无法衡量` : '';
      report(
        place,
        `${label}${quote(text)}没有数量、比率或明确的等级${saw}。请写成可检验的目标，` +
          '如“≥95%”“12期”“12月底前完成”或“合格”“达标”。',
      );
    }
  },
});
