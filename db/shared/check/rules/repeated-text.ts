import { defineRule } from '../finding.ts';
import { compact, quote } from '../text.ts';
import { visitTexts } from '../walk.ts';

/**
 * Words typed or pasted twice in a row, like the fixture's 2024 value
 * “每年摸每年摸查符合领取补助条件的人员查符合领取补助条件的人员”. A run of two or more
 * characters immediately repeated is flagged when it holds a letter or a Han character:
 * single-character doubling (人人, 常常, 100%) is ordinary, and digit runs (1010) are numbers.
 * Runs are looked for up to MAX_RUN characters, which keeps long goals fast.
 */
const MAX_RUN = 30;
const REPEAT = new RegExp(`(.{2,${MAX_RUN}}?)\\1`, 'gu');
const WORDY = /[\p{Script=Han}A-Za-z]/u;

/**
 * Doublings that are two words meeting, not a slip: 党组织组织力 (党组织 + 组织力),
 * 社会组织组织生活. Extend this list when real text shows another.
 */
export const ORDINARY_DOUBLINGS: ReadonlySet<string> = new Set(['组织']);

/** The repeated stretches of a text (each the doubled run, as written without spaces). */
export function repeatedRuns(text: string): string[] {
  const s = compact(text);
  const found: string[] = [];
  const re = new RegExp(REPEAT); // its own lastIndex, which the loop moves by hand
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const run = m[1] ?? '';
    if (WORDY.test(run) && !ORDINARY_DOUBLINGS.has(run)) {
      found.push(m[0]);
    } else {
      // Not a slip here, but a longer run starting one character later may be.
      re.lastIndex = m.index + 1;
    }
  }
  return found;
}

/**
 * A 警告: a garbled value is returned as soon as a reviewer reads it, but the meaning is often
 * still clear. On the 2024 fixture its one finding is the real slip quoted above.
 */
export const repeatedText = defineRule({
  id: 'repeated-text',
  title: '文字重复',
  severity: 'warning',
  check(doc, report) {
    for (const { label, text, place } of visitTexts(doc)) {
      const runs = repeatedRuns(text);
      if (runs.length === 0) continue;
      report(
        place,
        `${label}${quote(text)}中有连续重复的文字` +
          `${runs
            .slice(0, 3)
            .map((r) => quote(r))
            .join('、')}。可能是复制粘贴时重复，请删去多余部分。`,
      );
    }
  },
});
