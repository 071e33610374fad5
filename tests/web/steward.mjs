#!/usr/bin/env node
// Browser test of the stewards' page (/steward) in headless Chromium, driven by playwright-core
// (web/node_modules). Run by tests/integration/steward_page_test.cpp, which sets up the database
// (an import with rows to review) and checks the database afterwards.
//
//   node tests/web/steward.mjs --url http://127.0.0.1:PORT --out DIR --key KEY --import ID
//        --ambiguous LINE --taken CODE --target CODE --unknown LINE --unknown-target CODE
//        --not-unit LINE [--chromium /usr/bin/chromium] [--timeout 30000]
//
// The ambiguous row's candidates are CODE (--taken: another row of the import has its team there,
// so the API refuses it with 422) and --target; the unknown row goes to --unknown-target, one of
// the hamlets of its commune; the --not-unit row is marked "not a unit". Prints one PASS/FAIL line
// per check and "N passed, N failed"; exits 0 only if none failed. Screenshots go to --out.
import fs from 'node:fs';
import path from 'node:path';
import { opt, baseUrl, launchChromium, check, assert, finish, getJson } from './browser.mjs';

const BASE = baseUrl();
const OUT = path.resolve(opt('out', 'steward-test-out'));
const TIMEOUT = Number(opt('timeout', '30000'));
const KEY = opt('key', '');
const IMPORT = Number(opt('import', '0'));
const AMBIGUOUS = Number(opt('ambiguous', '0'));
const TAKEN = opt('taken', '');
const TARGET = opt('target', '');
const UNKNOWN = Number(opt('unknown', '0'));
const UNKNOWN_TARGET = opt('unknown-target', '');
const NOT_UNIT = Number(opt('not-unit', '0'));
fs.mkdirSync(OUT, { recursive: true });

const api = (p) => getJson(BASE, p);
const viFmt = (v) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(v);

const browser = await launchChromium();

// Console errors, except the failed requests a step provokes on purpose (the browser logs every
// 4xx response as an error).
let expected = null; // RegExp of the console error the current step causes
const problems = [];
const requests = [];
const context = await browser.newContext({ viewport: { width: 1366, height: 820 }, locale: 'vi-VN' });
const page = await context.newPage();
page.setDefaultTimeout(TIMEOUT);
page.on('console', (m) => {
  if (m.type() !== 'error') return;
  if (expected && expected.test(m.text())) return;
  problems.push(`console.error: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('request', (r) => requests.push(r.url().replace(BASE, '')));

const state = () => page.evaluate(() => window.steward.state);
const text = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim();
const waitFor = (fn, arg) => page.waitForFunction(fn, arg, { timeout: TIMEOUT });
const waitSettled = () => waitFor(() => !window.steward.state.busy && !window.steward.state.loading);

// 1. Without a key: Vietnamese, the refusal, and nothing about the rows is fetched.
await check('1 page loads in Vietnamese and refuses without a key', async () => {
  await page.goto(`${BASE}/steward`);
  await waitFor(() => document.body.dataset.ready === '1');
  const lang = await page.evaluate(() => document.documentElement.lang);
  const title = await page.title();
  const refusal = await text('#refusal');
  assert(lang === 'vi', `html lang is ${lang}`);
  assert(title === 'Duyệt danh sách Tổ công nghệ số cộng đồng', `title "${title}"`);
  assert(await page.locator('#refusal').isVisible(), 'the refusal is not shown');
  assert(refusal.includes('khóa API'), `refusal "${refusal}"`);
  assert(!(await page.locator('#rows-section').isVisible()), 'rows are shown without a key');
  assert(!(await page.locator('#import-section').isVisible()), 'imports are shown without a key');
  const leaked = requests.filter((u) => u.startsWith('/api/'));
  assert(leaked.length === 0, `API requests without a key: ${leaked.join(', ')}`);
  await page.screenshot({ path: path.join(OUT, 'steward-locked.png') });
  return `"${refusal.slice(0, 60)}…"`;
});

// 2. A wrong key is refused in plain words and opens nothing.
await check('2 a wrong key is refused in plain words', async () => {
  expected = /status of 403/;
  await page.fill('#key-input', 'not-a-key');
  await page.click('#key-use');
  await waitFor(() => document.getElementById('key-status').dataset.error === '1');
  expected = null;
  const status = await text('#key-status');
  assert(status === 'Khóa API không đúng hoặc đã bị thu hồi.', `key status "${status}"`);
  assert(await page.locator('#refusal').isVisible(), 'the refusal went away');
  assert(!(await page.locator('#rows-section').isVisible()), 'rows are shown for a wrong key');
  const stored = await page.evaluate(() => sessionStorage.getItem('covermap.steward.key'));
  assert(stored === null, 'a wrong key was kept');
  return status;
});

// 3. The right key lists the import's rows to review, with their figures.
let figures0;
await check('3 with the key the rows to review are listed', async () => {
  await page.fill('#key-input', KEY);
  await page.click('#key-use');
  await waitFor(() => window.steward.state.rows.length > 0 && window.steward.state.row !== null);
  await waitSettled();
  await page.evaluate(() => window.steward.idle());
  const s = await state();
  assert(s.keyName, 'no key name shown');
  assert(s.import === IMPORT, `import ${s.import} selected, expected ${IMPORT} (the newest)`);
  for (const line of [AMBIGUOUS, UNKNOWN, NOT_UNIT]) assert(s.rows.includes(line), `line ${line} not listed (${s.rows})`);
  assert(!(await page.locator('#refusal').isVisible()), 'the refusal is still shown');
  const listed = await page.locator('.st-row').count();
  assert(listed === s.rows.length, `${listed} row buttons for ${s.rows.length} rows`);
  const ambiguousText = await text(`.st-row[data-line="${AMBIGUOUS}"]`);
  assert(ambiguousText.includes('Nhiều khả năng'), `ambiguous row reads "${ambiguousText}"`);
  figures0 = s.figures;
  const summary = await api(`/api/stats/summary?edition=${encodeURIComponent((await api(`/api/imports/${IMPORT}`)).edition)}` +
    `&as_of=${(await api(`/api/imports/${IMPORT}`)).as_of}`);
  assert(figures0['snapshot-teams'] === summary.national.teams, `shown teams ${figures0['snapshot-teams']} != ${summary.national.teams}`);
  assert((await text('[data-figure="snapshot-teams"]')) === viFmt(summary.national.teams), 'the teams figure is not shown');
  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('covermap.steward.key'), local: localStorage.length }));
  assert(stored.session === KEY && stored.local === 0, 'the key is not in sessionStorage only');
  await page.screenshot({ path: path.join(OUT, 'steward-rows.png') });
  return `import ${s.import}: lines ${s.rows.join(', ')}; ${figures0['snapshot-teams']} teams in the snapshot`;
});

// 4. The ambiguous row: both candidates on the small map; the one taken is refused in plain words.
await check('4 candidates on the map; a refused choice is explained', async () => {
  await page.click(`.st-row[data-line="${AMBIGUOUS}"]`);
  await waitFor((line) => window.steward.state.row === line && !window.steward.state.loading, AMBIGUOUS);
  const s = await state();
  assert(s.choices.includes(TAKEN) && s.choices.includes(TARGET), `choices ${s.choices} lack ${TAKEN} or ${TARGET}`);
  await page.evaluate(() => window.steward.idle());
  const drawn = await page.evaluate(() => window.steward.map.queryRenderedFeatures({ layers: ['choice-fill', 'choice-point'] })
    .map((f) => f.properties.code));
  assert(drawn.includes(TAKEN) && drawn.includes(TARGET), `the map draws ${[...new Set(drawn)]}`);
  const tagged = await text(`.st-choice[data-code="${TAKEN}"] .st-tag-taken`);
  assert(tagged === 'đã có Tổ', `the hamlet with a team is tagged "${tagged}"`);
  assert(await page.locator(`.st-choice[data-code="${TARGET}"] .st-tag-taken`).count() === 0, 'the free hamlet is tagged as taken');
  const reason = await text('#row-reason');
  assert(reason === 'Lý do: có nhiều thôn tên «Bản Đồng Tâm» trong xã', `reason "${reason}"`);
  const markers = await page.locator('.st-marker').count();
  assert(markers === s.choices.length, `${markers} numbered markers for ${s.choices.length} choices`);
  expected = /status of 422/;
  await page.click(`.st-choice[data-code="${TAKEN}"]`);
  await waitFor(() => document.querySelector('#message.st-message-error') !== null);
  await waitSettled();
  expected = null;
  const message = await text('#message p');
  assert(message.startsWith('Không lưu được: thôn này đã có một Tổ trong lần nhập này'), `message "${message}"`);
  assert((await state()).rows.includes(AMBIGUOUS), 'the refused row left the list');
  await page.screenshot({ path: path.join(OUT, 'steward-refused.png') });
  return `${new Set(drawn).size} hamlets drawn; "${message}"`;
});

// 5. One click on the right candidate resolves the row; it leaves the list and the figures change.
await check('5 a click resolves the row and the figures change', async () => {
  await page.click(`.st-choice[data-code="${TARGET}"]`);
  await waitFor((line) => !window.steward.state.rows.includes(line) && !window.steward.state.busy, AMBIGUOUS);
  await waitSettled();
  const s = await state();
  assert(s.resolved === 1, `${s.resolved} resolutions`);
  assert(await page.locator(`.st-row[data-line="${AMBIGUOUS}"]`).count() === 0, 'the row is still listed');
  const message = await text('#message p');
  assert(message.startsWith(`Đã xếp dòng ${AMBIGUOUS} vào`), `message "${message}"`);
  assert(s.figures['snapshot-teams'] === figures0['snapshot-teams'] + 1,
    `snapshot teams ${figures0['snapshot-teams']} → ${s.figures['snapshot-teams']}`);
  assert(s.figures['import-teams'] === figures0['import-teams'] + 1, 'the import\'s teams did not grow');
  assert(s.figures['import-review'] === figures0['import-review'] - 1, 'rows to review did not shrink');
  const shown = await text('[data-figure="snapshot-teams"]');
  assert(shown.startsWith(viFmt(figures0['snapshot-teams'] + 1)) && shown.includes('+1'), `teams shown "${shown}"`);
  assert(await page.locator('[data-figure="snapshot-teams"].st-changed').count() === 1, 'the changed figure is not marked');
  await waitSettled();
  await page.evaluate(() => window.steward.idle());
  await page.screenshot({ path: path.join(OUT, 'steward-resolved.png') });
  return `teams ${figures0['snapshot-teams']} → ${s.figures['snapshot-teams']} ("${shown}")`;
});

// 6. The unknown row: the hamlets of its commune are the choices; one click places it.
await check('6 an unknown hamlet is placed on a hamlet of its commune', async () => {
  await page.click(`.st-row[data-line="${UNKNOWN}"]`);
  await waitFor((line) => window.steward.state.row === line && !window.steward.state.loading, UNKNOWN);
  const s = await state();
  assert(s.choices.includes(UNKNOWN_TARGET), `choices ${s.choices} lack ${UNKNOWN_TARGET}`);
  const reason = await text('#row-reason');
  assert(reason.startsWith('Lý do: không có thôn «Thôn Không Tồn Tại» trong Xã'), `reason "${reason}"`);
  await page.click(`.st-choice[data-code="${UNKNOWN_TARGET}"]`);
  await waitFor((line) => !window.steward.state.rows.includes(line) && !window.steward.state.busy, UNKNOWN);
  const after = await state();
  assert(after.figures['snapshot-teams'] === figures0['snapshot-teams'] + 2, `teams ${after.figures['snapshot-teams']}`);
  return `${s.choices.length} hamlets of the commune offered`;
});

// 7. "Not a unit" drops a row.
await check('7 "not a unit" drops the row', async () => {
  await page.click(`.st-row[data-line="${NOT_UNIT}"]`);
  await waitFor((line) => window.steward.state.row === line, NOT_UNIT);
  await waitSettled();
  const before = (await state()).figures;
  await page.click('#not-unit');
  await waitFor((line) => !window.steward.state.rows.includes(line) && !window.steward.state.busy, NOT_UNIT);
  const after = await state();
  assert(after.figures['import-settled'] === before['import-settled'] + 1, 'settled rows did not grow');
  assert(after.figures['snapshot-teams'] === before['snapshot-teams'], 'teams changed for a row that is no unit');
  const message = await text('#message p');
  assert(message.startsWith(`Đã đánh dấu dòng ${NOT_UNIT} không phải đơn vị`), `message "${message}"`);
  return message;
});

// 8. English on request; the key survives a reload of the tab, and "forget" locks the page again.
await check('8 English switch, reload keeps the key for the tab, forget locks', async () => {
  await page.click('#lang-switch');
  await waitFor(() => document.documentElement.lang === 'en');
  const heading = await text('#rows-title');
  assert(heading.startsWith('Rows to review'), `heading "${heading}"`);
  assert((await page.title()).startsWith('Review the'), 'title not translated');
  await page.screenshot({ path: path.join(OUT, 'steward-english.png') });
  await page.reload();
  await waitFor(() => document.body.dataset.ready === '1');
  await waitFor(() => window.steward.state.keyName !== null && window.steward.state.import !== null);
  assert((await page.evaluate(() => document.documentElement.lang)) === 'en', 'lang not kept in the URL');
  await page.click('#key-forget');
  const locked = await page.evaluate(() => ({ state: document.body.dataset.state, key: sessionStorage.getItem('covermap.steward.key') }));
  assert(locked.state === 'locked' && locked.key === null, `after forget: ${JSON.stringify(locked)}`);
  assert(await page.locator('#refusal').isVisible(), 'no refusal after forget');
  return `"${heading}"`;
});

// 9. No console errors beyond the refusals provoked above.
await check('9 no console errors', async () => {
  assert(problems.length === 0, `${problems.length}: ${problems.slice(0, 4).join(' | ')}`);
  return 'none';
});

await browser.close();
finish();
