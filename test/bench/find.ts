/// <reference lib="dom" />
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { TargetDocument } from '../../db/document.ts';
import { countMatches, findInDocument } from '../../db/shared/find.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { HAS_CHROMIUM, launchChromium, newPage, startWeb } from '../e2e/harness.ts';
import { ROOT } from '../paths.ts';
import {
  addProbe,
  arm,
  ensureFreshRenderer,
  openResult,
  RequestWatch,
  stepResult,
} from './editor-page.ts';
import { codeVersion, median, row } from './measure.ts';
import { cachedDocument, draftSize, fixtureDraft, repeatUnits } from './synthetic.ts';

/**
 * 查找 at the 10× document (BENCH_FIND_TIMES, default 10): in the editor in browser mode
 * (Chromium, 1366×768), a word committed into the query field at once (as an input method
 * commits it) to the frame painted after the results list and count show it, with the page's
 * own clock (see editor-page.ts). Each word is searched from an empty query, several times
 * (BENCH_FIND_ROUNDS, default 5). Beside it, the matcher alone under Node: the first search of a
 * document whose projects are all new objects (listing and folding every field: what the page
 * does while idle when the panel opens, see prepareFind) and the next ones (a scan).
 */

const TARGET_MS = 100;
const WORDS = ['培训', '满意度', '宣传', '2024', '38.41'];

interface WordResult {
  readonly word: string;
  readonly fields: number;
  readonly places: number;
  readonly shown: number[];
  readonly first: number[];
  readonly next: number[];
}

export async function benchFind(): Promise<void> {
  if (!HAS_CHROMIUM) {
    console.log('\n## Find: skipped (no /usr/bin/chromium)');
    return;
  }
  const times = Number(process.env.BENCH_FIND_TIMES ?? 10);
  const rounds = Number(process.env.BENCH_FIND_ROUNDS ?? 5);
  const loadStart = loadavg();
  ensureFreshRenderer();
  const { draft, source } = fixtureDraft();
  const doc = cachedDocument(draft, times);
  const size = draftSize(repeatUnits(draft, times));
  const data = snapshot(doc);
  const results: WordResult[] = WORDS.map((word) => {
    const hits = findInDocument(data, word);
    return {
      word,
      fields: hits.length,
      places: countMatches(hits),
      shown: [],
      ...matcherTimes(data, word, rounds),
    };
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-bench-find-'));
  const file = path.join(dir, `bench-${times}x.jxmb`);
  copyFileSync(doc, file);
  const web = await startWeb([file], dir, { JXMB_STATE_DIR: dir });
  const browser = await launchChromium();
  try {
    const page = await newPage(browser);
    await addProbe(page, true);
    await page.goto(web.url, { waitUntil: 'commit' });
    await openResult(page);
    await new RequestWatch(page).settle(1500);
    await page.keyboard.press('Control+f');
    const query = page.getByRole('textbox', { name: '查找内容' });
    await query.waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { __lastInput: number };
      window.addEventListener('input', (e) => (w.__lastInput = e.timeStamp), true);
    });
    for (let k = 0; k < rounds; k++) {
      for (const r of results) {
        await query.fill('');
        await page.waitForTimeout(150);
        await arm(page, { selector: '.find-summary', changes: true });
        await page.keyboard.insertText(r.word);
        const t = await stepResult(page);
        const input = await page.evaluate(
          () => (window as unknown as { __lastInput: number }).__lastInput,
        );
        const summary = (await page.locator('.find-summary').textContent()) ?? '';
        if (!summary.startsWith(`共 ${r.places} 处，${r.fields} 个字段`)) {
          throw new Error(`bench: “${r.word}” shows “${summary}”, not ${r.places} places`);
        }
        r.shown.push(t.painted - input);
        await page.waitForTimeout(100);
      }
    }
  } finally {
    await browser.close();
    await web.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const all = results.flatMap((r) => r.shown);
  console.log(
    `\n## Find (${times}× ${path.basename(source)}: ${size.projects} projects, ${size.indicators} indicators; ${rounds} rounds)`,
  );
  console.log(`code ${codeVersion(ROOT)}; load average ${la(loadStart)} → ${la(loadavg())}\n`);
  console.log(
    row([
      'word',
      'fields / places',
      'typed → results painted (median, max)',
      'matcher: first / next (median)',
    ]),
  );
  console.log(row(['---', '---', '---', '---']));
  for (const r of results) {
    console.log(
      row([
        r.word,
        `${r.fields} / ${r.places}`,
        `${median(r.shown).toFixed(1)} ms, ${Math.max(...r.shown).toFixed(1)} ms`,
        `${median(r.first).toFixed(1)} / ${median(r.next).toFixed(1)} ms`,
      ]),
    );
  }
  const m = median(all);
  console.log(
    `\nall words: median ${m.toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms (target ≤ ${TARGET_MS} ms: ${m <= TARGET_MS ? 'met' : 'NOT met'})`,
  );
}

function snapshot(file: string): DocumentData {
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

/** The matcher under Node: a new document version's first search, and a search after it. */
function matcherTimes(data: DocumentData, word: string, rounds: number) {
  const first: number[] = [];
  const next: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // A copy is a new document version to the matcher (its fields are listed again).
    const copy = structuredClone(data);
    let t0 = performance.now();
    findInDocument(copy, word);
    first.push(performance.now() - t0);
    t0 = performance.now();
    findInDocument(copy, word);
    next.push(performance.now() - t0);
  }
  return { first, next };
}
