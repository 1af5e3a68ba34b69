/**
 * What a year in a table's text stands for, read from the words around it. Last year's table is
 * this year's template, so a year there is either a copy left behind or meant; which one depends
 * on its role in the sentence, not on the number:
 *
 * - `period`: when the work is done or measured — `2024年内完成`, `截至2024年底`, `2024年度完成率`,
 *   `2024年12月底前`, `于2024年完成`, `完成2024年两新组织党建工作`. Before the budget year it is the
 *   stale copy the check is for; next year it moves on with the table.
 * - `past`: work about an earlier year done in this one, or a comparison with it —
 *   `完成2023年绩效考核工作`, `2023年结转资金`, `2023年度决算`, `比2023年增长5%`. Right for last year
 *   (a 2024 table settles 2023); next year it moves on too (2025 settles 2024), so a past year
 *   older than last year is again a copy left behind.
 * - `name`: part of a fund's, project's or document's name — `2023年度选调生到村工作中央财政补助
 *   资金`, `2023年云雾土家族乡加工园配套设施建设项目`, `《关于下达2023年度少数民族发展资金项目计划
 *   的通知》`. Upper-level funds are named by the year they were granted and are spent later; the
 *   name stays what it is.
 * - `since`: where a count or a rule starts — `2021年以来`, `自2023年起`. Fixed.
 *
 * Document numbers (〔2021〕72号) are masked before reading (years.ts): their year dates a
 * regulation and is none of these. When the words say nothing, a year is a `period`: that is what
 * a year in an indicator value usually is, and the reading that asks the clerk to look.
 */
export type YearReading = 'period' | 'past' | 'name' | 'since';

/** Right after `年`/`年度`: a point or stretch of the year itself (内, 底, 12月底前, 上半年…). */
const PERIOD_AFTER = new RegExp(
  '^(?:' +
    [
      '内(?![部容])',
      '[底末初]',
      '中(?![央国共华小学心组])',
      '以?[前后](?![期])',
      '之前',
      '全年',
      '[上下]半年',
      '第?[一二三四1-4１-４]季度',
      '[前后][一二三四五六七八九十1-9]+[个季月]',
      '[0-9０-９]{1,2}\\s*月',
      '[一二三四五六七八九十]{1,3}月',
      '(?:当年|年内)?(?:完成|实现|达到|达成|开展|启动|落实|建成|完工|竣工|投入|实施)',
      '(?:工作)?(?:目标|任务)',
    ].join('|') +
    ')',
  'u',
);

/**
 * Just before the year: the date the work is due or counted to (截至2024年, 于2024年). Not after
 * words that end the same way (下达至, 存在, 由于).
 */
const PERIOD_BEFORE =
  /(?:截至|截止|直至|(?<![下送达])至|(?<![存所现正实内外])在|(?<![由对关属基处等])于)$/u;

/** Just before the year: a comparison with it (比2023年增长). Not 参与. */
const COMPARED_BEFORE =
  /(?:比|较|较之|相比|相较|相较于|对比|同比|(?<!参)与|超过|高于|低于|不低于|不少于)$/u;
/** Right after: the year as a level compared with (2023年同期, 2023年水平, 在2023年基础上). */
const COMPARED_AFTER = /^(?:同期|水平|的?基础上|为基数|为基准|相比|数据|实际|全年实际)/u;

/** A count or a rule that starts with the year. */
const SINCE_BEFORE = /(?:自|从|始于)$/u;
const SINCE_AFTER = /^(?:以来|起(?!草)|开始|至今)/u;

/**
 * Work done after a year ends, about that year: its review, settlement, accounts and awards.
 * Right after the year (2023年度考核), it decides; further on (2023年度公务员考核奖励), it does
 * unless the phrase is a fund's name.
 */
const LOOKING_BACK =
  '绩效考核|绩效评价|绩效自评|绩效考评|结转|结余|结算|决算|清算|考核|考评|评价|自评|审计|总结|年报|年度报告|述职|评议|评优|表彰|先进|优秀|获奖|统计';
const PAST_AFTER = new RegExp(`^(?:${LOOKING_BACK})`, 'u');
const PAST_WITHIN = new RegExp(`(?:${LOOKING_BACK})`, 'u');

/**
 * A fund's or a project's name: the year heads a noun phrase that ends in what names money from
 * above (专项资金, 补助资金, 转移支付, 债券) or a project (…建设项目). `资金` or `项目` alone after
 * the year (2024年资金执行率) is the year's money, not a name: a name says whose or what for.
 */
const FUND_WITHIN =
  /(?:专项资金|补助资金|补贴资金|奖补资金|奖励资金|结算资金|转移支付|债券|国债|提前下达)/u;
const NAME_END = /^.{2,}?(?:资金|项目)$/u;

/** Where the phrase a year heads ends: clause punctuation, brackets, quotes, a line break. */
const PHRASE_END = /[，。；：,;:！？!?、（）()《》〈〉“”"'‘’\n]/u;

const SPACES = /[\s\u200b-\u200d\u2060\ufeff]+/gu;

/**
 * The reading of the year mention at [start, end) of `text` (`end` is after the last digit of the
 * last year; `年` follows).
 */
export function readYear(text: string, start: number, end: number): YearReading {
  if (insideTitle(text, start)) return 'name';
  const before = text.slice(Math.max(0, start - 8), start).replace(SPACES, '');
  const after = text
    .slice(end)
    .replace(SPACES, '')
    .replace(/^年(?:度|份)?/u, '');
  const cut = after.search(PHRASE_END);
  const phrase = cut < 0 ? after : after.slice(0, cut);
  if (PERIOD_AFTER.test(after)) return 'period';
  // The words right after the year say more than those before it (在2023年基础上).
  if (COMPARED_AFTER.test(after)) return 'past';
  if (SINCE_AFTER.test(after)) return 'since';
  if (COMPARED_BEFORE.test(before)) return 'past';
  if (SINCE_BEFORE.test(before)) return 'since';
  if (PERIOD_BEFORE.test(before)) return 'period';
  if (PAST_AFTER.test(after)) return 'past';
  if (FUND_WITHIN.test(phrase) || NAME_END.test(phrase)) return 'name';
  if (PAST_WITHIN.test(phrase)) return 'past';
  return 'period';
}

/** Inside 《…》 or 〈…〉: a document's title. */
function insideTitle(text: string, at: number): boolean {
  const head = text.slice(0, at);
  const open = Math.max(head.lastIndexOf('《'), head.lastIndexOf('〈'));
  const close = Math.max(head.lastIndexOf('》'), head.lastIndexOf('〉'));
  return open > close;
}
