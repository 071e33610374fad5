// Map core shared by the viewer (index.html) and the embed page (embed.html).
//
// MapLibre GL JS is loaded beforehand as a classic script from
// /vendor/maplibre-gl.js (served by covermap from node_modules), which
// defines the global `maplibregl`.
//
// Data model: one vector tile source "covermap" (TileJSON from
// /tiles/coverage.json?edition=&as_of=) with source layers provinces,
// districts (2009 only), communes and hamlets. Feature ids are unit ids.
// Choropleth classes come from /api/stats/breaks, LISA clusters from
// /api/stats/lisa (applied as feature-state "lisa"), hover and selection are
// feature-state too ("hover", "selected").
// Founding months (/api/stats/monthly): in month mode the level shown reads
// its figure from feature-state "m" (the month's value of the metric) and is
// classed with the snapshot's breaks, so colours compare across months.
// Change map (compare = a second snapshot): the tiles are asked with
// &compare= and carry <metric>_change (value at as_of minus at compare); the
// fill classes it with /api/stats/breaks?compare= in a diverging palette,
// losses brown, no change light grey, gains blue-green.
// Converted snapshots (another edition's registry carried onto this
// edition's units, map-config `converted`) are marked in the legend.

/* global maplibregl */
import { t, formatNumber, formatPercent, formatMonth, formatDate } from './i18n.js';

// ---- API access -------------------------------------------------------------

/**
 * Base URL of the covermap API. Same origin by default. For development the
 * page may be opened with ?api=http://127.0.0.1:8095 — honoured only when the
 * page itself comes from a loopback host, so a crafted link to a public page
 * cannot make it show data from elsewhere.
 */
export const API = (() => {
  if (typeof location === 'undefined') return ''; // imported by node's unit tests
  const p = new URLSearchParams(location.search).get('api');
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
  return p && loopback && /^https?:\/\//.test(p) ? p.replace(/\/+$/, '') : '';
})();

export const q = (params) => new URLSearchParams(
  Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '')).toString();

export async function getJson(path, opts = {}) {
  const r = await fetch(API + path, { signal: opts.signal, headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await r.json(); } catch { /* not JSON */ }
  if (!r.ok) throw new Error(body?.message || `${r.status} ${r.statusText}`);
  return body;
}

// Unit look-ups by code (for bboxes and breadcrumbs), cached per session.
const unitCache = new Map();
export function lookupUnit(edition, level, code) {
  const key = `${edition}|${level}|${code}`;
  if (!unitCache.has(key)) {
    unitCache.set(key, getJson(`/api/search?${q({ code, level, edition })}`)
      .then((d) => d.results.find((r) => r.code === code && r.level === level) || d.results[0] || null)
      .catch(() => { unitCache.delete(key); return null; }));
  }
  return unitCache.get(key);
}

// ---- metrics ----------------------------------------------------------------

export const BASE_METRICS = ['coverage_rate', 'teams', 'members_per_1000_households', 'supported_share'];
/** Metrics /api/stats/monthly has values for (the month control works only for these). */
export const MONTHLY_METRICS = ['coverage_rate', 'teams', 'members', 'covered_hamlets'];
/** Metrics a change map can show: the tiles carry <metric>_change for these. */
export const CHANGE_METRICS = ['coverage_rate', 'teams', 'members', 'covered_hamlets'];
/**
 * Empirical-Bayes smoothed coverage rates (not in the tiles): metric → /api/stats/rates method.
 * The map draws them from feature-state "eb".
 */
export const SMOOTHED_METRICS = { coverage_rate_eb: 'global', coverage_rate_ebl: 'local' };
export const isSmoothed = (m) => Object.prototype.hasOwnProperty.call(SMOOTHED_METRICS, m);
export const LEVEL_ORDER = ['province', 'district', 'commune', 'hamlet'];
export const sourceLayerOf = (level) => `${level}s`;
const levelOfSourceLayer = (sl) => sl.replace(/s$/, '');

/** Metrics offered for a TileJSON: the base ones plus every indicator@period. */
export function metricsOf(tilejson) {
  const fields = new Set();
  for (const l of tilejson.vector_layers) {
    for (const [f, ty] of Object.entries(l.fields || {})) if (ty === 'Number') fields.add(f);
  }
  const indicators = [...fields].filter((f) => f.includes('@')).sort();
  const base = BASE_METRICS.filter((m) => fields.has(m));
  // The smoothed rates right after the raw one they smooth.
  if (fields.has('coverage_rate')) base.splice(base.indexOf('coverage_rate') + 1, 0, ...Object.keys(SMOOTHED_METRICS));
  return [...base, ...indicators];
}

export function metricLabel(m) {
  if (m.includes('@')) {
    const [base, period] = m.split('@');
    const key = `metric.${base}`;
    const label = t(key);
    return `${label === key ? base : label} (${period})`;
  }
  const key = `metric.${m}`;
  const label = t(key);
  return label === key ? m : label;
}

const isShare = (m) => /(share|rate)(@|$)/.test(m) || isSmoothed(m);

/** Format a metric value for popups and legends. */
export function formatMetric(m, v) {
  if (v === null || v === undefined || Number.isNaN(v)) return t('popup.nodata');
  if (isShare(m)) return formatPercent(v, 1);
  if (m === 'members_per_1000_households') return formatNumber(v, 1);
  return formatNumber(v, Number.isInteger(v) ? 0 : 1);
}

/**
 * A change of a metric, signed: "+5,2 điểm %" for a rate (percentage points; without the unit
 * when `unit` is false), "+12" / "−3" for counts, "0" for none.
 */
export function formatChange(m, v, { unit = true } = {}) {
  if (v === null || v === undefined || Number.isNaN(v)) return t('popup.nodata');
  const sign = v > 0 ? '+' : v < 0 ? '−' : '';
  if (isShare(m)) return `${sign}${formatNumber(Math.abs(v) * 100, 1)}${unit ? ` ${t('change.points')}` : ''}`;
  return `${sign}${formatNumber(Math.abs(v), Number.isInteger(v) ? 0 : 1)}`;
}

// ---- snapshots --------------------------------------------------------------

/** A snapshot of an edition converted from another edition's registry (map-config `converted`), or null. */
export function conversionOf(edition, asOf) {
  return (asOf && edition?.converted?.[asOf]) || null;
}

/** The default snapshot of an edition: its own newest, a converted one only when it has none. */
export function defaultSnapshot(edition) {
  const snaps = edition?.snapshots || [];
  return snaps.find((d) => !conversionOf(edition, d)) || snaps[0];
}

/** A snapshot's date as the selectors show it, converted ones marked: "31/12/2023 (từ bản đồ 2009)". */
export function snapshotLabel(edition, asOf) {
  const c = conversionOf(edition, asOf);
  return c ? `${formatDate(asOf)} ${t('snapshot.converted', { from: c.from })}` : formatDate(asOf);
}

export function unitTypeLabel(unitType, level) {
  const key = `type.${unitType}`;
  const s = unitType ? t(key) : key;
  return s === key ? t(`level.${level}`) : s;
}

// ---- colours ----------------------------------------------------------------
// Sequential palettes, both colour-blind safe: ColorBrewer YlGnBu (default)
// and viridis. Indexed by the number of classes.
export const PALETTES = {
  ylgnbu: {
    3: ['#edf8b1', '#7fcdbb', '#2c7fb8'],
    4: ['#ffffcc', '#a1dab4', '#41b6c4', '#225ea8'],
    5: ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'],
    6: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'],
    7: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'],
  },
  viridis: {
    3: ['#440154', '#21918c', '#fde725'],
    4: ['#440154', '#31688e', '#35b779', '#fde725'],
    5: ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'],
    6: ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'],
    7: ['#440154', '#443983', '#31688e', '#21918c', '#35b779', '#90d743', '#fde725'],
  },
};
export const K = 5;
export const COLORS = {
  nodata: '#bdbdbd',
  background: '#dfe6ec',
  province: '#333333',
  // Hamlets: a filled dark dot = has a team, a hollow (white) dot with an
  // orange ring = no team yet. Shape and lightness differ, not just hue, so
  // the two read apart on every class colour and for colour-blind readers.
  hamletTeam: '#1b1b1b',
  hamletNoTeam: '#ffffff',
  hamletNoTeamRing: '#d95f02',
  hover: '#111111',
  selected: '#c2185b',
  // LISA clusters (ColorBrewer RdYlBu ends; red/blue distinguishable for CVD)
  HH: '#d7191c', LL: '#2c7bb6', HL: '#fdae61', LH: '#abd9e9', ns: '#f4f4f4',
};
export const CLUSTERS = ['HH', 'LL', 'HL', 'LH'];
// Change maps: ColorBrewer BrBG (colour-blind safe), losses brown, gains
// blue-green, darker further from no change; indexed by classes per side.
export const DIVERGING = {
  loss: {
    1: ['#d8b365'], 2: ['#d8b365', '#f6e8c3'], 3: ['#8c510a', '#d8b365', '#f6e8c3'],
    4: ['#8c510a', '#bf812d', '#dfc27d', '#f6e8c3'], 5: ['#543005', '#8c510a', '#bf812d', '#dfc27d', '#f6e8c3'],
  },
  gain: {
    1: ['#5ab4ac'], 2: ['#c7eae5', '#5ab4ac'], 3: ['#c7eae5', '#5ab4ac', '#01665e'],
    4: ['#c7eae5', '#80cdc1', '#35978f', '#01665e'], 5: ['#c7eae5', '#80cdc1', '#35978f', '#01665e', '#003c30'],
  },
  unchanged: '#f2f2f2',
};

/** n colours of a side of the diverging palette, ordered from low to high values. */
function sideColors(side, n) {
  if (n <= 0) return [];
  const ramp = DIVERGING[side][Math.min(5, n)];
  if (n <= 5) return ramp;
  // More classes than the table has: spread over the five.
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * 4) / (n - 1))]);
}

/**
 * Colours of change classes b0..bk (0 is a break between losses and gains,
 * see /api/stats/breaks?compare=): a class below 0 is a loss, one above a gain.
 */
export function changeColors(breaks) {
  const kinds = [];
  for (let i = 0; i < breaks.length - 1; i++) {
    const [a, b] = [breaks[i], breaks[i + 1]];
    kinds.push(a === 0 && b === 0 ? 'unchanged' : a + b < 0 ? 'loss' : 'gain');
  }
  const loss = sideColors('loss', kinds.filter((k) => k === 'loss').length);
  const gain = sideColors('gain', kinds.filter((k) => k === 'gain').length);
  let li = 0;
  let gi = 0;
  return kinds.map((k) => ({
    kind: k, color: k === 'loss' ? loss[li++] : k === 'gain' ? gain[gi++] : DIVERGING.unchanged }));
}

function paletteFor(name, k) {
  const p = PALETTES[name] || PALETTES.ylgnbu;
  return p[k] || p[Math.min(7, Math.max(3, k))];
}

/** Units per class (right-closed, as classExpression draws them) of the given values. */
export function classCounts(values, breaks) {
  const counts = new Array(breaks.length - 1).fill(0);
  for (const v of values) {
    if (typeof v !== 'number') continue;
    let i = 1;
    while (i < breaks.length - 1 && v > breaks[i]) i++;
    counts[i - 1]++;
  }
  return counts;
}

/**
 * Colour expression for class breaks b0..bk (`get`: the value expression). Classes are right-closed, as
 * /api/stats/breaks counts them: class 0 is [b0, b1], class i is (bi, bi+1].
 * Repeated breaks (e.g. many units at 100%) leave an empty class, which the
 * first-match "case" skips naturally.
 */
export function classExpression(get, breaks, colors) {
  const num = ['to-number', get];
  const expr = ['case', ['!=', ['typeof', get], 'number'], COLORS.nodata];
  for (let i = 1; i < breaks.length - 1; i++) expr.push(['<=', num, breaks[i]], colors[i - 1]);
  expr.push(colors[colors.length - 1]);
  return expr;
}

/** Colour expression of a change map: no change (exactly 0) apart, then the classes. */
export function changeExpression(get, breaks, colors) {
  /** @type {any[]} */
  const expr = classExpression(get, breaks, colors);
  // ['case', <not a number>, nodata, ...]: no change comes right after "no data".
  expr.splice(3, 0, ['==', ['to-number', get], 0], DIVERGING.unchanged);
  return expr;
}

// ---- the map ----------------------------------------------------------------

const SOURCE = 'covermap';
// Map text: SDF glyphs the server renders from Noto Sans (/fonts/{fontstack}/{range}.pbf). MapLibre
// wants an absolute URL with the placeholders as they are.
const GLYPHS = `${API || (typeof location === 'undefined' ? '' : location.origin)}/fonts/{fontstack}/{range}.pbf`;
export const FONT_REGULAR = 'Noto Sans Regular';
export const FONT_BOLD = 'Noto Sans Bold';

/**
 * A covermap map. Options:
 *  container, config (from /api/map-config), edition, asOf, metric, method,
 *  palette, level ('auto' or a level), province (code or null),
 *  clusters (bool), hash (bool), fit (bool: fit edition/province bounds),
 *  zoom/center (override the fit), onLegend(model), onSelect(unit|null),
 *  onView() (active level or view changed).
 */
export class CoverMap {
  constructor(opts) {
    this.opts = opts;
    this.state = {
      edition: opts.edition, asOf: opts.asOf, compare: opts.compare || null, metric: opts.metric || 'coverage_rate',
      method: opts.method || 'quantile', palette: opts.palette || 'ylgnbu',
      level: opts.level || 'auto', province: opts.province || null,
      clusters: !!opts.clusters, clustersFdr: !!opts.clustersFdr, clustersWith: opts.clustersWith || null, activeLevel: null, selected: null, legend: null,
      month: null, // YYYY-MM in month mode, null = the snapshot's own figures
    };
    this.months = null; // {key, status, months, undated} of the current edition/snapshot
    this.monthCache = new Map(); // monthly API path -> Promise<Map id -> unit figures>
    this.monthLevel = {}; // level -> {key, status, units} applied as feature-state "m"
    this.classes = {}; // level -> {status, breaks, counts, colors}
    this.breakCache = new Map();
    this.lisa = {}; // level -> {key, ids:Set, counts, status}
    this.smoothed = {}; // level -> {key, status, values: Map id -> smoothed rate} applied as feature-state "eb"
    this.hovered = null;
    this.popup = null;
    this.classToken = 0;
  }

  edition() {
    return this.opts.config.editions.find((e) => e.name === this.state.edition) || this.opts.config.editions[0];
  }

  /** Choropleth levels of the current edition present in the tiles, coarse to fine. */
  choroLevels() {
    const inTiles = new Set(this.tilejson.vector_layers.map((l) => levelOfSourceLayer(l.id)));
    return LEVEL_ORDER.filter((l) => l !== 'hamlet' && inTiles.has(l) &&
      (this.edition().levels || LEVEL_ORDER).includes(l));
  }

  layerMeta(level) {
    return this.tilejson.vector_layers.find((l) => l.id === sourceLayerOf(level));
  }

  layerHasMetric(level, metric = this.valueField()) {
    const meta = this.layerMeta(level);
    if (isSmoothed(metric)) metric = 'coverage_rate'; // smoothed where the raw rate is
    return !!(meta && meta.fields && metric in meta.fields);
  }

  /** A change map: compare set, for a metric the tiles carry a change of, without LISA. */
  changeMode() {
    return !!this.state.compare && CHANGE_METRICS.includes(this.state.metric) && !this.state.clusters;
  }

  /** The tile property the fill reads: the metric, or its change on a change map. */
  valueField() {
    return this.changeMode() ? `${this.state.metric}_change` : this.state.metric;
  }

  /** The converted snapshots shown ({asOf, from, method}): the one mapped and, on a change map, the one compared with. */
  conversions() {
    const dates = [this.state.asOf, ...(this.changeMode() ? [this.state.compare] : [])];
    const out = [];
    for (const d of dates) {
      let c = conversionOf(this.edition(), d);
      // Before map-config knows of it (or an older server): the TileJSON says so too.
      const tc = this.tilejson?.conversion;
      if (!c && tc && (tc.as_of ?? this.tilejson.as_of) === d) c = tc;
      if (c) out.push({ asOf: d, from: c.from, method: c.method });
    }
    return out;
  }

  /** Zoom range [min, max) of each choropleth level for the current level mode. */
  levelRanges() {
    const lv = this.choroLevels();
    const fixed = lv.includes(this.state.level) ? this.state.level : null;
    const upto = fixed ? lv.indexOf(fixed) : lv.length - 1;
    const ranges = {};
    for (let i = 0; i < lv.length; i++) {
      if (i > upto) { ranges[lv[i]] = null; continue; }
      const min = i === 0 ? 0 : this.layerMeta(lv[i]).minzoom || 0;
      const max = i < upto ? this.layerMeta(lv[i + 1]).minzoom : 24;
      ranges[lv[i]] = [min, max];
    }
    return ranges;
  }

  /** The choropleth level drawn at the current zoom. */
  activeLevel() {
    const z = this.map.getZoom();
    const ranges = this.levelRanges();
    for (const [l, r] of Object.entries(ranges)) if (r && z >= r[0] && z < r[1]) return l;
    return this.choroLevels()[0];
  }

  tileJsonPath() {
    const compare = this.changeMode() ? this.state.compare : null;
    return `/tiles/coverage.json?${q({ edition: this.state.edition, as_of: this.state.asOf, compare })}`;
  }

  // ---- construction ---------------------------------------------------------

  async init() {
    this.tilejson = await getJson(this.tileJsonPath());
    if (!this.state.asOf) this.state.asOf = this.tilejson.as_of;
    this.tilePath = this.tileJsonPath();
    const basemap = this.opts.config.basemap_style;
    const ed = this.edition();
    // Initial view: explicit centre/zoom, else the given bounds, else the edition's.
    const view = this.opts.view || {};
    const camera = view.center && Number.isFinite(view.zoom)
      ? { center: view.center, zoom: view.zoom }
      : { bounds: view.bounds || ed.bounds || this.tilejson.bounds, fitBoundsOptions: { padding: 20 } };
    const mapOpts = {
      container: this.opts.container,
      style: basemap || { version: 8, glyphs: GLYPHS, sources: {}, layers: [] },
      ...camera,
      hash: !!this.opts.hash,
      attributionControl: false,
      doubleClickZoom: false, // double-click on a unit fits it instead (see below)
      dragRotate: false,
      pitchWithRotate: false,
      maxZoom: 16,
      locale: this.locale(),
    };
    this.map = new maplibregl.Map(mapOpts);
    this.map.touchZoomRotate.disableRotation();
    if (this.opts.levelZoom && view.bounds) {
      // A fixed level must be visible: do not start below its tiles' minzoom.
      const meta = this.layerMeta(this.state.level);
      if (meta && this.map.getZoom() < meta.minzoom) this.map.jumpTo({ zoom: meta.minzoom });
    }
    this.attribution = new maplibregl.AttributionControl({ compact: true, customAttribution: t('attribution') });
    this.map.addControl(this.attribution, 'bottom-right');
    if (this.opts.navigation !== false) {
      this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    }
    await new Promise((resolve) => this.map.once('load', resolve));
    this.addLayers();
    this.bindEvents();
    this.state.activeLevel = this.activeLevel();
    await this.refreshClasses();
    if (this.state.clusters) await this.refreshLisa();
    await this.idle();
  }

  /** MapLibre UI strings in the current language. */
  locale() {
    return {
      'NavigationControl.ZoomIn': t('zoom.in'),
      'NavigationControl.ZoomOut': t('zoom.out'),
      'NavigationControl.ResetBearing': t('compass'),
      'Popup.Close': t('popup.close'),
      'AttributionControl.ToggleAttribution': t('attribution.toggle'),
      'Map.Title': t('map.aria'),
    };
  }

  /** Resolves when the map has loaded the tiles of the current view. */
  idle() {
    return new Promise((resolve) => {
      if (this.map.loaded() && this.map.areTilesLoaded()) resolve();
      else this.map.once('idle', resolve);
    });
  }

  provinceFilter() {
    return this.state.province ? ['==', ['get', 'province_code'], this.state.province] : null;
  }

  withProvince(filter) {
    const pf = this.provinceFilter();
    if (!pf) return filter || undefined;
    return filter ? ['all', filter, pf] : pf;
  }

  addLayers() {
    const m = { // addLayer without an undefined "filter" key (the style spec rejects it)
      addLayer: (layer, before) => {
        if (layer.filter === undefined) delete layer.filter;
        this.map.addLayer(layer, before);
      },
      addSource: (...a) => this.map.addSource(...a),
      getStyle: () => this.map.getStyle(),
    };
    const tj = this.tilejson;
    const basemap = !!this.opts.config.basemap_style;
    // With a basemap, choropleth goes below its labels; outlines stay on top.
    const firstSymbol = basemap ? (m.getStyle().layers.find((l) => l.type === 'symbol') || {}).id : undefined;
    if (!basemap) {
      m.addLayer({ id: 'cm-background', type: 'background', paint: { 'background-color': COLORS.background } });
    }
    m.addSource(SOURCE, {
      type: 'vector', tiles: tj.tiles, minzoom: tj.minzoom ?? 0, maxzoom: tj.maxzoom ?? 14,
      bounds: tj.bounds, attribution: '',
    });
    const levels = this.choroLevels();
    for (const level of levels) {
      m.addLayer({
        id: `cm-fill-${level}`, type: 'fill', source: SOURCE, 'source-layer': sourceLayerOf(level),
        filter: this.withProvince(null),
        paint: { 'fill-color': COLORS.nodata, 'fill-opacity': basemap ? 0.75 : 0.95 },
      }, firstSymbol);
    }
    // Thin boundaries of the finer levels.
    if (levels.includes('commune')) {
      m.addLayer({
        id: 'cm-line-commune', type: 'line', source: SOURCE, 'source-layer': 'communes',
        minzoom: this.layerMeta('commune').minzoom || 8, filter: this.withProvince(null),
        paint: { 'line-color': '#ffffff', 'line-opacity': 0.7,
                 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.3, 12, 1] },
      });
    }
    if (levels.includes('district')) {
      m.addLayer({
        id: 'cm-line-district', type: 'line', source: SOURCE, 'source-layer': 'districts',
        minzoom: this.layerMeta('district').minzoom || 6, filter: this.withProvince(null),
        paint: { 'line-color': '#6b6b6b', 'line-opacity': 0.8,
                 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.4, 12, 1.4] },
      });
    }
    // Hamlets: dots for points, light fills for polygons; team / no team.
    const hamletMeta = this.layerMeta('hamlet');
    if (hamletMeta) {
      const hasTeam = ['>', ['coalesce', ['get', 'teams'], 0], 0];
      const focused = ['any', ['boolean', ['feature-state', 'selected'], false],
        ['boolean', ['feature-state', 'hover'], false]];
      const hz = hamletMeta.minzoom || 11;
      m.addLayer({
        id: 'cm-hamlet-fill', type: 'fill', source: SOURCE, 'source-layer': 'hamlets', minzoom: hz,
        filter: this.withProvince(['==', ['geometry-type'], 'Polygon']),
        paint: { 'fill-color': ['case', hasTeam, COLORS.hamletTeam, COLORS.hamletNoTeamRing], 'fill-opacity': 0.4 },
      });
      m.addLayer({
        id: 'cm-hamlet-dot', type: 'circle', source: SOURCE, 'source-layer': 'hamlets', minzoom: hz,
        filter: this.withProvince(['==', ['geometry-type'], 'Point']),
        paint: {
          'circle-color': ['case', hasTeam, COLORS.hamletTeam, COLORS.hamletNoTeam],
          // Hovered / selected dots grow by 3 px ("zoom" must be the top-level input).
          'circle-radius': ['interpolate', ['linear'], ['zoom'],
            11, ['case', focused, 6.5, 3.5],
            14, ['case', focused, 9, 6]],
          'circle-stroke-color': ['case',
            ['boolean', ['feature-state', 'selected'], false], COLORS.selected,
            hasTeam, '#ffffff', COLORS.hamletNoTeamRing],
          'circle-stroke-width': ['case', hasTeam, 1.5, 2.5],
        },
      });
    }
    // Hover / selection outlines (feature-state driven).
    const outlined = [...levels, ...(hamletMeta ? ['hamlet'] : [])];
    for (const level of outlined) {
      m.addLayer({
        id: `cm-focus-${level}`, type: 'line', source: SOURCE, 'source-layer': sourceLayerOf(level),
        filter: this.withProvince(level === 'hamlet' ? ['==', ['geometry-type'], 'Polygon'] : null),
        minzoom: level === 'hamlet' ? hamletMeta.minzoom || 11 : 0,
        paint: {
          'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], COLORS.selected, COLORS.hover],
          'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3.5, 2],
          'line-opacity': ['case',
            ['any', ['boolean', ['feature-state', 'selected'], false],
             ['boolean', ['feature-state', 'hover'], false]], 1, 0],
        },
      });
    }
    // Province boundaries, always visible, on top of everything.
    m.addLayer({
      id: 'cm-line-province', type: 'line', source: SOURCE, 'source-layer': 'provinces',
      filter: this.withProvince(null),
      paint: { 'line-color': COLORS.province,
               'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.7, 8, 1.4, 12, 2.4] },
    });
    // Names (without a basemap, which brings labels and glyphs of its own).
    if (!basemap) this.addLabelLayers(m);
    this.applyRanges();
  }

  /**
   * Names of the units as symbol layers over the tiles' label points (one per unit, in one tile):
   * hamlets from zoom 12, communes from 9, districts from 7, provinces throughout. Added coarse
   * last, so MapLibre's collision places province names first and drops what would overlap. Point
   * hamlets are named from their own layer, under their dot (a label layer would repeat them).
   */
  addLabelLayers(m) {
    const inTiles = new Set(this.tilejson.vector_layers.map((l) => l.id));
    const paint = {
      'text-color': '#18212b', 'text-halo-color': 'rgba(255, 255, 255, 0.92)', 'text-halo-width': 1.6, 'text-halo-blur': 0.4,
    };
    const label = (level, minzoom, font, size) => {
      if (!inTiles.has(`${level}_labels`)) return;
      m.addLayer({
        id: `cm-label-${level}`, type: 'symbol', source: SOURCE, 'source-layer': `${level}_labels`, minzoom,
        filter: this.withProvince(null),
        layout: {
          'text-field': ['get', 'name'], 'text-font': [font], 'text-size': size,
          'text-max-width': 8, 'text-padding': 3, 'text-letter-spacing': level === 'province' ? 0.04 : 0,
        },
        paint: level === 'province' ? { ...paint, 'text-color': '#102a43' } : paint,
      });
    };
    label('hamlet', 12, FONT_REGULAR, 11);
    if (inTiles.has('hamlets')) {
      m.addLayer({
        id: 'cm-label-hamlet-point', type: 'symbol', source: SOURCE, 'source-layer': 'hamlets', minzoom: 12,
        filter: this.withProvince(['==', ['geometry-type'], 'Point']),
        layout: {
          'text-field': ['get', 'name'], 'text-font': [FONT_REGULAR], 'text-size': 11, 'text-max-width': 8,
          'text-anchor': 'top', 'text-offset': [0, 0.7], 'text-padding': 3,
        },
        paint,
      });
    }
    label('commune', 9, FONT_REGULAR, ['interpolate', ['linear'], ['zoom'], 9, 11, 13, 14]);
    label('district', 7, FONT_REGULAR, ['interpolate', ['linear'], ['zoom'], 7, 11, 11, 13]);
    label('province', 4, FONT_BOLD, ['interpolate', ['linear'], ['zoom'], 4, 10.5, 7, 13, 10, 16]);
  }

  applyRanges() {
    const ranges = this.levelRanges();
    for (const [level, r] of Object.entries(ranges)) {
      for (const id of [`cm-fill-${level}`, `cm-focus-${level}`]) {
        if (!this.map.getLayer(id)) continue;
        this.map.setLayoutProperty(id, 'visibility', r ? 'visible' : 'none');
        if (r) this.map.setLayerZoomRange(id, r[0], r[1]);
      }
    }
  }

  /** Layers that answer hover and click, topmost first. */
  interactiveLayers() {
    const ids = ['cm-hamlet-dot', 'cm-hamlet-fill',
      ...[...this.choroLevels()].reverse().map((l) => `cm-fill-${l}`)];
    return ids.filter((id) => this.map.getLayer(id));
  }

  featureAt(point) {
    const fs = this.map.queryRenderedFeatures(point, { layers: this.interactiveLayers() });
    return fs.find((f) => f.id !== undefined && f.id !== null) || null;
  }

  /** Every rendered covermap feature (for tests and diagnostics). */
  renderedFeatures() {
    return this.map.queryRenderedFeatures({ layers: this.interactiveLayers() });
  }

  bindEvents() {
    const m = this.map;
    m.on('mousemove', (e) => {
      const f = this.featureAt(e.point);
      this.setHover(f);
      m.getCanvas().style.cursor = f ? 'pointer' : '';
    });
    m.getCanvas().addEventListener('mouseleave', () => this.setHover(null));
    m.on('click', (e) => {
      const f = this.featureAt(e.point);
      if (!f) { this.closePopup(); return; }
      const unit = this.unitFromFeature(f);
      this.openPopup(unit, e.lngLat);
      this.select(unit);
    });
    m.on('dblclick', (e) => {
      const f = this.featureAt(e.point);
      if (f) this.zoomTo(this.unitFromFeature(f));
      else m.easeTo({ zoom: m.getZoom() + 1, center: e.lngLat });
    });
    m.on('zoomend', () => this.onZoom());
  }

  onZoom() {
    const level = this.activeLevel();
    if (level === this.state.activeLevel) return;
    this.state.activeLevel = level;
    this.emitLegend();
    if (this.state.clusters) this.refreshLisa();
    if (this.state.month) this.loadMonthLevel(level);
    this.opts.onView?.();
  }

  featureRef(unit) {
    return { source: SOURCE, sourceLayer: sourceLayerOf(unit.level), id: unit.id };
  }

  setHover(f) {
    const key = f ? `${f.sourceLayer}/${f.id}` : null;
    if (key === this.hovered?.key) return;
    if (this.hovered) this.map.setFeatureState(this.hovered.ref, { hover: false });
    this.hovered = null;
    if (f) {
      const ref = { source: SOURCE, sourceLayer: f.sourceLayer, id: f.id };
      this.map.setFeatureState(ref, { hover: true });
      this.hovered = { key, ref };
    }
  }

  unitFromFeature(f) {
    const p = f.properties;
    return {
      id: f.id, level: levelOfSourceLayer(f.sourceLayer), code: p.code, name: p.name,
      unit_type: p.unit_type, parent_name: p.parent_name, parent_code: p.parent_code,
      province_code: p.province_code, props: p,
    };
  }

  /** Select a unit (or null): feature-state "selected" + onSelect callback. */
  select(unit) {
    if (this.state.selected) this.map.setFeatureState(this.featureRef(this.state.selected), { selected: false });
    this.state.selected = unit;
    if (unit) this.map.setFeatureState(this.featureRef(unit), { selected: true });
    this.opts.onSelect?.(unit);
  }

  /** Properties of a unit from the loaded tiles (null if none is loaded). */
  findProps(unit) {
    const fs = this.map.querySourceFeatures(SOURCE, {
      sourceLayer: sourceLayerOf(unit.level), filter: ['==', ['id'], unit.id] });
    return fs.length ? fs[0].properties : null;
  }

  async zoomTo(unit) {
    const r = await lookupUnit(this.state.edition, unit.level, unit.code);
    if (r?.bbox) this.fitBbox(r.bbox, unit.level);
  }

  fitBbox(bbox, level) {
    const [w, s, e, n] = bbox;
    const maxZoom = level === 'hamlet' ? 14 : 13;
    const padding = this.opts.padding?.() ?? 30; // the viewer keeps clear of its legend box
    this.map.fitBounds([[w, s], [e, n]], { padding, maxZoom, duration: this.opts.animate === false ? 0 : 800 });
  }

  // ---- popup --------------------------------------------------------------------

  closePopup() {
    if (this.popup) this.popup.remove();
    this.popup = null;
  }

  openPopup(unit, lngLat) {
    this.closePopup();
    this.popupUnit = { unit, lngLat };
    this.popup = new maplibregl.Popup({ maxWidth: '320px', className: 'cm-popup', focusAfterOpen: false })
      .setLngLat(lngLat).setDOMContent(this.popupContent(unit)).addTo(this.map);
    const close = this.popup.getElement().querySelector('.maplibregl-popup-close-button');
    if (close) { close.setAttribute('aria-label', t('popup.close')); close.title = t('popup.close'); }
    this.popup.on('close', () => { if (this.popup && !this.popup.isOpen()) this.popup = null; });
  }

  /** Re-render an open popup (after a language or time change). */
  refreshPopup() {
    if (!this.popup || !this.popupUnit) return;
    const { unit, lngLat } = this.popupUnit;
    const props = this.findProps(unit);
    if (props) unit.props = props;
    this.openPopup(unit, lngLat);
  }

  popupContent(unit) {
    const p = unit.props || {};
    const el = document.createElement('div');
    el.className = 'popup';
    el.lang = document.documentElement.lang;
    const h = document.createElement('h3');
    h.textContent = unit.name;
    el.append(h);
    const sub = document.createElement('p');
    sub.className = 'popup-sub';
    sub.textContent = unitTypeLabel(unit.unit_type, unit.level) +
      (unit.parent_name ? ` · ${t('popup.parent')}: ${unit.parent_name}` : '');
    el.append(sub);
    const dl = document.createElement('dl');
    const row = (label, value, cls) => {
      const dt = document.createElement('dt'); dt.textContent = label;
      const dd = document.createElement('dd'); dd.textContent = value;
      if (cls) dd.className = cls;
      dl.append(dt, dd);
    };
    const num = (v, d = 0) => (typeof v === 'number' ? formatNumber(v, d) : t('popup.nodata'));
    const mu = this.monthUnit(unit);
    if (mu) {
      // Month mode: the month's figures; the snapshot-only ones are left out.
      const note = document.createElement('p');
      note.className = 'popup-month';
      note.textContent = t('popup.month', { month: formatMonth(this.state.month) });
      el.append(note);
      row(t('popup.hamlets'), `${num(mu.covered_hamlets)} / ${num(mu.hamlets)}`, 'popup-hamlets');
      row(t('popup.coverage'), formatMetric('coverage_rate', mu.coverage_rate), 'popup-coverage');
      row(t('popup.teams'), num(mu.teams), 'popup-teams');
      row(t('popup.members'), num(mu.members), 'popup-members');
    } else if (unit.level === 'hamlet') {
      row(t('popup.teams'), (p.teams ?? 0) > 0 ? t('popup.hasteam') : t('popup.noteam'));
      if (typeof p.members === 'number') row(t('popup.members'), num(p.members));
    } else {
      row(t('popup.hamlets'), `${num(p.covered_hamlets)} / ${num(p.hamlets)}`, 'popup-hamlets');
      row(t('popup.coverage'), formatMetric('coverage_rate', p.coverage_rate), 'popup-coverage');
      row(t('popup.teams'), num(p.teams), 'popup-teams');
      row(t('popup.members'), num(p.members), 'popup-members');
      row(t('popup.per1000'), formatMetric('members_per_1000_households', p.members_per_1000_households));
      row(t('popup.supported'), formatMetric('supported_share', p.supported_share));
    }
    if (isSmoothed(this.state.metric) && unit.level !== 'hamlet') {
      const v = this.smoothed[unit.level]?.values?.get(unit.id);
      row(metricLabel(this.state.metric), formatMetric(this.state.metric, v), 'popup-smoothed');
    }
    if (this.state.clusters) {
      const st = this.map.getFeatureState(this.featureRef(unit));
      if (st?.lisa) row(t('cluster.popup'), st.lisa === 'not significant' ? t('cluster.ns') : t(`cluster.${st.lisa}`));
    }
    el.append(dl);
    if (this.changeMode() && !mu && unit.level !== 'hamlet') {
      // On a change map: what changed since the snapshot compared with.
      const h4 = document.createElement('h4');
      h4.textContent = t('popup.change', { date: formatDate(this.state.compare) });
      const changes = document.createElement('dl');
      changes.className = 'popup-change';
      for (const [m, key] of [['coverage_rate', 'popup.coverage'], ['covered_hamlets', 'popup.covered'],
        ['teams', 'popup.teams'], ['members', 'popup.members']]) {
        const dt = document.createElement('dt'); dt.textContent = t(key);
        const dd = document.createElement('dd'); dd.textContent = formatChange(m, p[`${m}_change`]);
        dd.className = `popup-change-${m}`;
        changes.append(dt, dd);
      }
      el.append(h4, changes);
    }
    const indicators = Object.keys(p).filter((k) => k.includes('@')).sort();
    if (indicators.length) {
      const h4 = document.createElement('h4');
      h4.textContent = t('popup.indicators');
      const dl2 = document.createElement('dl');
      for (const k of indicators) {
        const dt = document.createElement('dt'); dt.textContent = metricLabel(k);
        const dd = document.createElement('dd'); dd.textContent = formatMetric(k, p[k]);
        dl2.append(dt, dd);
      }
      el.append(h4, dl2);
    }
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'popup-zoom';
    btn.textContent = t('popup.zoom');
    btn.addEventListener('click', () => this.zoomTo(unit));
    el.append(btn);
    return el;
  }

  // ---- classes, legend ----------------------------------------------------------

  fetchBreaks(level) {
    const s = this.state;
    if (!this.layerHasMetric(level)) return Promise.resolve({ status: 'na' });
    // Global EB with a prior variance of 0 (the units vary no more than chance would make them)
    // gives every unit the pooled rate: one class, nothing for /api/stats/breaks to class.
    const sm = isSmoothed(s.metric) ? this.smoothed[level] : null;
    if (sm?.status === 'ok' && new Set(sm.values.values()).size < 2) {
      const v = sm.values.values().next().value ?? 0;
      return Promise.resolve({ status: 'ok', breaks: [v, v], counts: [sm.values.size], n: sm.values.size, pooled: true });
    }
    const compare = this.changeMode() ? s.compare : null;
    // An embedded province is classed on its own units (its colours use the whole range).
    const path = `/api/stats/breaks?${q({ edition: s.edition, level, metric: s.metric, as_of: s.asOf, compare,
      parent_code: level === 'province' ? undefined : s.province || undefined, method: s.method, k: K })}`;
    if (!this.breakCache.has(path)) {
      this.breakCache.set(path, getJson(path)
        .then((d) => ({ status: 'ok', breaks: d.breaks, counts: d.counts, n: d.n, unchanged: d.unchanged ?? null, change: !!compare }))
        .catch((e) => { this.breakCache.delete(path); return { status: 'error', message: e.message }; }));
    }
    return this.breakCache.get(path);
  }

  /** Fetch the class breaks of every choropleth level and repaint. */
  async refreshClasses() {
    const token = ++this.classToken;
    const levels = this.choroLevels();
    await Promise.all(levels.map((l) => this.loadSmoothed(l))); // a smoothed metric's values first
    const results = await Promise.all(levels.map((l) => this.fetchBreaks(l)));
    if (token !== this.classToken) return; // superseded by a newer change
    levels.forEach((level, i) => {
      const c = { ...results[i] }; // the cached answer stays as it came
      if (c.status === 'ok' && c.change) {
        c.kinds = changeColors(c.breaks).map((x) => x.kind);
        c.colors = changeColors(c.breaks).map((x) => x.color);
      } else if (c.status === 'ok') {
        c.colors = c.pooled ? [paletteFor(this.state.palette, 3)[1]] : paletteFor(this.state.palette, c.breaks.length - 1);
      }
      this.classes[level] = c;
    });
    this.repaint();
    this.emitLegend();
  }

  fillColor(level) {
    if (this.state.clusters) {
      const lisa = ['to-string', ['coalesce', ['feature-state', 'lisa'], '']];
      return ['match', lisa, 'HH', COLORS.HH, 'LL', COLORS.LL, 'HL', COLORS.HL, 'LH', COLORS.LH,
        'not significant', COLORS.ns, COLORS.nodata];
    }
    const c = this.classes[level];
    if (!c || c.status !== 'ok') return COLORS.nodata;
    if (c.change) return changeExpression(['get', this.valueField()], c.breaks, c.colors);
    if (this.state.month) {
      // Grey until the month's figures of this level are in.
      if (this.monthLevel[level]?.status !== 'ok') return COLORS.nodata;
      return classExpression(['feature-state', 'm'], c.breaks, c.colors);
    }
    if (isSmoothed(this.state.metric)) {
      if (this.smoothed[level]?.status !== 'ok') return COLORS.nodata;
      return classExpression(['feature-state', 'eb'], c.breaks, c.colors);
    }
    return classExpression(['get', this.state.metric], c.breaks, c.colors);
  }

  // ---- smoothed rates -------------------------------------------------------------

  /**
   * The Empirical-Bayes smoothed rates of a level (/api/stats/rates) as feature-state "eb" when a
   * smoothed metric is shown; feature-state lives in the source, so tiles loaded later get it too.
   */
  async loadSmoothed(level) {
    const s = this.state;
    const method = SMOOTHED_METRICS[s.metric];
    if (!isSmoothed(s.metric) || !this.layerHasMetric(level)) return;
    const key = [s.edition, s.asOf, level, method].join('|');
    const cur = this.smoothed[level];
    if (cur?.key === key) return;
    this.smoothed[level] = { key, status: 'loading', values: cur?.values };
    let data;
    try {
      data = await getJson(`/api/stats/rates?${q({ edition: s.edition, level, as_of: s.asOf, method })}`);
    } catch (e) {
      if (this.smoothed[level]?.key === key) this.smoothed[level] = { key, status: 'error', message: e.message };
      return;
    }
    if (this.smoothed[level]?.key !== key) return; // superseded
    const sourceLayer = sourceLayerOf(level);
    const values = new Map(data.units.map((u) => [u.id, u.smoothed_rate]));
    for (const [id, v] of values) this.map.setFeatureState({ source: SOURCE, sourceLayer, id }, { eb: v });
    // Units smoothed before (another date) without hamlets now.
    for (const id of cur?.values?.keys() || []) {
      if (!values.has(id)) this.map.setFeatureState({ source: SOURCE, sourceLayer, id }, { eb: null });
    }
    this.smoothed[level] = { key, status: 'ok', values, method };
  }

  repaint() {
    for (const level of this.choroLevels()) {
      this.map.setPaintProperty(`cm-fill-${level}`, 'fill-color', this.fillColor(level));
    }
  }

  emitLegend() {
    const level = this.state.activeLevel || this.activeLevel();
    const c = this.classes[level] || { status: 'loading' };
    const month = this.state.clusters ? null : this.state.month;
    const ml = month ? this.monthLevel[level] || { status: 'loading' } : null;
    let { status, counts } = c;
    if (ml && status === 'ok') {
      status = ml.status;
      if (ml.status === 'ok') {
        const m = this.state.metric;
        counts = classCounts([...ml.units.values()].map((u) => u[m]), c.breaks);
      }
    }
    const change = status === 'ok' && !!c.change;
    const model = {
      level, metric: this.state.metric, method: this.state.method, asOf: this.state.asOf, month,
      compare: this.changeMode() ? this.state.compare : null,
      conversions: this.conversions(),
      edition: this.state.edition,
      status, message: c.message ?? ml?.message, hamlets: !!this.layerMeta('hamlet'),
      classes: status === 'ok' ? c.colors.map((color, i) => ({
        color, from: c.breaks[i], to: c.breaks[i + 1], count: counts?.[i], kind: c.kinds?.[i] })) : [],
      // A change map: units without change apart, between losses and gains.
      unchanged: change ? { color: DIVERGING.unchanged, count: c.unchanged } : null,
      clusters: this.state.clusters ? (this.lisa[level] || { status: 'loading' }) : null,
      smoothed: isSmoothed(this.state.metric) ? SMOOTHED_METRICS[this.state.metric] : null,
      pooled: status === 'ok' && !!c.pooled,
    };
    this.state.legend = model;
    this.opts.onLegend?.(model);
  }

  // ---- LISA clusters ------------------------------------------------------------

  async refreshLisa() {
    const level = this.activeLevel();
    const s = this.state;
    const key = [s.edition, s.asOf, level, s.metric, s.clustersFdr, s.clustersWith].join('|');
    const cur = this.lisa[level];
    if (cur && cur.key === key && cur.status === 'ok') return;
    if (!this.layerHasMetric(level)) {
      this.lisa[level] = { key, status: 'na', ids: cur?.ids || new Set() };
      this.emitLegend();
      return;
    }
    this.lisa[level] = { key, status: 'loading', ids: cur?.ids || new Set() };
    this.emitLegend();
    let data;
    try {
      data = await getJson(`/api/stats/lisa?${q({ edition: s.edition, level, metric: s.metric, as_of: s.asOf, permutations: 999,
        p_adjust: s.clustersFdr ? 'fdr' : null, with: s.clustersWith || null })}`);
    } catch (e) {
      this.lisa[level] = { key, status: 'error', message: e.message, ids: cur?.ids || new Set() };
      this.emitLegend();
      return;
    }
    if (this.lisa[level].key !== key) return; // superseded
    const sourceLayer = sourceLayerOf(level);
    const ids = new Set();
    const counts = { HH: 0, LL: 0, HL: 0, LH: 0, ns: 0 };
    for (const u of data.units) {
      ids.add(u.id);
      this.map.setFeatureState({ source: SOURCE, sourceLayer, id: u.id }, { lisa: u.cluster });
      if (u.cluster in counts) counts[u.cluster]++; else counts.ns++;
    }
    // Units that had a cluster for the previous metric/date but have no value now.
    for (const id of cur?.ids || []) {
      if (!ids.has(id)) this.map.setFeatureState({ source: SOURCE, sourceLayer, id }, { lisa: null });
    }
    this.lisa[level] = { key, status: 'ok', ids, counts, nodata: data.units_without_value || 0, fdr: data.p_adjust === 'fdr',
      with: data.with || null };
    this.emitLegend();
  }

  // ---- founding months -----------------------------------------------------------

  /** The founding months of the current snapshot: {status, months, undated}. */
  async fetchMonths() {
    const s = this.state;
    const key = `${s.edition}|${s.asOf}`;
    if (this.months?.key === key) return this.months;
    let info;
    try {
      const d = await getJson(`/api/stats/monthly?${q({ edition: s.edition, level: this.choroLevels()[0], as_of: s.asOf })}`);
      info = { key, status: 'ok', months: d.months || [], undated: d.undated_teams || 0 };
    } catch (e) {
      info = { key, status: 'error', message: e.message, months: [], undated: 0 };
    }
    if (key === `${this.state.edition}|${this.state.asOf}`) this.months = info;
    return info;
  }

  /** Leave month mode (back to the tile figures), without repainting. */
  clearMonth() {
    this.state.month = null;
    this.monthLevel = {};
  }

  /**
   * Show the coverage at the end of `month` (YYYY-MM) for the teams of the
   * current snapshot; null or the snapshot's own (last) month = tile figures.
   */
  async setMonth(month) {
    const months = this.months?.months || [];
    if (!months.includes(month) || month === months[months.length - 1] ||
        !MONTHLY_METRICS.includes(this.state.metric) || this.state.clusters || this.changeMode()) month = null;
    if (month === this.state.month) return;
    this.clearMonth();
    this.state.month = month;
    if (month) await this.loadMonthLevel(this.state.activeLevel || this.activeLevel());
    else {
      this.repaint();
      this.emitLegend();
    }
    this.refreshPopup();
  }

  fetchMonthUnits(level, month) {
    const s = this.state;
    const path = `/api/stats/monthly?${q({ edition: s.edition, level, as_of: s.asOf, month })}`;
    if (!this.monthCache.has(path)) {
      this.monthCache.set(path, getJson(path)
        .then((d) => new Map(d.units.map((u) => [u.id, u])))
        .catch((e) => { this.monthCache.delete(path); throw e; }));
    }
    return this.monthCache.get(path);
  }

  /** Fetch the current month's figures of a level and draw them. */
  async loadMonthLevel(level) {
    const s = this.state;
    if (!s.month || !this.layerMeta(level)) return;
    const key = [s.edition, s.asOf, level, s.month].join('|');
    if (this.monthLevel[level]?.key === key) return;
    this.monthLevel[level] = { key, status: 'loading' };
    this.repaint();
    this.emitLegend();
    let units;
    let error = null;
    try { units = await this.fetchMonthUnits(level, s.month); } catch (e) { error = e; }
    if (this.monthLevel[level]?.key !== key) return; // superseded
    if (error) {
      this.monthLevel[level] = { key, status: 'error', message: error.message };
    } else {
      this.applyMonthState(level, units);
      this.monthLevel[level] = { key, status: 'ok', units };
    }
    this.repaint();
    this.emitLegend();
    this.refreshPopup();
  }

  /**
   * Set feature-state "m" of every unit of a level to its figure for the
   * metric. Feature-state lives in the source, not in its tiles, so tiles
   * loaded later (pans, zooms) get it too.
   */
  applyMonthState(level, units) {
    const sourceLayer = sourceLayerOf(level);
    const m = this.state.metric;
    for (const [id, u] of units) {
      const v = u[m];
      this.map.setFeatureState({ source: SOURCE, sourceLayer, id }, { m: typeof v === 'number' ? v : null });
    }
  }

  /** The month's figures of a unit (null outside month mode or when not loaded). */
  monthUnit(unit) {
    if (!this.state.month || this.state.clusters) return null;
    const ml = this.monthLevel[unit.level];
    return ml?.status === 'ok' ? ml.units.get(unit.id) || null : null;
  }

  // ---- state changes ------------------------------------------------------------

  /**
   * Point the tile source at the tiles of the current state (snapshot, change
   * map) when they differ from the ones shown. Returns whether they did.
   */
  async reloadTiles() {
    const path = this.tileJsonPath();
    if (path === this.tilePath) return false;
    this.tilePath = path;
    this.tilejson = await getJson(path);
    // A paint change (repaint) pauses the source until the next render, and
    // MapLibre (5.24) drops setTiles' "source changed" reload while paused: it
    // then re-parses the old tiles instead of fetching the new ones. So flush
    // pending updates with a render, and repaint only once the source has
    // taken the new tiles (its asynchronous "content" event).
    const map = this.map;
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 1000); // no frame (hidden page): go on
      map.once('render', () => { clearTimeout(timer); resolve(); });
      map.triggerRepaint();
    });
    const taken = new Promise((resolve) => {
      const done = () => { clearTimeout(timer); map.off('sourcedata', on); resolve(); };
      const on = (e) => { if (e.sourceId === SOURCE && e.sourceDataType === 'content') done(); };
      const timer = setTimeout(done, 5000);
      map.on('sourcedata', on);
    });
    map.getSource(SOURCE).setTiles(this.tilejson.tiles);
    await taken;
    return true;
  }

  async setAsOf(asOf) {
    if (asOf === this.state.asOf) return;
    this.state.asOf = asOf;
    if (this.state.compare === asOf) this.state.compare = null; // no change against itself
    this.clearMonth();
    await this.reloadTiles();
    await this.refreshClasses();
    if (this.state.clusters) await this.refreshLisa();
    await this.idle();
    this.refreshPopup();
  }

  /**
   * Compare the snapshot shown with another of the edition (YYYY-MM-DD), or
   * stop (null): a change map of the metric (gain or loss per unit). Leaves
   * month mode and LISA clusters, which show one snapshot.
   */
  async setCompare(compare) {
    compare = compare && compare !== this.state.asOf ? compare : null;
    if (compare === this.state.compare) return;
    this.state.compare = compare;
    if (compare) {
      this.clearMonth();
      this.state.clusters = false;
    }
    await this.reloadTiles();
    await this.refreshClasses();
    await this.idle();
    this.refreshPopup();
  }

  async setEdition(edition, asOf, compare = null) {
    this.closePopup();
    this.select(null);
    this.setHover(null);
    this.state.edition = edition;
    this.state.asOf = asOf;
    this.state.compare = compare && compare !== asOf ? compare : null;
    this.lisa = {};
    this.clearMonth();
    this.tilejson = await getJson(this.tileJsonPath());
    if (!this.state.asOf) this.state.asOf = this.tilejson.as_of;
    this.tilePath = this.tileJsonPath();
    if (!metricsOf(this.tilejson).includes(this.state.metric)) this.state.metric = 'coverage_rate';
    if (this.state.level !== 'auto' && !this.choroLevels().includes(this.state.level)) this.state.level = 'auto';
    // Rebuild the covermap layers: the set of levels differs between editions.
    for (const l of this.map.getStyle().layers) if (l.id.startsWith('cm-')) this.map.removeLayer(l.id);
    this.map.removeSource(SOURCE);
    this.addLayers();
    const ed = this.edition();
    const b = ed.bounds || this.tilejson.bounds;
    this.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 20, duration: 0 });
    this.state.activeLevel = this.activeLevel();
    await this.refreshClasses();
    if (this.state.clusters) await this.refreshLisa();
    await this.idle();
  }

  async setMetric(metric) {
    this.state.metric = metric;
    // A metric the tiles carry no change of ends the change map.
    if (this.state.compare && !CHANGE_METRICS.includes(metric)) this.state.compare = null;
    if (this.state.month && !MONTHLY_METRICS.includes(metric)) this.clearMonth();
    for (const [level, ml] of Object.entries(this.monthLevel)) {
      if (ml.status === 'ok') this.applyMonthState(level, ml.units);
    }
    await this.reloadTiles();
    await this.refreshClasses();
    if (this.state.clusters) await this.refreshLisa();
    this.refreshPopup();
  }

  async setMethod(method) {
    this.state.method = method;
    await this.refreshClasses();
  }

  async setPalette(palette) {
    this.state.palette = palette;
    await this.refreshClasses();
  }

  async setLevel(level) {
    this.state.level = level;
    this.applyRanges();
    this.state.activeLevel = this.activeLevel();
    this.emitLegend();
    if (this.state.clusters) await this.refreshLisa();
    if (this.state.month) await this.loadMonthLevel(this.state.activeLevel);
  }

  async setClusters(on) {
    this.state.clusters = on;
    if (on) {
      this.clearMonth(); // LISA is computed on the snapshot
      this.state.compare = null;
      await this.reloadTiles();
      await this.refreshClasses(); // the snapshot's classes again
    }
    this.repaint();
    this.emitLegend();
    if (on) await this.refreshLisa();
    this.refreshPopup();
  }

  /** LISA significance with the false discovery rate controlled (p_adjust=fdr) or per unit. */
  async setClustersFdr(on) {
    this.state.clustersFdr = on;
    if (this.state.clusters) await this.refreshLisa();
  }

  /** Bivariate LISA clusters: the metric at a unit against `metric` around it (null: univariate). */
  async setClustersWith(metric) {
    this.state.clustersWith = metric || null;
    if (this.state.clusters) await this.refreshLisa();
  }

  /** Re-translate map UI after a language switch. */
  relabel() {
    this.map.removeControl(this.attribution);
    this.attribution = new maplibregl.AttributionControl({ compact: true, customAttribution: t('attribution') });
    this.map.addControl(this.attribution, 'bottom-right');
    const loc = this.locale();
    const c = this.map.getContainer();
    // MapLibre reads its UI strings once, at construction: patch them.
    for (const [sel, key] of [['.maplibregl-ctrl-zoom-in', 'NavigationControl.ZoomIn'],
      ['.maplibregl-ctrl-zoom-out', 'NavigationControl.ZoomOut'],
      ['.maplibregl-ctrl-attrib-button', 'AttributionControl.ToggleAttribution']]) {
      const b = c.querySelector(sel);
      if (b) { b.title = loc[key]; b.setAttribute('aria-label', loc[key]); }
    }
    c.querySelector('canvas')?.setAttribute('aria-label', t('map.aria'));
    this.emitLegend();
    this.refreshPopup();
  }
}
