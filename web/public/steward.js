// The stewards' page (/steward): the rows of a registry import that need a person (ambiguous,
// unknown unit, fuzzy), each with the hamlets it may be placed on, on a small map; one click
// resolves a row (POST /api/imports/{id}/resolutions) and the figures of the import and of its
// snapshot are read again. The API key is asked first and checked (GET /api/key); it is kept in
// this tab's sessionStorage only and sent as `Authorization: Bearer`. Nothing is fetched about the
// rows without a valid key.
import { t, setLang, getLang, translateDom, addStrings, formatNumber, formatPercent, formatDate, LANGS } from './i18n.js';
import { q } from './covermap.js';
import { call, plainError, reasonText } from './steward-api.js';
import { ChoiceMap } from './steward-map.js';
import { STEWARD_STRINGS } from './steward-i18n.js';

addStrings(STEWARD_STRINGS);

/** @param {string} id @returns {any} an element of the page (typed loosely: inputs, selects, details) */
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const KEY_STORAGE = 'covermap.steward.key';
const REVIEW = ['ambiguous', 'unknown_unit', 'fuzzy']; // what a steward can settle
const PAGE = 200;

const st = {
  key: null, keyName: null, keyProvinces: null,
  imports: [], imp: null, summary: null, shown: {},
  rows: [], totals: {}, row: null, choices: [], searchChoices: [], context: [],
  busy: false, loading: false, resolved: 0, token: 0, map: null,
};

let readyResolve;
const ready = new Promise((res) => { readyResolve = res; });
// For tests and for debugging from the console.
window.steward = {
  ready,
  get state() {
    return {
      lang: getLang(), keyName: st.keyName, import: st.imp?.id ?? null, rows: st.rows.map((r) => r.line),
      row: st.row?.line ?? null, loading: st.loading, choices: [...st.choices, ...st.searchChoices].map((c) => c.code),
      resolved: st.resolved, busy: st.busy, figures: { ...st.shown },
    };
  },
  get map() { return st.map?.map ?? null; },
  idle: () => (st.map ? st.map.idle() : Promise.resolve()),
};

// ---- messages --------------------------------------------------------------------------

function showMessage(text, kind = 'ok', detail = '') {
  const el = $('message');
  el.replaceChildren();
  el.className = `st-message st-message-${kind}`;
  const p = document.createElement('p');
  p.textContent = text;
  el.append(p);
  if (detail) {
    const d = document.createElement('p');
    d.className = 'small st-detail-text';
    d.textContent = t('st.err.detail', { msg: detail });
    el.append(d);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'st-message-close';
  close.textContent = '×';
  close.setAttribute('aria-label', t('st.message.close'));
  close.addEventListener('click', () => { el.hidden = true; });
  el.append(close);
  el.hidden = false;
}

const showError = (e) => showMessage(plainError(e), 'error', e.status ? e.message : '');

// ---- the key ------------------------------------------------------------------------------

function renderKey() {
  const open = !!st.keyName;
  document.body.dataset.state = open ? 'open' : 'locked';
  $('refusal').hidden = open;
  $('key-forget').hidden = !open;
  $('key-field').hidden = open;
  $('key-use').hidden = open;
  $('import-section').hidden = !open;
  $('rows-section').hidden = !open;
  if (!open) {
    $('detail').hidden = true;
    $('placeholder').hidden = true;
  }
  const status = $('key-status');
  status.classList.remove('st-error');
  if (open) {
    status.textContent = st.keyProvinces
      ? t('st.key.ok.provinces', { name: st.keyName, codes: st.keyProvinces.join(', ') })
      : t('st.key.ok', { name: st.keyName });
  } else if (!status.dataset.error) {
    status.textContent = '';
  }
}

async function useKey(key) {
  const status = $('key-status');
  delete status.dataset.error;
  if (!key) {
    status.textContent = t('st.key.empty');
    status.classList.add('st-error');
    return false;
  }
  st.key = key;
  status.textContent = t('st.key.checking');
  try {
    const who = await call('/api/key', { key: st.key });
    st.keyName = who.name;
    st.keyProvinces = who.provinces;
    sessionStorage.setItem(KEY_STORAGE, key);
  } catch (e) {
    forgetKey(false);
    status.dataset.error = '1';
    renderKey();
    status.textContent = plainError(e);
    status.classList.add('st-error');
    return false;
  }
  $('key-input').value = '';
  renderKey();
  await loadImports();
  return true;
}

function forgetKey(render = true) {
  st.key = null;
  st.keyName = null;
  st.keyProvinces = null;
  st.imp = null;
  st.rows = [];
  st.row = null;
  sessionStorage.removeItem(KEY_STORAGE);
  if (render) {
    delete $('key-status').dataset.error;
    renderKey();
    $('key-status').textContent = t('st.key.forgotten');
  }
}

// ---- imports and figures ---------------------------------------------------------------------

const toReview = (imp) => REVIEW.reduce((n, o) => n + (imp.counts?.[o] ?? 0), 0);
const resolvable = (imp) => imp.current && (imp.supplies?.length ?? 0) > 0;

function importLabel(imp) {
  let s = t('st.import.option', { id: imp.id, file: imp.file_name, date: formatDate(imp.as_of), edition: imp.edition });
  const state = !imp.current ? 'st.import.replaced' : !resolvable(imp) ? 'st.import.nosupply' : null;
  s += ` — ${state ? t(state) : t('st.import.review', { n: formatNumber(toReview(imp)) })}`;
  return s;
}

function fillImports() {
  const sel = $('import');
  sel.replaceChildren(...st.imports.map((imp) => {
    const o = document.createElement('option');
    o.value = String(imp.id);
    o.textContent = importLabel(imp);
    o.disabled = !resolvable(imp);
    return o;
  }));
  if (st.imp) sel.value = String(st.imp.id);
}

async function loadImports() {
  try {
    st.imports = (await call('/api/imports')).imports; // newest first
  } catch (e) {
    showError(e);
    return;
  }
  if (!st.imports.length) {
    $('figures').textContent = t('st.import.none');
    fillImports();
    return;
  }
  const wanted = st.imports.find((i) => String(i.id) === params.get('import') && resolvable(i));
  const imp = wanted || st.imports.find((i) => resolvable(i) && toReview(i) > 0) || st.imports.find(resolvable) || st.imports[0];
  st.imp = imp;
  fillImports();
  await openImport(imp.id);
}

async function refreshFigures() {
  const id = st.imp.id;
  const [imp, summary] = await Promise.all([
    call(`/api/imports/${id}`),
    call(`/api/stats/summary?${q({ edition: st.imp.edition, as_of: st.imp.as_of })}`).catch(() => null),
  ]);
  if (st.imp?.id !== id) return;
  st.imp = imp;
  st.summary = summary;
  const i = st.imports.findIndex((x) => x.id === id);
  if (i >= 0) st.imports[i] = imp;
  fillImports();
  renderFigures();
}

function renderFigures() {
  const imp = st.imp;
  const box = $('figures');
  const before = st.shown;
  const now = {
    'import-rows': imp.rows,
    'import-teams': imp.teams,
    'import-review': toReview(imp),
    'import-settled': (imp.counts?.resolved ?? 0) + (imp.counts?.not_a_unit ?? 0),
  };
  const n = st.summary?.national;
  if (n) {
    now['snapshot-teams'] = n.teams;
    now['snapshot-covered'] = n.covered_hamlets;
    now['snapshot-rate'] = n.coverage_rate;
  }
  const group = (title, items) => {
    const h = document.createElement('h3');
    h.textContent = title;
    const dl = document.createElement('dl');
    for (const [key, label, text] of items) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.dataset.figure = key;
      dd.textContent = text;
      const old = before[key];
      if (old !== undefined && old !== now[key] && typeof now[key] === 'number') {
        dd.classList.add('st-changed');
        if (key !== 'snapshot-rate') {
          const delta = document.createElement('span');
          delta.className = 'st-delta';
          const d = now[key] - old;
          delta.textContent = ` (${d > 0 ? '+' : '−'}${formatNumber(Math.abs(d))})`;
          dd.append(delta);
        }
      }
      dl.append(dt, dd);
    }
    return [h, dl];
  };
  const parts = group(t('st.fig.import', { id: imp.id }), [
    ['import-rows', t('st.fig.rows'), formatNumber(now['import-rows'])],
    ['import-teams', t('st.fig.teams'), formatNumber(now['import-teams'])],
    ['import-review', t('st.fig.review'), formatNumber(now['import-review'])],
    ['import-settled', t('st.fig.settled'), formatNumber(now['import-settled'])],
  ]);
  if (n) {
    parts.push(...group(t('st.fig.snapshot', { date: formatDate(st.summary.as_of), edition: st.summary.edition }), [
      ['snapshot-teams', t('st.fig.snap_teams'), formatNumber(n.teams)],
      ['snapshot-covered', t('st.fig.covered'), t('st.fig.covered_of', { n: formatNumber(n.covered_hamlets), total: formatNumber(n.hamlets) })],
      ['snapshot-rate', t('st.fig.rate'), formatPercent(n.coverage_rate, 2)],
    ]));
  } else {
    const p = document.createElement('p');
    p.className = 'muted small';
    p.textContent = t('st.fig.error');
    parts.push(p);
  }
  box.replaceChildren(...parts);
  st.shown = now;
}

// ---- rows ----------------------------------------------------------------------------------

async function openImport(id) {
  const token = ++st.token;
  st.row = null;
  st.shown = {};
  $('detail').hidden = true;
  $('placeholder').hidden = false;
  $('rows').replaceChildren();
  $('rows-count').textContent = t('st.loading');
  const u = new URL(location.href);
  u.searchParams.set('import', String(id));
  history.replaceState(null, '', u);
  try {
    await refreshFigures();
    const pages = await Promise.all(REVIEW.map((outcome) =>
      call(`/api/imports/${id}/issues?${q({ outcome, limit: PAGE })}`, { key: st.key })));
    if (token !== st.token) return;
    st.totals = {};
    st.rows = [];
    REVIEW.forEach((o, i) => { st.totals[o] = pages[i].numberMatched; st.rows.push(...pages[i].issues); });
    st.rows.sort((a, b) => a.line - b.line);
  } catch (e) {
    if (token === st.token) showError(e);
    return;
  }
  renderRows();
  if (st.rows.length) await selectRow(st.rows[0]);
}

function placeOf(row) {
  const w = row.written || {};
  const parts = [w.hamlet, w.commune, w.district, w.province].filter((x) => x && String(x).trim());
  return parts.length ? parts.join(', ') : t('st.row.noname');
}

function renderRows() {
  const list = $('rows');
  const total = REVIEW.reduce((n, o) => n + (st.totals[o] ?? 0), 0);
  $('rows-count').textContent = `(${formatNumber(total)})`;
  $('rows-empty').hidden = st.rows.length > 0;
  $('rows-more').hidden = st.rows.length >= total;
  $('rows-more').textContent = t('st.rows.more', { shown: formatNumber(st.rows.length), total: formatNumber(total) });
  list.replaceChildren(...st.rows.map((row) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'st-row';
    b.dataset.line = String(row.line);
    b.setAttribute('aria-pressed', String(st.row?.line === row.line));
    const head = document.createElement('span');
    head.className = 'st-row-head';
    const line = document.createElement('span');
    line.className = 'st-row-line';
    line.textContent = t('st.row.line', { line: row.line });
    head.append(line, badge(row.outcome));
    const place = document.createElement('span');
    place.className = 'st-row-place';
    place.textContent = placeOf(row);
    b.append(head, place);
    b.addEventListener('click', () => selectRow(row));
    li.append(b);
    return li;
  }));
  if (!st.rows.length) {
    $('detail').hidden = true;
    $('placeholder').hidden = false;
    $('placeholder').textContent = t('st.rows.none');
  }
}

function badge(outcome) {
  const s = document.createElement('span');
  s.className = `st-badge st-badge-${outcome}`;
  s.textContent = t(`st.outcome.${outcome}`);
  return s;
}

// ---- one row: its choices and the map --------------------------------------------------------

const unitCache = new Map();
function unitByCode(edition, code) {
  const key = `${edition}|${code}`;
  if (!unitCache.has(key)) {
    unitCache.set(key, call(`/api/search?${q({ code, edition, limit: 5 })}`)
      .then((d) => d.results.find((r) => r.code === code) || null)
      .catch((e) => { unitCache.delete(key); throw e; }));
  }
  return unitCache.get(key);
}
const featureCache = new Map();
function unitFeature(id) {
  if (!featureCache.has(id)) {
    featureCache.set(id, call(`/api/units/${id}`).catch((e) => { featureCache.delete(id); throw e; }));
  }
  return featureCache.get(id);
}

/** "06286022 Thôn Nà Pàn" → {code, name}. */
function parseCandidate(text) {
  const s = String(text);
  const sp = s.indexOf(' ');
  return sp < 0 ? { code: s, name: s } : { code: s.slice(0, sp), name: s.slice(sp + 1) };
}

/** The hamlets a row may go to: its hamlet candidates, the hamlet it is on now (fuzzy), else the
 *  hamlets of its candidate communes or of the commune it was placed in. */
async function choicesFor(row, edition) {
  /** @type {{code: string, id: number, name: string, parent: string, kind: string, feature?: any}[]} */
  const out = [];
  const communes = new Set();
  const add = (c) => { if (!out.some((o) => o.code === c.code)) out.push(c); };
  for (const cand of (row.candidates || []).map(parseCandidate)) {
    const unit = await unitByCode(edition, cand.code);
    if (!unit) continue;
    if (unit.level === 'hamlet') add({ code: unit.code, id: unit.id, name: unit.name, parent: unit.parent_name, kind: 'candidate' });
    else if (unit.level === 'commune') communes.add(unit.code);
  }
  if (row.hamlet_code) {
    const unit = await unitByCode(edition, row.hamlet_code);
    if (unit) {
      const known = out.find((o) => o.code === unit.code);
      if (known) known.kind = 'current';
      else out.unshift({ code: unit.code, id: unit.id, name: unit.name, parent: unit.parent_name, kind: 'current' });
    }
  }
  if (!communes.size && out.length <= 1 && row.commune_code) communes.add(row.commune_code);
  const context = [];
  for (const code of communes) {
    const page = await call(`/api/units?${q({ edition, level: 'hamlet', parent_code: code, limit: 500 })}`);
    for (const f of page.features) {
      add({ code: f.properties.code, id: f.id, name: f.properties.name, parent: f.properties.parent_name, feature: f, kind: 'commune' });
    }
  }
  await Promise.all(out.map(async (c) => { if (!c.feature) c.feature = await unitFeature(c.id); }));
  await markTaken(out, edition, st.imp.as_of);
  const parents = [...new Set(out.map((c) => c.feature?.properties?.parent_id).filter(Boolean))];
  context.push(...await Promise.all(parents.map((id) => unitFeature(id).catch(() => null))));
  return { choices: out, context: context.filter(Boolean) };
}

/** Tags the hamlets that have a team in the snapshot already (a hint: the API has the last word). */
async function markTaken(choices, edition, asOf) {
  const communes = [...new Set(choices.map((c) => c.feature?.properties?.parent_code).filter(Boolean))];
  const taken = new Set();
  await Promise.all(communes.map(async (code) => {
    try {
      const d = await call(`/api/stats/coverage?${q({ edition, level: 'hamlet', parent_code: code, as_of: asOf })}`);
      for (const u of d.units) if (u.teams > 0) taken.add(u.code);
    } catch { /* only a hint */ }
  }));
  for (const c of choices) c.taken = c.kind !== 'current' && taken.has(c.code);
}

async function selectRow(row) {
  const token = ++st.token;
  st.row = row;
  st.choices = [];
  st.searchChoices = [];
  for (const b of $('rows').querySelectorAll('.st-row')) b.setAttribute('aria-pressed', String(b.dataset.line === String(row.line)));
  $('placeholder').hidden = true;
  $('detail').hidden = false;
  renderRowHead();
  $('choices').replaceChildren();
  $('search-choices').replaceChildren();
  $('hamlet-q').value = '';
  $('choices-none').hidden = true;
  $('map-note').hidden = true;
  if (!st.map) st.map = new ChoiceMap('map', { onPick: focusChoice, ariaLabel: t('st.map.aria') });
  st.map.show([], []); // the last row's hamlets go at once
  setLoading(true);
  let found;
  try {
    found = await choicesFor(row, st.imp.edition);
  } catch (e) {
    if (token === st.token) { showError(e); setLoading(false); }
    return;
  }
  if (token !== st.token) return;
  st.choices = found.choices.map((c, i) => ({ ...c, number: i + 1 }));
  st.context = found.context;
  renderChoices();
  const drawn = await st.map.show(st.choices, st.context);
  if (token !== st.token) return;
  setLoading(false);
  $('map-note').hidden = drawn > 0;
  $('map-note').textContent = t('st.map.none');
}

function setLoading(loading) {
  st.loading = loading;
  $('choices-loading').hidden = !loading;
}

function renderRowHead() {
  const row = st.row;
  const title = $('row-title');
  title.replaceChildren();
  const text = document.createElement('span');
  text.textContent = row.row && String(row.row) !== String(row.line)
    ? `${t('st.row.line', { line: row.line })} · ${t('st.row.stt', { row: row.row })}`
    : t('st.row.line', { line: row.line });
  title.append(text, ' ', badge(row.outcome));
  const w = row.written || {};
  const written = $('row-written');
  written.replaceChildren();
  for (const f of ['hamlet', 'commune', 'commune_code', 'district', 'province', 'team_name']) {
    if (!w[f] || !String(w[f]).trim()) continue;
    const item = document.createElement('span');
    item.className = 'st-written-item';
    const label = document.createElement('span');
    label.className = 'muted';
    label.textContent = `${t(`st.field.${f}`)}: `;
    const value = document.createElement('strong');
    value.textContent = w[f];
    item.append(label, value);
    written.append(item);
  }
  if (!written.childNodes.length) written.textContent = t('st.row.noname');
  $('row-reason').textContent = row.reason ? t('st.reason', { reason: reasonText(row.reason) }) : '';
  $('row-reason').title = row.reason || '';
  // The row as written (leader, phone…) comes only with a key, and only this steward sees it.
  const cells = Array.isArray(row.cells) ? row.cells.filter((c) => c !== null && String(c).trim()) : [];
  $('row-cells').hidden = !cells.length;
  $('row-cells-list').replaceChildren(...cells.map((c) => {
    const li = document.createElement('li');
    li.textContent = c;
    return li;
  }));
}

function choiceButton(c) {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `st-choice st-choice-${c.kind}`;
  b.dataset.code = c.code;
  b.setAttribute('aria-label', t('st.choice.aria', { line: st.row.line, name: c.name, parent: c.parent || '' }));
  const num = document.createElement('span');
  num.className = 'st-num';
  num.textContent = String(c.number);
  const body = document.createElement('span');
  body.className = 'st-choice-body';
  const name = document.createElement('span');
  name.className = 'st-choice-name';
  name.textContent = c.name;
  const meta = document.createElement('span');
  meta.className = 'st-choice-meta';
  meta.textContent = [c.parent, t('st.choice.code', { code: c.code })].filter(Boolean).join(' · ');
  body.append(name, meta);
  b.append(num, body);
  for (const [show, key, cls] of [[c.kind === 'current' || c.kind === 'candidate', `st.choice.${c.kind}`, 'st-tag'],
    [c.taken, 'st.choice.taken', 'st-tag st-tag-taken']]) {
    if (!show) continue;
    const tag = document.createElement('span');
    tag.className = cls;
    tag.textContent = t(key);
    b.append(tag);
  }
  b.addEventListener('mouseenter', () => st.map?.highlight(c.code));
  b.addEventListener('focus', () => st.map?.highlight(c.code));
  b.addEventListener('click', () => resolve(st.row, c.code, `${c.name}${c.parent ? `, ${c.parent}` : ''}`));
  li.append(b);
  return li;
}

function renderChoices() {
  $('choices').replaceChildren(...st.choices.map(choiceButton));
  $('choices-none').hidden = st.choices.length > 0 || st.loading;
  $('search-choices').replaceChildren(...st.searchChoices.map(choiceButton));
}

function focusChoice(code) {
  /** @type {HTMLButtonElement|null} */
  const b = document.querySelector(`.st-choice[data-code="${CSS.escape(code)}"]`);
  if (b) { b.scrollIntoView({ block: 'nearest' }); b.focus({ preventScroll: true }); }
}

async function searchHamlets(text) {
  const row = st.row;
  if (!row || !text.trim()) return;
  const token = st.token;
  let found;
  try {
    found = (await call(`/api/search?${q({ q: text.trim(), edition: st.imp.edition, level: 'hamlet', limit: 10 })}`)).results;
    found = found.filter((r) => !st.choices.some((c) => c.code === r.code));
    await Promise.all(found.map(async (r) => { r.feature = await unitFeature(r.id); }));
    await markTaken(found, st.imp.edition, st.imp.as_of);
  } catch (e) {
    showError(e);
    return;
  }
  if (token !== st.token) return;
  st.searchChoices = found.map((r, i) => ({
    code: r.code, id: r.id, name: r.name, parent: r.parent_name, feature: r.feature, kind: 'search', taken: r.taken,
    number: st.choices.length + i + 1,
  }));
  renderChoices();
  if (!found.length) showMessage(t('st.search.none'), 'info');
  await st.map.show([...st.choices, ...st.searchChoices], st.context || []);
}

// ---- resolving -------------------------------------------------------------------------------

function setBusy(busy) {
  st.busy = busy;
  document.body.dataset.busy = busy ? '1' : '0';
  for (const b of document.querySelectorAll('.st-choice, #not-unit')) /** @type {HTMLButtonElement} */ (b).disabled = busy;
}

async function resolve(row, code, label) {
  if (st.busy || !row || !st.imp) return;
  setBusy(true);
  showMessage(t('st.saving'), 'info');
  try {
    await call(`/api/imports/${st.imp.id}/resolutions`, {
      method: 'POST', key: st.key, body: { resolutions: [{ line: row.line, hamlet_code: code }] },
    });
  } catch (e) {
    setBusy(false);
    showError(e);
    if (e.status === 401 || (e.status === 403 && !e.message.includes('outside the key'))) forgetKey();
    return;
  }
  st.resolved += 1;
  const at = st.rows.indexOf(row);
  st.rows = st.rows.filter((r) => r !== row);
  st.totals[row.outcome] = Math.max(0, (st.totals[row.outcome] ?? 1) - 1);
  showMessage(code ? t('st.done.placed', { line: row.line, name: label }) : t('st.done.not_unit', { line: row.line }), 'ok');
  try {
    await refreshFigures();
  } catch (e) {
    showError(e);
  }
  setBusy(false);
  renderRows();
  const next = st.rows[Math.min(Math.max(at, 0), st.rows.length - 1)];
  if (next) await selectRow(next);
  else st.row = null;
}

// ---- language ---------------------------------------------------------------------------------

function switchLang(lang) {
  setLang(lang);
  $('message').hidden = true; // said in the other language
  document.title = t('st.title');
  translateDom();
  $('lang-switch').lang = getLang() === 'vi' ? 'en' : 'vi';
  const u = new URL(location.href);
  u.searchParams.set('lang', getLang());
  history.replaceState(null, '', u);
  renderKey();
  if (st.imp) {
    fillImports();
    renderFigures(); // the same figures: nothing is marked as changed
    renderRows();
  }
  if (st.row && !$('detail').hidden) {
    renderRowHead();
    renderChoices();
  }
  if (st.map) st.map.map.getCanvas().setAttribute('aria-label', t('st.map.aria'));
}

// ---- start --------------------------------------------------------------------------------------

async function main() {
  setLang(LANGS.includes(params.get('lang')) ? params.get('lang') : 'vi');
  document.title = t('st.title');
  translateDom();
  $('lang-switch').lang = getLang() === 'vi' ? 'en' : 'vi';
  $('placeholder').hidden = true;
  $('lang-switch').addEventListener('click', () => switchLang(getLang() === 'vi' ? 'en' : 'vi'));
  $('key-form').addEventListener('submit', (e) => { e.preventDefault(); useKey($('key-input').value.trim()); });
  $('key-forget').addEventListener('click', () => forgetKey());
  $('import').addEventListener('change', (e) => {
    const imp = st.imports.find((i) => String(i.id) === e.target.value);
    if (imp) { st.imp = imp; openImport(imp.id); }
  });
  $('not-unit').addEventListener('click', () => resolve(st.row, null, null));
  $('hamlet-search').addEventListener('submit', (e) => { e.preventDefault(); searchHamlets($('hamlet-q').value); });
  window.addEventListener('resize', () => st.map?.resize());
  renderKey();
  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) await useKey(saved);
  document.body.dataset.ready = '1';
  readyResolve();
}

main();
