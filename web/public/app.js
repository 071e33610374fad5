// The covermap viewer (index.html): side panel, search, breadcrumb, time
// slider, comparison with a second snapshot (change map), downloads and the
// embed dialog around a CoverMap.
import { t, setLang, getLang, translateDom, formatDate, formatMonth, LANGS } from './i18n.js';
import {
  API, q, getJson, lookupUnit, CoverMap, metricsOf, metricLabel, unitTypeLabel, LEVEL_ORDER, MONTHLY_METRICS,
  CHANGE_METRICS, conversionOf, defaultSnapshot, snapshotLabel,
} from './covermap.js';
import { renderLegend } from './legend.js';
import { downloadMapPng } from './snapshot.js';

/** @param {string} id @returns {any} an element of the page (typed loosely: inputs, selects, details) */
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

let readyResolve;
let readyReject;
const ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
ready.catch(() => {}); // failures are shown in the status line
let cm = null; // the CoverMap
const ui = { config: null, crumbs: [], selected: null, selectToken: 0, snapshots: [], months: null };

// Exposed for tests and for debugging from the console.
window.covermap = {
  get map() { return cm?.map ?? null; },
  get cm() { return cm; },
  get state() { return { ...(cm?.state ?? {}), lang: getLang(), crumbs: ui.crumbs }; },
  ready,
};

// ---- helpers --------------------------------------------------------------------

function showStatus(text, isError = false) {
  const el = $('status');
  el.textContent = text;
  el.hidden = !text;
  el.classList.toggle('status-error', isError);
}

/** Keep the shareable part of the state in the URL (the map position is in the hash). */
function updateUrl() {
  const s = cm?.state ?? {};
  const ed0 = ui.config?.editions[0]?.name;
  const p = q({
    lang: getLang(),
    edition: s.edition && s.edition !== ed0 ? s.edition : null,
    as_of: s.asOf && s.asOf !== defaultSnapshot(cm.edition()) ? s.asOf : null,
    compare: s.compare || null,
    metric: s.metric && s.metric !== 'coverage_rate' ? s.metric : null,
    method: s.method && s.method !== 'quantile' ? s.method : null,
    level: s.level && s.level !== 'auto' ? s.level : null,
    palette: s.palette && s.palette !== 'ylgnbu' ? s.palette : null,
    clusters: s.clusters ? '1' : null,
    fdr: s.clusters && s.clustersFdr ? '1' : null,
    with: s.clusters && s.clustersWith ? s.clustersWith : null,
    month: s.month || null,
    api: API || null,
  });
  history.replaceState(history.state, '', `${location.pathname}?${p}${location.hash}`);
}

function option(value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

const levelRank = (l) => LEVEL_ORDER.indexOf(l);

// ---- controls ---------------------------------------------------------------------

function fillEditions() {
  const sel = $('edition');
  sel.replaceChildren(...ui.config.editions.map((e) => {
    const o = option(e.name, t('edition.option', { name: e.name }));
    if (e.title) o.title = e.title;
    return o;
  }));
  sel.value = cm.state.edition;
  $('edition-field').hidden = ui.config.editions.length < 2;
}

function fillSnapshots() {
  const ed = cm.edition();
  // map-config lists snapshots newest first; the slider runs oldest → newest.
  ui.snapshots = [...(ed.snapshots?.length ? ed.snapshots : [cm.state.asOf])].sort();
  const slider = $('time');
  slider.max = String(Math.max(0, ui.snapshots.length - 1));
  slider.value = String(Math.max(0, ui.snapshots.indexOf(cm.state.asOf)));
  slider.disabled = ui.snapshots.length < 2;
  $('time-hint').hidden = ui.snapshots.length > 1;
  updateSliderLabel();
}

function updateSliderLabel() {
  const d = ui.snapshots[Number($('time').value)] || cm.state.asOf;
  // A snapshot of another edition's registry carried onto these units is marked (the mark kept on one line).
  const c = conversionOf(cm.edition(), d);
  const mark = document.createElement('span');
  mark.className = 'snapshot-mark';
  mark.textContent = c ? t('snapshot.converted', { from: c.from }) : '';
  $('time-value').replaceChildren(formatDate(d), ...(c ? [' ', mark] : []));
  $('time').setAttribute('aria-valuetext', snapshotLabel(cm.edition(), d));
}

// ---- comparison with a second snapshot (change map) --------------------------------

/** The "compare with" choices: off, then the edition's other snapshots, newest first. */
function fillCompare() {
  const sel = $('compare');
  const ed = cm.edition();
  const others = [...(ed.snapshots || [])].sort().reverse().filter((d) => d !== cm.state.asOf);
  sel.replaceChildren(option('', t('compare.off')), ...others.map((d) => option(d, snapshotLabel(ed, d))));
  sel.value = cm.state.compare || '';
  const comparable = CHANGE_METRICS.includes(cm.state.metric);
  sel.disabled = !others.length || !comparable;
  $('compare-note').textContent = !comparable ? t('compare.metric') : cm.state.compare ? t('compare.hint') : '';
}

async function onCompareChange() {
  await cm.setCompare($('compare').value || null);
  fillCompare();
  $('clusters').checked = cm.state.clusters;
  updateMonthControl();
  if (ui.selected) renderSelected();
  updateUrl();
}

// ---- founding months (second slider, under the snapshot one) -----------------------

/** Load the founding months of the snapshot shown and set the month slider up. */
async function fillMonths() {
  const asOf = cm.state.asOf;
  ui.months = null;
  updateMonthControl();
  const info = await cm.fetchMonths();
  if (asOf !== cm.state.asOf) return; // another snapshot was chosen meanwhile
  ui.months = info;
  updateMonthControl();
}

/** Slider range, position, enabled state and note of the month control. */
function updateMonthControl() {
  const slider = $('month');
  const months = ui.months?.months || [];
  slider.max = String(Math.max(0, months.length - 1));
  const i = months.indexOf(cm.state.month);
  slider.value = String(i >= 0 ? i : Math.max(0, months.length - 1));
  let note = '';
  if (!ui.months) note = '';
  else if (ui.months.status === 'error') note = t('month.error');
  else if (months.length < 2) note = t('month.none');
  else if (!MONTHLY_METRICS.includes(cm.state.metric)) note = t('month.metric');
  else if (cm.state.clusters) note = t('month.clusters');
  else if (cm.changeMode()) note = t('month.compare');
  const usable = !!ui.months && !note;
  slider.disabled = !usable;
  if (usable) {
    note = t('month.hint');
    if (ui.months.undated) note += `. ${t('month.undated', { n: ui.months.undated })}`;
  }
  $('month-note').textContent = note;
  updateMonthLabel();
}

function updateMonthLabel() {
  const months = ui.months?.months || [];
  const m = months[Number($('month').value)];
  const text = m ? formatMonth(m) : '';
  $('month-value').textContent = text;
  const last = m && m === months[months.length - 1];
  $('month').setAttribute('aria-valuetext', last ? t('month.latest', { month: text }) : text || '–');
}

async function onMonthChange() {
  const months = ui.months?.months || [];
  await cm.setMonth(months[Number($('month').value)] ?? null);
  if (ui.selected) renderSelected();
  updateUrl();
}

function fillMetrics() {
  const sel = $('metric');
  const metrics = metricsOf(cm.tilejson);
  sel.replaceChildren(...metrics.map((m) => option(m, metricLabel(m))));
  sel.value = cm.state.metric;
}

/** The bivariate LISA's second metric: none, or any other metric of the tiles. */
function fillClustersWith() {
  const sel = $('clusters-with');
  const others = metricsOf(cm.tilejson).filter((m) => m !== cm.state.metric);
  sel.replaceChildren(option('', t('clusters.with.none')), ...others.map((m) => option(m, metricLabel(m))));
  sel.value = others.includes(cm.state.clustersWith) ? cm.state.clustersWith : '';
  // A second metric no longer offered (unknown, or now the metric itself): back to univariate.
  if (cm.state.clustersWith && !sel.value) cm.setClustersWith(null).then(updateUrl);
}

function fillLevels() {
  const sel = $('level');
  sel.replaceChildren(option('auto', t('level.auto')),
    ...cm.choroLevels().map((l) => option(l, t(`level.${l}`))));
  sel.value = cm.state.level;
}

function syncControls() {
  fillEditions();
  fillSnapshots();
  fillCompare();
  fillMetrics();
  fillLevels();
  $('method').value = cm.state.method;
  $('palette').value = cm.state.palette;
  $('clusters').checked = cm.state.clusters;
  $('clusters-fdr').checked = cm.state.clustersFdr;
  $('clusters-fdr-field').hidden = !cm.state.clusters;
  fillClustersWith();
  $('clusters-with-field').hidden = !cm.state.clusters;
}

function bindControls() {
  $('edition').addEventListener('change', async (e) => {
    const ed = ui.config.editions.find((x) => x.name === e.target.value);
    clearSelection();
    // The chosen snapshots stay where the other edition has them (its own or converted).
    const has = (d) => !!d && (ed.snapshots || []).includes(d);
    await cm.setEdition(ed.name, has(cm.state.asOf) ? cm.state.asOf : defaultSnapshot(ed),
      has(cm.state.compare) ? cm.state.compare : null);
    syncControls();
    updateDownloads();
    updateUrl();
    await fillMonths();
  });
  $('time').addEventListener('input', updateSliderLabel);
  $('time').addEventListener('change', async (e) => {
    const d = ui.snapshots[Number(e.target.value)];
    await cm.setAsOf(d);
    fillCompare();
    if (ui.selected) renderSelected();
    updateDownloads();
    updateUrl();
    await fillMonths();
  });
  $('month').addEventListener('input', updateMonthLabel);
  $('month').addEventListener('change', onMonthChange);
  $('compare').addEventListener('change', onCompareChange);
  $('metric').addEventListener('change', async (e) => {
    await cm.setMetric(e.target.value);
    fillCompare();
    fillClustersWith();
    updateMonthControl();
    if (ui.selected) renderSelected();
    updateUrl();
  });
  $('method').addEventListener('change', async (e) => { await cm.setMethod(e.target.value); updateUrl(); });
  $('palette').addEventListener('change', async (e) => { await cm.setPalette(e.target.value); updateUrl(); });
  $('level').addEventListener('change', async (e) => { await cm.setLevel(e.target.value); updateDownloads(); updateUrl(); });
  $('clusters').addEventListener('change', async (e) => {
    await cm.setClusters(e.target.checked);
    $('clusters-fdr-field').hidden = !e.target.checked;
    $('clusters-with-field').hidden = !e.target.checked;
    fillCompare();
    updateMonthControl();
    if (ui.selected) renderSelected();
    updateUrl();
  });
  $('clusters-fdr').addEventListener('change', async (e) => { await cm.setClustersFdr(e.target.checked); updateUrl(); });
  $('clusters-with').addEventListener('change', async (e) => { await cm.setClustersWith(e.target.value); updateUrl(); });
  $('lang-switch').addEventListener('click', () => switchLang(getLang() === 'vi' ? 'en' : 'vi'));
  $('selected-zoom').addEventListener('click', () => ui.selected && cm.zoomTo(ui.selected));
  $('selected-clear').addEventListener('click', () => { cm.closePopup(); cm.select(null); });
  $('panel-toggle').addEventListener('click', () => setPanel(!document.body.classList.contains('panel-open')));
}

// ---- side panel ----------------------------------------------------------------------

const isPhone = () => window.matchMedia('(max-width: 760px)').matches;

function setPanel(open) {
  document.body.classList.toggle('panel-open', open);
  const btn = $('panel-toggle');
  btn.setAttribute('aria-expanded', String(open));
  btn.dataset.i18nAria = open ? 'panel.hide' : 'panel.show';
  btn.dataset.i18nTitle = open ? 'panel.hide' : 'panel.show';
  btn.setAttribute('aria-label', t(btn.dataset.i18nAria));
  btn.title = t(btn.dataset.i18nTitle);
  $('panel').inert = !open;
  // The map keeps its size on phones (the panel overlays it); on wide screens it changes.
  if (cm?.map) setTimeout(() => cm.map.resize(), 220);
}

// ---- language -------------------------------------------------------------------------

function switchLang(lang) {
  setLang(lang);
  document.title = t('app.title');
  translateDom();
  setPanel(document.body.classList.contains('panel-open'));
  if (cm) {
    fillEditions();
    fillCompare();
    fillMetrics();
    fillLevels();
    updateSliderLabel();
    updateMonthControl();
    cm.relabel();
    renderSelected();
    renderCrumbs();
    updateDownloads();
    updateUrl();
  }
  const sw = $('lang-switch');
  sw.lang = lang === 'vi' ? 'en' : 'vi';
}

// ---- selection and breadcrumb -----------------------------------------------------------

function clearSelection() {
  ui.selected = null;
  ui.crumbs = [];
  renderSelected();
  renderCrumbs();
}

async function onSelect(unit) {
  const token = ++ui.selectToken;
  ui.selected = unit;
  renderSelected();
  ui.crumbs = unit ? [{ level: unit.level, code: unit.code, name: unit.name, id: unit.id }] : [];
  renderCrumbs();
  updateDownloads();
  if (!unit) return;
  const crumbs = await buildCrumbs(unit);
  if (token !== ui.selectToken) return; // another selection happened meanwhile
  ui.crumbs = crumbs;
  renderCrumbs();
  updateDownloads();
}

/** Ancestors of a unit (province, district, commune) plus the unit itself. */
async function buildCrumbs(unit) {
  const ed = cm.state.edition;
  const levels = cm.edition().levels || LEVEL_ORDER;
  const self = { level: unit.level, code: unit.code, name: unit.name, id: unit.id };
  if (unit.level === 'province') return [self];
  const chain = [];
  const provinceCode = unit.province_code;
  if (provinceCode) {
    const p = await lookupUnit(ed, 'province', provinceCode);
    if (p) chain.push(p);
  }
  if (unit.level === 'commune' && levels.includes('district') && unit.parent_code) {
    const d = await lookupUnit(ed, 'district', unit.parent_code);
    if (d) chain.push(d);
  }
  if (unit.level === 'hamlet' && unit.parent_code) {
    const c = await lookupUnit(ed, 'commune', unit.parent_code);
    if (c && levels.includes('district')) {
      try {
        const f = await getJson(`/api/units/${c.id}`);
        const d = f.properties?.parent_code ? await lookupUnit(ed, 'district', f.properties.parent_code) : null;
        if (d) chain.push(d);
      } catch { /* breadcrumb without the district */ }
    }
    if (c) chain.push(c);
  }
  chain.push(self);
  return chain;
}

function renderCrumbs() {
  const ol = $('breadcrumb').querySelector('ol');
  const items = [{ level: 'country', name: t('crumb.country') }, ...ui.crumbs];
  ol.replaceChildren(...items.map((c, i) => {
    const li = document.createElement('li');
    const last = i === items.length - 1;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'crumb';
    b.textContent = c.name;
    b.title = t('crumb.zoom', { name: c.name });
    if (last) b.setAttribute('aria-current', 'location');
    b.addEventListener('click', () => onCrumb(c));
    li.append(b);
    return li;
  }));
}

async function onCrumb(c) {
  if (c.level === 'country') {
    cm.closePopup();
    cm.select(null);
    const b = cm.edition().bounds || cm.tilejson.bounds;
    cm.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 20 });
    return;
  }
  const r = c.bbox ? c : await lookupUnit(cm.state.edition, c.level, c.code);
  if (r?.bbox) cm.fitBbox(r.bbox, c.level);
  if (!ui.selected || ui.selected.id !== c.id) selectFromResult(r || c);
}

/** Select a unit known only from a search result; its figures come once its tiles are in. */
async function selectFromResult(r) {
  cm.closePopup();
  const unit = { id: r.id, level: r.level, code: r.code, name: r.name, unit_type: r.unit_type,
                 parent_name: r.parent_name, province_code: r.province_code, props: null };
  cm.select(unit);
  await new Promise((res) => { cm.map.once('idle', res); cm.map.triggerRepaint(); });
  if (ui.selected !== unit) return;
  const props = cm.findProps(unit);
  if (props) {
    unit.props = props;
    unit.parent_code = props.parent_code;
    unit.unit_type = props.unit_type ?? unit.unit_type;
    renderSelected();
    onSelect(unit); // refresh breadcrumb with parent_code now known
  }
}

function renderSelected() {
  const body = $('selected-body');
  const u = ui.selected;
  $('selected-actions').hidden = !u;
  if (!u) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = t('selected.none');
    body.replaceChildren(p);
    return;
  }
  if (u.props) {
    const props = cm.findProps(u);
    if (props) u.props = props; // the figures of the current snapshot
    const content = cm.popupContent(u);
    content.querySelector('.popup-zoom')?.remove();
    body.replaceChildren(content);
  } else {
    const h = document.createElement('h3');
    h.textContent = u.name;
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = unitTypeLabel(u.unit_type, u.level) + (u.parent_name ? ` · ${u.parent_name}` : '');
    body.replaceChildren(h, p);
  }
}

// ---- downloads ---------------------------------------------------------------------------

function downloadScope() {
  const level = cm.state.activeLevel || cm.activeLevel();
  // The deepest selected ancestor that is coarser than the level shown.
  const parent = [...ui.crumbs].reverse().find((c) => levelRank(c.level) < levelRank(level)) || null;
  return { level, parent };
}

function updateDownloads() {
  if (!cm) return;
  const { level, parent } = downloadScope();
  const s = cm.state;
  for (const format of ['csv', 'xlsx']) {
    $(`download-${format}`).href = `${API}/api/stats/coverage?${q({
      edition: s.edition, level, parent: parent?.id, as_of: s.asOf, format, lang: getLang() })}`;
  }
  $('download-scope').textContent = t('download.scope', {
    level: t(`level.${level}`),
    scope: parent ? t('download.scope.in', { name: parent.name }) : t('download.scope.all'),
    date: formatDate(s.asOf),
  });
}

// ---- search -----------------------------------------------------------------------------------

const search = { results: [], active: -1, timer: 0, abort: null, lastQuery: '' };

function setActive(i) {
  const list = $('search-results');
  const input = $('search-input');
  search.active = i;
  for (const [j, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(j === i));
  if (i >= 0 && list.children[i]) {
    input.setAttribute('aria-activedescendant', list.children[i].id);
    list.children[i].scrollIntoView({ block: 'nearest' });
  } else input.removeAttribute('aria-activedescendant');
}

function closeResults() {
  $('search-results').hidden = true;
  $('search-input').setAttribute('aria-expanded', 'false');
  setActive(-1);
}

function showResults(results, query) {
  const list = $('search-results');
  search.results = results;
  list.dataset.query = query;
  list.replaceChildren(...results.map((r, i) => {
    const li = document.createElement('li');
    li.id = `search-opt-${i}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    const name = document.createElement('span');
    name.className = 'result-name';
    name.textContent = r.name;
    const meta = document.createElement('span');
    meta.className = 'result-meta';
    meta.textContent = unitTypeLabel(r.unit_type, r.level) + (r.parent_name ? ` · ${r.parent_name}` : '');
    li.append(name, meta);
    li.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
    li.addEventListener('click', () => choose(i));
    return li;
  }));
  if (!results.length) {
    const li = document.createElement('li');
    li.className = 'result-empty';
    li.setAttribute('aria-disabled', 'true');
    li.textContent = t('search.none');
    list.append(li);
  }
  list.hidden = false;
  $('search-input').setAttribute('aria-expanded', 'true');
  $('search-status').textContent = results.length ? t('search.count', { n: results.length }) : t('search.none');
  setActive(-1);
}

async function runSearch(text) {
  text = text.trim();
  if (text.length < 2) { closeResults(); return; }
  search.abort?.abort();
  search.abort = new AbortController();
  search.lastQuery = text;
  $('search-status').textContent = t('search.searching');
  try {
    const d = await getJson(`/api/search?${q({ q: text, edition: cm.state.edition, limit: 10 })}`,
      { signal: search.abort.signal });
    if (text !== search.lastQuery) return;
    showResults(d.results || [], text);
  } catch (e) {
    if (e.name === 'AbortError') return;
    $('search-status').textContent = t('search.error');
    showResults([], text);
  }
}

function choose(i) {
  const r = search.results[i];
  if (!r) return;
  // Drop any search still in flight so its answer does not reopen the list.
  clearTimeout(search.timer);
  search.abort?.abort();
  search.lastQuery = '';
  closeResults();
  $('search-input').value = r.name;
  if (isPhone()) setPanel(false);
  if (r.bbox) cm.fitBbox(r.bbox, r.level);
  selectFromResult(r);
}

function bindSearch() {
  const input = $('search-input');
  input.addEventListener('input', () => {
    clearTimeout(search.timer);
    search.timer = setTimeout(() => runSearch(input.value), 250);
  });
  input.addEventListener('keydown', (e) => {
    const list = $('search-results');
    const n = search.results.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden) { if (n) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); } else return; }
      setActive(n ? (search.active + 1) % n : -1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (!list.hidden && n) setActive(search.active <= 0 ? n - 1 : search.active - 1);
    } else if (e.key === 'Escape') {
      if (!list.hidden) { e.preventDefault(); closeResults(); }
    } else if (e.key === 'Enter' && !list.hidden && search.active >= 0) {
      e.preventDefault();
      choose(search.active);
    }
  });
  input.addEventListener('blur', () => setTimeout(closeResults, 150));
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(search.timer);
    runSearch(input.value);
  });
}

// ---- embed dialog ---------------------------------------------------------------------------------

const escAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const jsString = (s) => JSON.stringify(String(s)).replace(/</g, '\\u003c');

function embedUrl() {
  const s = cm.state;
  const province = ui.crumbs.find((c) => c.level === 'province')?.code || null;
  let level = s.activeLevel || cm.activeLevel();
  // A province map at province level would be a single polygon: show its next level.
  if (province && level === 'province') level = cm.choroLevels()[1] || level;
  const base = API || location.origin;
  // Without a province the embed keeps the current map position.
  const c = cm.map.getCenter();
  return `${base}/embed?${q({
    province, level, metric: s.metric, as_of: s.asOf, compare: cm.changeMode() ? s.compare : null,
    edition: s.edition, lang: getLang(),
    legend: $('embed-legend').checked ? '1' : '0',
    method: s.method !== 'quantile' ? s.method : null,
    zoom: province ? null : cm.map.getZoom().toFixed(2),
    center: province ? null : `${c.lng.toFixed(4)},${c.lat.toFixed(4)}`,
  })}`;
}

function updateEmbed() {
  const url = embedUrl();
  const w = Math.max(200, Number($('embed-width').value) || 800);
  const h = Math.max(200, Number($('embed-height').value) || 600);
  const title = t('embed.iframe.title');
  $('embed-iframe').value = `<iframe src="${escAttr(url)}" width="${w}" height="${h}" style="border:0" ` +
    `loading="lazy" title="${escAttr(title)}" allowfullscreen></iframe>`;
  $('embed-script').value = [
    '<div id="covermap-embed"></div>',
    '<script>',
    '(function () {',
    '  var frame = document.createElement("iframe");',
    `  frame.src = ${jsString(url)};`,
    `  frame.width = "${w}";`,
    `  frame.height = "${h}";`,
    '  frame.style.border = "0";',
    '  frame.loading = "lazy";',
    `  frame.title = ${jsString(title)};`,
    '  frame.allowFullscreen = true;',
    '  document.getElementById("covermap-embed").appendChild(frame);',
    '})();',
    '</script>',
  ].join('\n');
  $('embed-preview').href = url;
}

async function copyFrom(id) {
  const ta = $(id);
  try {
    await navigator.clipboard.writeText(ta.value);
  } catch {
    // Clipboard API needs a secure context; fall back to selecting the text.
    ta.focus();
    ta.select();
    document.execCommand('copy');
  }
  $('embed-status').textContent = t('embed.copied');
}

function bindEmbed() {
  const dlg = $('embed-dialog');
  $('embed-open').addEventListener('click', () => { updateEmbed(); dlg.showModal(); });
  for (const id of ['embed-width', 'embed-height', 'embed-legend']) $(id).addEventListener('input', updateEmbed);
  for (const b of dlg.querySelectorAll('button.copy')) {
    b.addEventListener('click', async () => {
      await copyFrom(b.dataset.copy);
      b.textContent = t('embed.copied');
      setTimeout(() => { b.textContent = t('embed.copy'); }, 1500);
    });
  }
}

// ---- download this map (PNG with legend and source) ---------------------------------------------------

function bindMapDownload() {
  $('download-png').addEventListener('click', async () => {
    if (!cm?.map) return;
    const { edition, asOf } = cm.state;
    const source = t('download.source', { edition, date: asOf ? formatDate(asOf) : '–' });
    await downloadMapPng(cm.map, $('legend'), source, `covermap-${edition}${asOf ? `-${asOf}` : ''}.png`);
  });
}

// ---- start -------------------------------------------------------------------------------------------

async function main() {
  const urlLang = params.get('lang');
  setLang(LANGS.includes(urlLang) ? urlLang : 'vi');
  translateDom();
  renderCrumbs();
  setPanel(!isPhone());
  if (isPhone()) $('legend-box').open = false;
  bindSearch();
  bindEmbed();
  try {
    ui.config = await getJson('/api/map-config');
    if (!LANGS.includes(urlLang) && ui.config.default_lang && ui.config.default_lang !== getLang()) {
      setLang(ui.config.default_lang);
      translateDom();
    }
    document.title = t('app.title');
    $('lang-switch').lang = getLang() === 'vi' ? 'en' : 'vi';
    const eds = ui.config.editions;
    const ed = eds.find((e) => e.name === params.get('edition')) || eds[0];
    const asOf = ed.snapshots?.includes(params.get('as_of')) ? params.get('as_of') : defaultSnapshot(ed);
    const metric = params.get('metric') || 'coverage_rate';
    // A change map: another snapshot of the edition, for a metric the tiles carry a change of.
    const compare = ed.snapshots?.includes(params.get('compare')) && params.get('compare') !== asOf &&
      CHANGE_METRICS.includes(metric) && params.get('clusters') !== '1' ? params.get('compare') : null;
    cm = new CoverMap({
      container: 'map', config: ui.config, edition: ed.name, asOf, compare,
      metric,
      method: ['quantile', 'jenks', 'equal', 'stddev'].includes(params.get('method')) ? params.get('method') : 'quantile',
      palette: params.get('palette') === 'viridis' ? 'viridis' : 'ylgnbu',
      level: params.get('level') || 'auto',
      clusters: params.get('clusters') === '1',
      clustersFdr: params.get('fdr') === '1',
      clustersWith: params.get('with') || null,
      hash: true,
      padding: () => {
        const box = $('legend-box');
        const wide = cm?.map && cm.map.getContainer().clientWidth > 700;
        return box.open && wide ? { top: 30, right: 50, bottom: 30, left: box.offsetWidth + 30 } : 30;
      },
      onLegend: (model) => renderLegend($('legend'), model),
      onSelect,
      onView: () => updateDownloads(),
    });
    await cm.init();
    if (!metricsOf(cm.tilejson).includes(cm.state.metric)) await cm.setMetric('coverage_rate');
    if (cm.state.level !== 'auto' && !cm.choroLevels().includes(cm.state.level)) await cm.setLevel('auto');
    syncControls();
    await fillMonths();
    if (params.get('month')) {
      await cm.setMonth(params.get('month'));
      updateMonthControl();
    }
    bindControls();
    bindMapDownload();
    updateDownloads();
    updateUrl();
    showStatus('');
    performance.mark('covermap-ready'); // read by bench/web_paint.mjs
    document.body.dataset.ready = '1';
    readyResolve();
  } catch (e) {
    showStatus(t('status.error', { msg: e.message }), true);
    readyReject(e);
  }
}

main();
