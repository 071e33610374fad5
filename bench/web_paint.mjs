#!/usr/bin/env node
// Paint timings of the covermap viewer in headless Chromium.
//
//   node bench/web_paint.mjs --url http://127.0.0.1:8095 [--runs 5] [--path /]
//       [--width 1366 --height 768] [--chromium /usr/bin/chromium] [--warm]
//
// Each run opens the page in a fresh browser context (cold HTTP cache unless
// --warm) and reports
//   FCP  first-contentful-paint (Paint Timing API)
//   FMP  "first meaningful paint": time until the map's first view is drawn,
//        i.e. document.body.dataset.ready === "1" (the page's
//        performance.mark('covermap-ready'), tiles loaded and legend drawn)
// both in ms since navigation start, then the median and max over the runs.
import { argv, opt, baseUrl, launchChromium } from '../tests/web/browser.mjs';

const base = baseUrl();
const target = base + opt('path', '/');
const runs = Math.max(1, Number(opt('runs', '5')));
const viewport = { width: Number(opt('width', '1366')), height: Number(opt('height', '768')) };
const warm = argv.includes('--warm');
const timeout = Number(opt('timeout', '60000'));

const browser = await launchChromium();

const fcp = [];
const fmp = [];
let shared = warm ? await browser.newContext({ viewport }) : null;
let failed = 0;
for (let i = 1; i <= runs; i++) {
  const context = shared || await browser.newContext({ viewport });
  const page = await context.newPage();
  try {
    await page.goto(target, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.body?.dataset.ready === '1', null, { timeout, polling: 50 });
    const t = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const mark = performance.getEntriesByName('covermap-ready')[0];
      return { fcp: paint ? paint.startTime : null, fmp: mark ? mark.startTime : performance.now() };
    });
    if (t.fcp !== null) fcp.push(t.fcp);
    fmp.push(t.fmp);
    console.log(`run ${i}: FCP ${t.fcp === null ? 'n/a' : t.fcp.toFixed(0)} ms, first meaningful paint ${t.fmp.toFixed(0)} ms`);
  } catch (e) {
    failed++;
    console.log(`run ${i}: FAILED ${e.message.split('\n')[0]}`);
  }
  await page.close();
  if (!shared) await context.close();
}
if (shared) await shared.close();
await browser.close();

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const line = (name, a) => (a.length
  ? `${name}: median ${median(a).toFixed(0)} ms, max ${Math.max(...a).toFixed(0)} ms (n=${a.length})`
  : `${name}: no samples`);
console.log(`${target} (${viewport.width}×${viewport.height}, ${warm ? 'warm' : 'cold'} cache, ${runs} runs)`);
console.log(line('first-contentful-paint', fcp));
console.log(line('first meaningful paint (ready)', fmp));
process.exit(failed ? 1 : 0);
