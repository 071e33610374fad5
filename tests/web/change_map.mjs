#!/usr/bin/env node
// Browser test of the viewer across the 2025 reform (issue 17) in headless Chromium, driven by
// playwright-core (installed in web/node_modules).
//
//   node tests/web/change_map.mjs --url http://127.0.0.1:8095 --out /tmp/web-shots
//       [--chromium /usr/bin/chromium] [--timeout 60000]
//
// Expects a server on the shared data with the crosswalk 2009 → 2025 built, so that the 2025
// edition lists the 2009 registry's snapshots (2023-12-31, 2022-08-31) as converted. Checks: the
// map on edition 2025 as of 2023-12-31 marks the snapshot as the 2009 map's in the slider and the
// legend and asks for tiles of that date; the "compare with" selector turns it into a change map
// (2023-12-31 → 2026-06-30) whose legend says what is compared, whose features carry the changes
// of /api/stats/coverage?compare=, and which survives a reload from the URL; the edition switch
// keeps 2023-12-31; no console errors. Prints one PASS/FAIL/SKIP line per check and a closing
// "N passed, N failed" line; exits 0 only if no check failed. Screenshots go to --out.
import fs from 'node:fs';
import path from 'node:path';
import {
  opt, baseUrl, launchChromium, check, assert, finish, getJson, openMapPage, waitIdle, consoleProblems,
} from './browser.mjs';

const BASE = baseUrl();
const OUT = path.resolve(opt('out', 'web-test-out'));
const TIMEOUT = Number(opt('timeout', '60000'));
fs.mkdirSync(OUT, { recursive: true });

const api = (p) => getJson(BASE, p);
const browser = await launchChromium();

const openPage = (label, pagePath) => openMapPage(browser, BASE, label, pagePath, { timeout: TIMEOUT });

// Lạng Sơn at commune level.
const toLangSon = async (page) => {
  await page.evaluate(() => {
    const map = window.covermap.map;
    map.fitBounds([[106.0, 21.3], [107.4, 22.4]], { padding: 10, duration: 0, maxZoom: 9 });
    if (map.getZoom() < 8.2) map.jumpTo({ zoom: 8.2 });
  });
  await waitIdle(page);
};

// The legend as the reader sees it.
const legendOf = (page) => page.evaluate(() => ({
  title: document.querySelector('#legend .legend-title')?.textContent.trim(),
  sub: document.querySelector('#legend .legend-sub')?.textContent.trim(),
  notes: [...document.querySelectorAll('#legend .legend-note')].map((n) => n.textContent.trim()),
  classes: [...document.querySelectorAll('#legend .legend-class')].map((li) => ({
    kind: li.dataset.kind || null, text: li.querySelector('.legend-label').textContent.trim() })),
  unchanged: document.querySelector('#legend .legend-unchanged .legend-label')?.textContent.trim() ?? null,
}));

// Rendered commune fills: id → properties.
const renderedCommunes = (page) => page.evaluate(() => {
  const out = {};
  for (const f of window.covermap.map.queryRenderedFeatures({ layers: ['cm-fill-commune'] })) out[f.id] = f.properties;
  return out;
});

const params = (url) => new URL(url).searchParams;

let config;
try {
  config = await api('/api/map-config');
} catch (e) {
  console.log(`FAIL setup — ${e.message}`);
  await browser.close();
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const ed2025 = config.editions.find((e) => e.name === '2025');

// 1. The converted snapshot on the 2025 units, marked.
let page1;
await check('1 edition 2025 as of 2023-12-31 (the 2009 map\'s registry) is marked and tiled', async () => {
  assert(ed2025?.converted?.['2023-12-31']?.from === '2009',
    `map-config does not list 2023-12-31 as converted from 2009: ${JSON.stringify(ed2025?.converted)}`);
  assert(ed2025.snapshots.includes('2023-12-31'), `2025 snapshots: ${ed2025.snapshots}`);
  page1 = await openPage('converted', '/?lang=vi&edition=2025&as_of=2023-12-31');
  await toLangSon(page1);
  const state = await page1.evaluate(() => ({ asOf: window.covermap.state.asOf, compare: window.covermap.state.compare }));
  assert(state.asOf === '2023-12-31', `as of ${state.asOf}`);
  assert(state.compare === null, `compare is on by default: ${state.compare}`);
  const label = (await page1.locator('#time-value').textContent()).trim();
  assert(label === '31/12/2023 (từ bản đồ 2009)', `slider label "${label}"`);
  const legend = await legendOf(page1);
  assert(legend.notes.length === 1, `legend notes: ${JSON.stringify(legend.notes)}`);
  assert(legend.notes[0].includes('31/12/2023') && legend.notes[0].includes('bản đồ 2009') &&
    legend.notes[0].includes('địa giới 2025') && legend.notes[0].includes('theo vị trí thôn'), `legend note "${legend.notes[0]}"`);
  assert(page1.tiles.length > 0, 'no tile was requested');
  const other = page1.tiles.filter((u) => params(u).get('as_of') !== '2023-12-31' || params(u).get('edition') !== '2025');
  assert(other.length === 0, `${other.length} tile requests not for 2025 as of 2023-12-31, e.g. ${other[0]}`);
  const communes = Object.values(await renderedCommunes(page1));
  assert(communes.some((p) => typeof p.coverage_rate === 'number'), 'no rendered commune has a coverage rate');
  const options = await page1.locator('#compare option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  assert(options[0][0] === '' && options.some(([v, text]) => v === '2022-08-31' && text.includes('từ bản đồ 2009')) &&
    options.some(([v]) => v === '2026-06-30') && !options.some(([v]) => v === '2023-12-31'),
  `compare options ${JSON.stringify(options)}`);
  await page1.screenshot({ path: path.join(OUT, 'converted.png') });
  return { details: `"${label}"; legend "${legend.notes[0]}"; ${page1.tiles.length} tiles as of 2023-12-31; ` +
    `${communes.length} communes rendered` };
});

// 2. A change map: 2026-06-30 compared with 2023-12-31.
await check('2 compare 2023-12-31 → 2026-06-30 draws a change map', async () => {
  const page = await openPage('change', '/?lang=vi&edition=2025');
  await toLangSon(page);
  const asOf = await page.evaluate(() => window.covermap.state.asOf);
  assert(asOf === '2026-06-30', `default snapshot ${asOf}`);
  const before = page.tiles.length;
  await page.locator('#compare').selectOption('2023-12-31');
  await page.waitForFunction(() => window.covermap.state.legend?.status === 'ok' &&
    window.covermap.state.legend.compare === '2023-12-31');
  await waitIdle(page);
  const legend = await legendOf(page);
  await page.screenshot({ path: path.join(OUT, 'change.png') });
  assert(legend.title === 'Thay đổi: Tỷ lệ thôn có Tổ', `legend title "${legend.title}"`);
  assert(legend.sub.includes('30/06/2026 so với 31/12/2023'), `legend subtitle "${legend.sub}"`);
  assert(legend.notes.length === 1 && legend.notes[0].includes('31/12/2023') && legend.notes[0].includes('2009'),
    `legend notes ${JSON.stringify(legend.notes)}`);
  assert(legend.classes.length >= 2, `${legend.classes.length} legend classes`);
  assert(legend.classes.every((c) => ['loss', 'gain', 'unchanged'].includes(c.kind)), `classes ${JSON.stringify(legend.classes)}`);
  assert(legend.classes.some((c) => c.kind === 'gain') && legend.classes.some((c) => /^\+/.test(c.text)),
    `no gain class: ${JSON.stringify(legend.classes)}`);
  assert(legend.unchanged === 'Không thay đổi', `no "no change" entry: ${legend.unchanged}`);
  const fill = await page.evaluate(() => JSON.stringify(window.covermap.map.getPaintProperty('cm-fill-commune', 'fill-color')));
  assert(fill.includes('"coverage_rate_change"'), 'the commune fill does not read coverage_rate_change');
  const after = page.tiles.slice(before);
  assert(after.length > 0, 'no tile requested after choosing compare');
  assert(after.every((u) => params(u).get('compare') === '2023-12-31' && params(u).get('as_of') === '2026-06-30'),
    `tile requests without compare: ${after.find((u) => params(u).get('compare') !== '2023-12-31')}`);
  // The rendered changes are the coverage table's.
  const table = await api('/api/stats/coverage?edition=2025&level=commune&parent_code=20&as_of=2026-06-30&compare=2023-12-31');
  const byId = new Map(table.units.map((u) => [u.id, u.change]));
  const rendered = Object.entries(await renderedCommunes(page)).filter(([id]) => byId.has(Number(id)));
  assert(rendered.length > 5, `${rendered.length} Lạng Sơn communes rendered`);
  const wrong = rendered.filter(([id, p]) => {
    const c = byId.get(Number(id));
    return Math.abs(p.coverage_rate_change - c.coverage_rate) > 5e-5 + 1e-12 || p.teams_change !== c.teams ||
      p.members_change !== c.members || p.covered_hamlets_change !== c.covered_hamlets;
  });
  assert(wrong.length === 0, `${wrong.length} communes differ from the table, e.g. ${JSON.stringify(wrong[0])}`);
  const month = await page.evaluate(() => ({ disabled: document.getElementById('month').disabled,
    note: document.getElementById('month-note').textContent }));
  assert(month.disabled && month.note === 'Không áp dụng khi so sánh hai thời điểm', `month control ${JSON.stringify(month)}`);
  // The state is in the URL: a reload shows the same change map.
  const url = page.url();
  assert(params(url).get('compare') === '2023-12-31', `URL without compare: ${url}`);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready === '1');
  const reloaded = await page.evaluate(() => ({ compare: window.covermap.state.compare, asOf: window.covermap.state.asOf,
    select: document.getElementById('compare').value }));
  const legend2 = await legendOf(page);
  assert(reloaded.compare === '2023-12-31' && reloaded.select === '2023-12-31' && reloaded.asOf === '2026-06-30',
    `after a reload ${JSON.stringify(reloaded)}`);
  assert(legend2.title === legend.title, `legend title after a reload "${legend2.title}"`);
  // English: the same legend in the other language.
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const english = await legendOf(page);
  assert(english.title === 'Change: Hamlets with a team (share)' && english.sub.includes('compared with') &&
    english.unchanged === 'No change', `English legend ${JSON.stringify(english)}`);
  // Off again: the snapshot's own map.
  await page.locator('#compare').selectOption('');
  await page.waitForFunction(() => window.covermap.state.compare === null && window.covermap.state.legend?.status === 'ok' &&
    !window.covermap.state.legend.compare);
  const off = await legendOf(page);
  assert(off.notes.length === 0 && !off.unchanged, `legend after compare off ${JSON.stringify(off)}`);
  await page.close();
  const gains = legend.classes.filter((c) => c.kind === 'gain').length;
  return { details: `"${legend.title}", "${legend.sub}", ${gains} gain / ${legend.classes.length - gains} other classes; ` +
    `${rendered.length} communes equal the table; ${after.length} tiles with compare; survives a reload` };
});

// 3. The edition switch keeps the snapshot where the other edition has it.
await check('3 switching to edition 2009 keeps 2023-12-31', async () => {
  assert(page1, 'the first page did not load');
  const before = page1.tiles.length;
  await page1.locator('#edition').selectOption('2009');
  // The URL is written once the controls are filled for the new edition.
  await page1.waitForFunction(() => window.covermap.state.edition === '2009' && window.covermap.state.legend?.status === 'ok' &&
    /[?&]edition=2009\b/.test(location.search));
  await waitIdle(page1);
  const state = await page1.evaluate(() => ({ asOf: window.covermap.state.asOf, url: location.search }));
  assert(state.asOf === '2023-12-31', `edition 2009 shows ${state.asOf}`);
  const label = (await page1.locator('#time-value').textContent()).trim();
  assert(label === '31/12/2023', `slider label "${label}"`);
  const legend = await legendOf(page1);
  assert(legend.notes.length === 0, `a note on the 2009 edition's own snapshot: ${legend.notes}`);
  const after = page1.tiles.slice(before);
  assert(after.length > 0 && after.every((u) => params(u).get('edition') === '2009' && params(u).get('as_of') === '2023-12-31'),
    `tiles after the switch: ${after.length}, e.g. ${after.find((u) => params(u).get('as_of') !== '2023-12-31') || after[0]}`);
  assert(/[?&]edition=2009\b/.test(state.url), `URL ${state.url}`);
  // And back: 2023-12-31 again, converted, noted.
  await page1.locator('#edition').selectOption('2025');
  await page1.waitForFunction(() => window.covermap.state.edition === '2025' && window.covermap.state.legend?.status === 'ok' &&
    !/[?&]edition=2009\b/.test(location.search));
  const back = await page1.evaluate(() => window.covermap.state.asOf);
  const notes = (await legendOf(page1)).notes;
  assert(back === '2023-12-31' && notes.length === 1, `back on 2025: ${back}, notes ${JSON.stringify(notes)}`);
  await page1.screenshot({ path: path.join(OUT, 'edition-switch.png') });
  await page1.close();
  return { details: `2025 → 2009 → 2025 at 2023-12-31; ${after.length} tiles of 2009 as of 2023-12-31` };
});

// 4. No console errors.
await check('4 no console errors', async () => {
  if (consoleProblems.length) {
    return { ok: false, details: `${consoleProblems.length}: ` +
      consoleProblems.slice(0, 5).map((p) => `[${p.page}] ${p.type}: ${p.text.split('\n')[0]}`).join(' | ') };
  }
  return { details: 'none' };
});

await browser.close();
finish();
