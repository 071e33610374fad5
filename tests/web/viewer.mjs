#!/usr/bin/env node
// Browser test of the covermap web map (viewer and embed page) in headless
// Chromium, driven by playwright-core (installed in web/node_modules).
//
//   node tests/web/viewer.mjs --url http://127.0.0.1:8095 --out /tmp/web-shots
//       [--chromium /usr/bin/chromium] [--timeout 60000] [--allow-single-snapshot]
//
// Prints one PASS/FAIL/SKIP line per check and a closing "N passed, N failed"
// line; exits 0 only if no check failed. Screenshots go to --out.
// Expects a server with the shared 2025 edition (Lạng Sơn = province 20,
// Xã Chi Lăng in it) and, for the slider check, an edition with two or more
// registry snapshots (without one that check fails unless
// --allow-single-snapshot, which turns it into a SKIP).
import fs from 'node:fs';
import path from 'node:path';
import {
  argv, opt, baseUrl, launchChromium, check, assert, finish, getJson, openMapPage, waitIdle, consoleProblems, consoleWarnings,
} from './browser.mjs';

// ---- arguments ---------------------------------------------------------------
const BASE = baseUrl();
const OUT = path.resolve(opt('out', 'web-test-out'));
const TIMEOUT = Number(opt('timeout', '60000'));
const ALLOW_SINGLE = argv.includes('--allow-single-snapshot');
fs.mkdirSync(OUT, { recursive: true });

const api = (p) => getJson(BASE, p);

// ---- browser -------------------------------------------------------------------
const browser = await launchChromium();

const openPage = (label, pagePath, viewport) => openMapPage(browser, BASE, label, pagePath, { viewport, timeout: TIMEOUT });

// Rendered covermap features (all cm-* layers except the background).
const renderedFeatures = (page) => page.evaluate(() => {
  const map = window.covermap.map;
  const layers = map.getStyle().layers.map((l) => l.id).filter((id) => id.startsWith('cm-') && id !== 'cm-background');
  return map.queryRenderedFeatures({ layers }).map((f) => ({
    id: f.id, layer: f.layer.id, sourceLayer: f.sourceLayer, props: f.properties,
  }));
});

const viFmt = (v, d = 0) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: d }).format(v);

// ---- shared data ---------------------------------------------------------------------
let config;
let chiLang; // search result of Lạng Sơn's Xã Chi Lăng (2025)
try {
  config = await api('/api/map-config');
  const s = await api('/api/search?q=chi%20lang&edition=2025&level=commune&limit=20');
  chiLang = s.results.find((r) => r.province_code === '20' && r.level === 'commune');
} catch (e) {
  console.log(`FAIL setup — ${e.message}`);
  await browser.close();
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// 1. The viewer loads and draws features.
let viewer;
await check('1 viewer loads and renders features', async () => {
  viewer = await openPage('viewer', '/?lang=vi');
  const feats = await renderedFeatures(viewer);
  await viewer.screenshot({ path: path.join(OUT, 'viewer.png') });
  const legendRows = await viewer.locator('#legend .legend-class').count();
  assert(feats.length > 0, 'queryRenderedFeatures returned no features');
  assert(legendRows > 0, 'legend has no classes');
  return { details: `${feats.length} rendered features, ${legendRows} legend classes` };
});

// 2. Click Xã Chi Lăng (Lạng Sơn): the popup shows its name and the table's numbers.
await check('2 click a commune shows the right popup', async () => {
  assert(viewer, 'viewer did not load');
  assert(chiLang, '/api/search?q=chi lang found no commune with province_code 20');
  const table = await api('/api/stats/coverage?edition=2025&level=commune&format=json');
  const row = table.units.find((u) => u.code === chiLang.code);
  assert(row, `no coverage row for ${chiLang.code}`);
  const unit = await api(`/api/units/${chiLang.id}`);
  const [lon, lat] = unit.properties.label_point;
  await viewer.evaluate(([bbox]) => window.covermap.map.fitBounds(
    [[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 40, maxZoom: 10.5, duration: 0 }), [chiLang.bbox]);
  await waitIdle(viewer);
  const pt = await viewer.evaluate(([x, y]) => {
    const p = window.covermap.map.project([x, y]);
    const r = window.covermap.map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, [lon, lat]);
  await viewer.mouse.click(pt.x, pt.y);
  const popup = viewer.locator('.maplibregl-popup .popup');
  await popup.waitFor({ state: 'visible', timeout: 10000 });
  await viewer.screenshot({ path: path.join(OUT, 'popup.png') });
  const name = (await popup.locator('h3').textContent()).trim();
  const teams = (await popup.locator('.popup-teams').textContent()).trim();
  const hamlets = (await popup.locator('.popup-hamlets').textContent()).trim();
  const wantHamlets = `${viFmt(row.covered_hamlets)} / ${viFmt(row.hamlets)}`;
  assert(name === row.name, `popup name "${name}" != "${row.name}"`);
  assert(teams === viFmt(row.teams), `teams "${teams}" != "${viFmt(row.teams)}"`);
  assert(hamlets === wantHamlets, `hamlets "${hamlets}" != "${wantHamlets}"`);
  const crumbs = (await viewer.locator('#breadcrumb li').allTextContents()).map((s) => s.trim());
  return { details: `${name}: teams ${teams}, hamlets ${hamlets}; breadcrumb ${crumbs.join(' › ')}` };
});

// 3. The language switch translates the UI (and the open popup).
await check('3 language switch vi → en', async () => {
  assert(viewer, 'viewer did not load');
  const before = {
    lang: await viewer.evaluate(() => document.documentElement.lang),
    label: (await viewer.locator('label[for="search-input"]').textContent()).trim(),
    button: (await viewer.locator('#search button[type="submit"]').textContent()).trim(),
  };
  await viewer.locator('#lang-switch').click();
  await viewer.waitForFunction(() => document.documentElement.lang === 'en');
  const after = {
    lang: await viewer.evaluate(() => document.documentElement.lang),
    label: (await viewer.locator('label[for="search-input"]').textContent()).trim(),
    button: (await viewer.locator('#search button[type="submit"]').textContent()).trim(),
    url: viewer.url(),
    legend: (await viewer.locator('#legend-box summary').textContent()).trim(),
  };
  await viewer.screenshot({ path: path.join(OUT, 'english.png') });
  assert(before.lang === 'vi' && after.lang === 'en', `html lang ${before.lang} → ${after.lang}`);
  assert(before.label === 'Tìm đơn vị hành chính', `Vietnamese label was "${before.label}"`);
  assert(after.label === 'Find an administrative unit', `English label is "${after.label}"`);
  assert(before.button !== after.button, 'search button text did not change');
  assert(after.legend === 'Legend', `legend title "${after.legend}"`);
  assert(/[?&]lang=en\b/.test(after.url), `URL has no lang=en: ${after.url}`);
  const popupTitle = await viewer.locator('.maplibregl-popup dt').first().textContent().catch(() => null);
  return { details: `"${before.label}" → "${after.label}", button "${before.button}" → "${after.button}"` +
    (popupTitle ? `, popup "${popupTitle.trim()}"` : '') };
});

// 4. Search without diacritics and with an abbreviated type prefix; keyboard choice.
let searchPage;
await check('4 search "chi lang" and "X. Chi Lang"', async () => {
  searchPage = await openPage('search', '/?lang=vi');
  const input = searchPage.locator('#search-input');
  const found = [];
  for (const text of ['chi lang', 'X. Chi Lang']) {
    await input.fill(text);
    await input.press('Enter');
    await searchPage.locator(`#search-results[data-query="${text}"]`).waitFor({ state: 'visible', timeout: 10000 });
    const option = searchPage.locator('#search-results [role="option"]', { hasText: 'Xã Chi Lăng' })
      .filter({ hasText: 'Lạng Sơn' });
    await option.first().waitFor({ state: 'visible', timeout: 10000 });
    found.push(`${text} → ${(await searchPage.locator('#search-results [role="option"]').count())} results`);
  }
  // Keyboard: arrow down to the Lạng Sơn result and press Enter.
  const texts = await searchPage.locator('#search-results [role="option"]').allTextContents();
  const idx = texts.findIndex((s) => s.includes('Xã Chi Lăng') && s.includes('Lạng Sơn'));
  for (let i = 0; i <= idx; i++) await input.press('ArrowDown');
  const active = await input.getAttribute('aria-activedescendant');
  assert(active === `search-opt-${idx}`, `aria-activedescendant ${active}, want search-opt-${idx}`);
  await input.press('Enter');
  await searchPage.locator('#breadcrumb li', { hasText: 'Xã Chi Lăng' }).waitFor({ timeout: 10000 });
  await searchPage.locator('#breadcrumb li', { hasText: 'Lạng Sơn' }).waitFor({ timeout: 10000 });
  await waitIdle(searchPage);
  const center = await searchPage.evaluate(() => window.covermap.map.getCenter().toArray());
  const [w, s, e, n] = chiLang.bbox;
  assert(center[0] > w - 0.2 && center[0] < e + 0.2 && center[1] > s - 0.2 && center[1] < n + 0.2,
    `map centre ${center} not at the bbox ${chiLang.bbox}`);
  const listHidden = await searchPage.locator('#search-results').isHidden();
  assert(listHidden, 'result list still open after choosing');
  await searchPage.screenshot({ path: path.join(OUT, 'search.png') });
  const crumbs = (await searchPage.locator('#breadcrumb li').allTextContents()).map((s2) => s2.trim());
  return { details: `${found.join('; ')}; chosen with keyboard, breadcrumb ${crumbs.join(' › ')}` };
});

// 5. The time slider switches the snapshot: rendered values and legend change.
await check('5 time slider changes the rendered coverage', async () => {
  const eds = config.editions.filter((e) => (e.snapshots || []).length >= 2);
  if (!eds.length) {
    const msg = 'no edition has two registry snapshots (' +
      config.editions.map((e) => `${e.name}: ${(e.snapshots || []).join(',')}`).join('; ') + ')';
    if (ALLOW_SINGLE) return { skip: msg };
    throw new Error(msg);
  }
  const ed = eds.find((e) => e.name === '2025') || eds[0];
  const [newest, other] = [ed.snapshots[0], ed.snapshots[ed.snapshots.length - 1]];
  // Look at a commune whose coverage differs between the two snapshots, if
  // the table says which; else around Lạng Sơn (2025) or the edition's middle.
  let bbox = ed.name === '2025' ? [106.0, 21.3, 107.4, 22.4] : null;
  try {
    const [ta, tb] = await Promise.all([newest, other].map((d) =>
      api(`/api/stats/coverage?edition=${ed.name}&level=commune&as_of=${d}&format=json`)));
    const before = new Map(tb.units.map((u) => [u.code, u.coverage_rate]));
    const moved = ta.units.find((u) => before.has(u.code) && before.get(u.code) !== u.coverage_rate);
    if (moved) {
      const r = await api(`/api/search?code=${moved.code}&level=commune&edition=${ed.name}`);
      if (r.results[0]?.bbox) bbox = r.results[0].bbox;
    }
  } catch { /* keep the default view */ }
  const page = await openPage('slider', `/?lang=vi&edition=${encodeURIComponent(ed.name)}`);
  await page.evaluate(([b]) => {
    const map = window.covermap.map;
    if (!b) { map.jumpTo({ center: map.getCenter(), zoom: 8.5 }); return; }
    map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 10, duration: 0, maxZoom: 9 });
    if (map.getZoom() < 8.2) map.jumpTo({ zoom: 8.2 }); // commune level
  }, [bbox]);
  await waitIdle(page);
  const snap = async () => ({
    asOf: await page.evaluate(() => window.covermap.state.asOf),
    legend: await page.evaluate(() => JSON.stringify(window.covermap.state.legend?.classes?.map((c) => [c.from, c.to, c.count]))),
    legendText: (await page.locator('#legend .legend-sub').textContent()).trim(),
    values: Object.fromEntries((await renderedFeatures(page))
      .filter((f) => f.layer.startsWith('cm-fill-')).map((f) => [`${f.sourceLayer}/${f.id}`, f.props.coverage_rate])),
  });
  const a = await snap();
  // Move the slider with the keyboard to the other end.
  const slider = page.locator('#time');
  const value = Number(await slider.inputValue());
  await slider.focus();
  await slider.press(value > 0 ? 'Home' : 'End');
  await page.waitForFunction((d) => window.covermap.state.asOf !== d, a.asOf);
  // The legend of the new date is emitted after setTiles, so the idle below waits for the new tiles.
  await page.waitForFunction(() => window.covermap.state.legend?.status === 'ok' &&
    window.covermap.state.legend.asOf === window.covermap.state.asOf);
  await waitIdle(page);
  const b = await snap();
  await page.screenshot({ path: path.join(OUT, 'slider.png') });
  const common = Object.keys(a.values).filter((k) => k in b.values);
  const changed = common.filter((k) => a.values[k] !== b.values[k]);
  assert(common.length > 0, 'no feature rendered in both positions');
  assert(changed.length > 0, `coverage_rate of all ${common.length} common features is unchanged`);
  assert(a.legendText !== b.legendText, `legend date did not change ("${a.legendText}")`);
  await page.close();
  return { details: `${a.asOf} → ${b.asOf}: ${changed.length}/${common.length} features changed, ` +
    `breaks ${a.legend === b.legend ? 'unchanged' : 'changed'}, legend "${b.legendText}"` };
});

// 5b. The founding-month slider: an early month redraws the communes from
// feature-state "m" (never above the snapshot), the legend names the month,
// the last month restores the snapshot; a metric without monthly figures
// disables the control.
await check('5b founding month slider', async () => {
  const ed = config.editions.find((e) => e.name === '2025');
  assert(ed, 'no 2025 edition');
  const asOf = ed.snapshots?.[0];
  const info = await api(`/api/stats/monthly?edition=2025&level=commune&as_of=${asOf}`);
  assert(info.months?.length >= 2, `only ${info.months?.length} founding months for ${asOf}`);
  const page = await openPage('months', '/?lang=vi&edition=2025');
  await page.evaluate(() => {
    const map = window.covermap.map;
    map.fitBounds([[106.0, 21.3], [107.4, 22.4]], { padding: 10, duration: 0, maxZoom: 9 }); // Lạng Sơn
    if (map.getZoom() < 8.2) map.jumpTo({ zoom: 8.2 }); // commune level
  });
  await waitIdle(page);
  const slider = page.locator('#month');
  await page.waitForFunction(() => !document.getElementById('month').disabled);
  // Per rendered commune: the tile value, the feature-state "m" and whether the fill reads it.
  const look = () => page.evaluate(() => {
    const { map } = window.covermap;
    const feats = map.queryRenderedFeatures({ layers: ['cm-fill-commune'] });
    const seen = new Map();
    for (const f of feats) {
      if (f.id === undefined || seen.has(f.id)) continue;
      const st = map.getFeatureState({ source: 'covermap', sourceLayer: 'communes', id: f.id });
      seen.set(f.id, { snap: f.properties.coverage_rate, m: st.m });
    }
    return {
      month: window.covermap.state.month,
      readsState: JSON.stringify(map.getPaintProperty('cm-fill-commune', 'fill-color')).includes('"feature-state","m"'),
      legend: document.querySelector('#legend .legend-sub').textContent.trim(),
      units: [...seen.entries()],
    };
  });
  const a = await look();
  assert(a.units.length > 0, 'no commune rendered around Lạng Sơn');
  assert(a.month === null && !a.readsState, `snapshot view is in month mode (${a.month})`);
  assert(!/tháng/.test(a.legend), `snapshot legend names a month: "${a.legend}"`);
  // Keyboard: Home = the first founding month.
  await slider.focus();
  await slider.press('Home');
  const first = info.months[0];
  await page.waitForFunction((m) => window.covermap.state.month === m &&
    window.covermap.state.legend?.status === 'ok', first);
  await waitIdle(page);
  const b = await look();
  await page.screenshot({ path: path.join(OUT, 'months.png') });
  assert(b.readsState, 'the commune fill does not read feature-state "m" in month mode');
  const withM = b.units.filter(([, u]) => typeof u.m === 'number' && typeof u.snap === 'number');
  const lower = withM.filter(([, u]) => u.m < u.snap - 1e-6);
  const higher = withM.filter(([, u]) => u.m > u.snap + 1e-3);
  assert(withM.length > 0, 'no rendered commune has a feature-state "m"');
  assert(lower.length > 0, `no commune's coverage in ${first} is below the snapshot (${withM.length} compared)`);
  assert(higher.length === 0, `${higher.length} communes above the snapshot in ${first}, e.g. ${JSON.stringify(higher[0])}`);
  const [y, mo] = first.split('-');
  assert(b.legend.includes(`tháng ${mo}/${y}`), `legend subtitle "${b.legend}" does not name ${mo}/${y}`);
  const valueText = (await page.locator('#month-value').textContent()).trim();
  assert(valueText === `${mo}/${y}`, `slider output "${valueText}"`);
  // The popup shows the month's figures.
  const probe = lower[0][0];
  const pt = await page.evaluate((id) => {
    const { map } = window.covermap;
    const f = map.queryRenderedFeatures({ layers: ['cm-fill-commune'] }).find((g) => g.id === id);
    const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0];
    // A point inside: try the ring's vertex average, then points toward it from vertices.
    const c = ring.reduce((s, p) => [s[0] + p[0] / ring.length, s[1] + p[1] / ring.length], [0, 0]);
    const r = map.getCanvas().getBoundingClientRect();
    for (const v of [c, ...ring]) {
      for (const t of [1, 0.5, 0.2]) {
        const ll = [c[0] + (v[0] - c[0]) * (1 - t), c[1] + (v[1] - c[1]) * (1 - t)];
        const p = map.project(ll);
        const hit = map.queryRenderedFeatures(p, { layers: ['cm-fill-commune'] })[0];
        if (hit?.id === id) return { x: r.left + p.x, y: r.top + p.y };
      }
    }
    return null;
  }, probe);
  let popupNote = '';
  if (pt) {
    await page.mouse.click(pt.x, pt.y);
    const popup = page.locator('.maplibregl-popup .popup');
    await popup.waitFor({ state: 'visible', timeout: 10000 });
    popupNote = (await popup.locator('.popup-month').textContent()).trim();
    assert(popupNote.includes(`${mo}/${y}`), `popup month note "${popupNote}"`);
    await page.keyboard.press('Escape');
  }
  // End = the snapshot's month: back to the tile figures.
  await slider.focus();
  await slider.press('End');
  await page.waitForFunction(() => window.covermap.state.month === null &&
    window.covermap.state.legend?.status === 'ok');
  await waitIdle(page);
  const c = await look();
  assert(!c.readsState, 'the commune fill still reads feature-state after End');
  assert(c.legend === a.legend, `legend "${c.legend}" != snapshot "${a.legend}"`);
  const same = c.units.filter(([id, u]) => a.units.some(([id2, u2]) => id2 === id && u2.snap === u.snap));
  assert(same.length === c.units.length, `${c.units.length - same.length} communes differ from the first snapshot view`);
  // A metric without monthly figures disables the control (with a note).
  const hasOther = await page.locator('#metric option[value="members_per_1000_households"]').count();
  let disabledNote = '';
  if (hasOther) {
    await page.locator('#metric').selectOption('members_per_1000_households');
    await page.waitForFunction(() => document.getElementById('month').disabled);
    disabledNote = (await page.locator('#month-note').textContent()).trim();
    assert(disabledNote === 'Chỉ tiêu này không có số liệu theo tháng', `note "${disabledNote}"`);
    await page.locator('#metric').selectOption('coverage_rate');
    await page.waitForFunction(() => !document.getElementById('month').disabled);
  }
  await page.close();
  return { details: `${first}: ${lower.length}/${withM.length} rendered communes below the snapshot, none above; ` +
    `legend "${b.legend}"${popupNote ? `; popup "${popupNote}"` : ''}; End restores "${c.legend}"` +
    (disabledNote ? `; other metric: "${disabledNote}"` : '') };
});

// 6. The embed page for Lạng Sơn shows only Lạng Sơn.
await check('6 embed ?province=20&level=commune shows only Lạng Sơn', async () => {
  const page = await openPage('embed', '/embed?province=20&level=commune&legend=1', { width: 800, height: 600 });
  const feats = await renderedFeatures(page);
  await page.screenshot({ path: path.join(OUT, 'embed.png') });
  const others = feats.filter((f) => f.props.province_code !== '20');
  const communes = feats.filter((f) => f.sourceLayer === 'communes');
  assert(feats.length > 0, 'no features rendered');
  assert(others.length === 0, `${others.length} features outside province 20, e.g. ${JSON.stringify(others[0]?.props?.name)} (${others[0]?.props?.province_code})`);
  assert(communes.length > 0, 'no commune features rendered');
  const legend = await page.locator('#legend').isVisible();
  assert(legend, 'legend=1 but no legend');
  // Its classes are Lạng Sơn's own (/api/stats/breaks?parent_code=20), not the country's.
  const classed = await page.evaluate(() => window.covermap.cm.classes.commune?.n);
  const own = await api('/api/stats/breaks?level=commune&parent_code=20');
  const national = await api('/api/stats/breaks?level=commune');
  assert(classed === own.n && own.n < national.n, `embed classed ${classed} communes; Lạng Sơn has ${own.n}, the country ${national.n}`);
  await page.close();
  return { details: `${feats.length} features (${communes.length} communes), all province_code 20; classes of its ${own.n} communes` };
});

// 7. Phone width: no horizontal scrolling, the search is reachable.
await check('7 phone width 390×844', async () => {
  const page = await openPage('phone', '/?lang=vi', { width: 390, height: 844 });
  const dims = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,
    bsw: document.body.scrollWidth,
  }));
  assert(dims.sw <= dims.cw && dims.bsw <= dims.cw, `horizontal overflow: scrollWidth ${dims.sw}/${dims.bsw} > ${dims.cw}`);
  const box = await page.locator('#search-input').boundingBox();
  assert(box && box.x >= 0 && box.x + box.width <= 390 && box.y >= 0 && box.y + box.height <= 844,
    `search input off screen: ${JSON.stringify(box)}`);
  // Reachable with the keyboard: Tab from the start of the page.
  let tabs = 0;
  for (; tabs < 10; tabs++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'search-input')) break;
  }
  assert(tabs < 10, 'search input not reached with Tab');
  await page.keyboard.type('chi lang');
  await page.keyboard.press('Enter');
  await page.locator('#search-results [role="option"]').first().waitFor({ state: 'visible', timeout: 10000 });
  // The panel opens as an overlay without causing horizontal scrolling.
  await page.keyboard.press('Escape');
  await page.locator('#panel-toggle').click();
  await page.waitForTimeout(300);
  const dims2 = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  assert(dims2.sw <= dims2.cw, `horizontal overflow with the panel open: ${dims2.sw} > ${dims2.cw}`);
  await page.screenshot({ path: path.join(OUT, 'phone.png') });
  await page.close();
  return { details: `scrollWidth ${dims.sw} ≤ ${dims.cw}; search reached after ${tabs + 1} Tab(s)` };
});

// 7b. LISA clusters, then with the false discovery rate controlled: the option shows with the
// clusters, asks /api/stats/lisa for p_adjust=fdr, never adds clusters, says so in the legend and
// the URL, and survives a reload from that URL.
await check('7b LISA clusters with the FDR option', async () => {
  const page = await openPage('clusters', '/?lang=en');
  assert(await page.locator('#clusters-fdr-field').isHidden(), 'FDR option visible without clusters');
  const significant = () => page.evaluate(() => {
    const cm = window.covermap.cm;
    const c = cm.lisa[cm.activeLevel()];
    return c?.status === 'ok' ? c.counts.HH + c.counts.LL + c.counts.HL + c.counts.LH : null;
  });
  await page.locator('#clusters').check();
  const lisaOf = () => { const cm = window.covermap.cm; return cm.lisa[cm.activeLevel()]; };
  await page.waitForFunction(`(${lisaOf})()?.status === 'ok'`, null, { timeout: TIMEOUT });
  const plain = await significant();
  assert(await page.locator('#clusters-fdr-field').isVisible(), 'FDR option hidden with clusters on');
  const lisaRequest = page.waitForRequest((r) => r.url().includes('/api/stats/lisa') && r.url().includes('p_adjust=fdr'));
  await page.locator('#clusters-fdr').check();
  await lisaRequest;
  await page.waitForFunction(`(${lisaOf})()?.status === 'ok' && (${lisaOf})().fdr`, null, { timeout: TIMEOUT });
  const fdr = await significant();
  assert(fdr <= plain, `FDR gave ${fdr} clusters, more than ${plain} unadjusted`);
  const hint = await page.locator('#legend .legend-hint').textContent();
  assert(/false discovery/.test(hint), `legend hint "${hint}" does not say FDR`);
  assert(page.url().includes('fdr=1'), `URL ${page.url()} lacks fdr=1`);
  await page.screenshot({ path: path.join(OUT, 'clusters-fdr.png') });
  const url = page.url();
  await page.close();
  const again = await openPage('clusters-reload', url.slice(BASE.length));
  assert(await again.locator('#clusters-fdr').isChecked(), 'fdr=1 in the URL but the option is off');
  await again.close();
  return { details: `${plain} clusters unadjusted, ${fdr} with FDR` };
});

// 7c. The Empirical-Bayes smoothed rate as a metric: offered after the raw rate (Vietnamese labels
// on the Vietnamese page), drawn from /api/stats/rates (feature-state "eb" of the rendered units
// equals the API's smoothed_rate), explained in the legend, kept in the URL.
await check('7c smoothed coverage rate (empirical Bayes)', async () => {
  const vi = await openPage('smoothed-vi', '/');
  const options = await vi.locator('#metric option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
  await vi.close();
  const at = (v) => options.findIndex((o) => o.value === v);
  assert(at('coverage_rate_eb') === at('coverage_rate') + 1 && at('coverage_rate_ebl') === at('coverage_rate') + 2,
    `smoothed metrics not right after coverage_rate: ${options.map((o) => o.value).join(', ')}`);
  assert(/làm trơn Bayes thực nghiệm/.test(options[at('coverage_rate_eb')].label), `Vietnamese label "${options[at('coverage_rate_eb')].label}"`);

  const page = await openPage('smoothed', '/?lang=en');
  const ratesRequest = page.waitForRequest((r) => r.url().includes('/api/stats/rates') && r.url().includes('method=global'));
  await page.locator('#metric').selectOption('coverage_rate_eb');
  await ratesRequest;
  const smoothedOf = () => { const cm = window.covermap.cm; return cm.smoothed[cm.activeLevel()]; };
  await page.waitForFunction(`(${smoothedOf})()?.status === 'ok'`, null, { timeout: TIMEOUT });
  await waitIdle(page, TIMEOUT);
  const drawn = await page.evaluate(() => {
    const { cm, map } = window.covermap;
    const level = cm.activeLevel();
    const fill = map.getPaintProperty(`cm-fill-${level}`, 'fill-color');
    const features = map.queryRenderedFeatures({ layers: [`cm-fill-${level}`] });
    const seen = new Map();
    for (const f of features) {
      if (!seen.has(f.id)) seen.set(f.id, map.getFeatureState({ source: f.source, sourceLayer: f.sourceLayer, id: f.id }).eb);
    }
    return { level, edition: cm.state.edition, asOf: cm.state.asOf, fill: JSON.stringify(fill), states: [...seen] };
  });
  assert(drawn.fill.includes('"feature-state","eb"'), `fill-color does not read feature-state eb: ${drawn.fill.slice(0, 200)}`);
  assert(drawn.states.length > 0, 'no rendered units');
  const rates = await api(`/api/stats/rates?edition=${drawn.edition}&level=${drawn.level}&as_of=${drawn.asOf}&method=global`);
  const byId = new Map(rates.units.map((u) => [u.id, u]));
  let compared = 0;
  let differs = 0;
  for (const [id, eb] of drawn.states) {
    const u = byId.get(id);
    if (!u) continue;
    compared++;
    if (typeof eb !== 'number' || Math.abs(eb - u.smoothed_rate) > 1e-12) differs++;
  }
  assert(compared > 0 && differs === 0, `${differs} of ${compared} rendered ${drawn.level}s differ from /api/stats/rates`);
  // At least one rendered unit is shrunk (smoothed ≠ raw): the map does not show the raw rate.
  const shrunk = drawn.states.filter(([id]) => byId.has(id) && Math.abs(byId.get(id).smoothed_rate - byId.get(id).raw_rate) > 1e-9);
  assert(shrunk.length > 0, 'no rendered unit has a smoothed rate different from its raw rate');
  const note = await page.locator('#legend .legend-smoothed').textContent();
  assert(/empirical-Bayes smoothed/i.test(note), `legend note "${note}"`);
  assert(page.url().includes('metric=coverage_rate_eb'), `URL ${page.url()} lacks metric=coverage_rate_eb`);
  // The local variant asks for method=local.
  const localRequest = page.waitForRequest((r) => r.url().includes('/api/stats/rates') && r.url().includes('method=local'));
  await page.locator('#metric').selectOption('coverage_rate_ebl');
  await localRequest;
  await page.waitForFunction(`(${smoothedOf})()?.status === 'ok' && (${smoothedOf})().method === 'local'`, null, { timeout: TIMEOUT });
  await page.screenshot({ path: path.join(OUT, 'smoothed.png') });
  await page.close();
  return { details: `${compared} rendered ${drawn.level}s drawn with /api/stats/rates' EB values (${shrunk.length} shrunk)` };
});

// 7d. Bivariate LISA clusters from the cluster panel: the second metric asks /api/stats/lisa for
// with=, the legend names both metrics, the URL keeps it.
await check('7d bivariate LISA clusters', async () => {
  const page = await openPage('clusters-bv', '/?lang=en');
  assert(await page.locator('#clusters-with-field').isHidden(), 'bivariate option visible without clusters');
  await page.locator('#clusters').check();
  const lisaOf = () => { const cm = window.covermap.cm; return cm.lisa[cm.activeLevel()]; };
  await page.waitForFunction(`(${lisaOf})()?.status === 'ok'`, null, { timeout: TIMEOUT });
  assert(await page.locator('#clusters-with-field').isVisible(), 'bivariate option hidden with clusters on');
  const values = await page.locator('#clusters-with option').evaluateAll((os) => os.map((o) => o.value));
  assert(values[0] === '' && values.includes('teams') && !values.includes('coverage_rate'),
    `second metrics offered: ${values.join(', ')}`);
  const request = page.waitForRequest((r) => r.url().includes('/api/stats/lisa') && r.url().includes('with=teams'));
  await page.locator('#clusters-with').selectOption('teams');
  await request;
  await page.waitForFunction(`(${lisaOf})()?.status === 'ok' && (${lisaOf})().with === 'teams'`, null, { timeout: TIMEOUT });
  const title = await page.locator('#legend .legend-title').textContent();
  assert(title.includes('×') && /Teams/.test(title), `legend title "${title}" does not name both metrics`);
  assert(page.url().includes('with=teams'), `URL ${page.url()} lacks with=teams`);
  const counts = await page.evaluate(`(${lisaOf})().counts`);
  await page.screenshot({ path: path.join(OUT, 'clusters-bivariate.png') });
  await page.close();
  return { details: `coverage rate × teams around: HH ${counts.HH}, LL ${counts.LL}, HL ${counts.HL}, LH ${counts.LH}` };
});

// 8. No console errors on any page.
await check('8 no console errors', async () => {
  if (consoleProblems.length) {
    return { ok: false, details: `${consoleProblems.length}: ` +
      consoleProblems.slice(0, 5).map((p) => `[${p.page}] ${p.type}: ${p.text.split('\n')[0]}`).join(' | ') };
  }
  const w = consoleWarnings.length
    ? `; ${consoleWarnings.length} warning(s): ${consoleWarnings.slice(0, 3).map((p) => `[${p.page}] ${p.text.split('\n')[0]}`).join(' | ')}`
    : ', no warnings';
  return { details: `none on viewer, search, slider, months, embed, phone, clusters, smoothed pages${w}` };
});

await browser.close();
finish();
