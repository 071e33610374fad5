// The embeddable map (embed.html): a CoverMap with minimal chrome, driven by
// URL parameters:
//   province=CODE   show only that province's units and fit to it
//   level=L         choropleth level (province|district|commune|hamlet)
//   metric=M  as_of=YYYY-MM-DD  edition=E  lang=vi|en  legend=0|1
//   compare=YYYY-MM-DD  a change map since that snapshot (coverage_rate, teams, members, covered_hamlets)
//   method=quantile|jenks|equal|stddev
//   zoom=Z  center=lon,lat   (override the fit)
//   download=1      a "download this map" button (PNG with the legend and the source line)
import { t, setLang, translateDom, formatDate, LANGS } from './i18n.js';
import { getJson, lookupUnit, CoverMap, metricsOf, LEVEL_ORDER, CHANGE_METRICS, defaultSnapshot } from './covermap.js';
import { renderLegend } from './legend.js';
import { downloadMapPng } from './snapshot.js';

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);

let readyResolve;
let readyReject;
const ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
ready.catch(() => {});
let cm = null;
window.covermap = {
  get map() { return cm?.map ?? null; },
  get cm() { return cm; },
  get state() { return cm?.state ?? {}; },
  ready,
};

function showStatus(text, isError = false) {
  const el = $('status');
  el.textContent = text;
  el.hidden = !text;
  el.classList.toggle('status-error', isError);
}

function parseCenter(s) {
  const parts = (s || '').split(',').map(Number);
  return parts.length === 2 && parts.every(Number.isFinite) &&
    Math.abs(parts[0]) <= 180 && Math.abs(parts[1]) <= 90 ? parts : null;
}

async function main() {
  const urlLang = params.get('lang');
  setLang(LANGS.includes(urlLang) ? urlLang : 'vi');
  translateDom();
  try {
    const config = await getJson('/api/map-config');
    if (!LANGS.includes(urlLang) && config.default_lang) { setLang(config.default_lang); translateDom(); }
    document.title = t('embed.title');
    const ed = config.editions.find((e) => e.name === params.get('edition')) || config.editions[0];
    const asOf = ed.snapshots?.includes(params.get('as_of')) ? params.get('as_of') : defaultSnapshot(ed);
    const metric = params.get('metric') || 'coverage_rate';
    const compare = ed.snapshots?.includes(params.get('compare')) && params.get('compare') !== asOf &&
      CHANGE_METRICS.includes(metric) ? params.get('compare') : null;
    const province = /^[0-9A-Za-z]{1,12}$/.test(params.get('province') || '') ? params.get('province') : null;
    const level = LEVEL_ORDER.includes(params.get('level')) ? params.get('level') : 'auto';
    const method = ['quantile', 'jenks', 'equal', 'stddev'].includes(params.get('method')) ? params.get('method') : 'quantile';
    const showLegend = params.get('legend') !== '0';

    // Initial view: centre/zoom from the URL, else the province, else the edition.
    const view = {};
    const center = parseCenter(params.get('center'));
    const zoom = Number(params.get('zoom'));
    if (province) {
      const p = await lookupUnit(ed.name, 'province', province);
      if (p?.bbox) view.bounds = p.bbox;
    }
    if (center || params.has('zoom')) {
      view.center = center || (view.bounds
        ? [(view.bounds[0] + view.bounds[2]) / 2, (view.bounds[1] + view.bounds[3]) / 2]
        : [(ed.bounds[0] + ed.bounds[2]) / 2, (ed.bounds[1] + ed.bounds[3]) / 2]);
      view.zoom = Number.isFinite(zoom) && params.has('zoom') ? zoom : 7;
    }

    const legendEl = $('legend');
    $('legend-box').hidden = !showLegend;
    // In small frames the legend starts folded so that it does not hide the map.
    if (window.innerWidth < 480 || window.innerHeight < 360) /** @type {HTMLDetailsElement} */ ($('legend-box')).open = false;
    cm = new CoverMap({
      container: 'map', config, edition: ed.name, asOf, compare, province, level, method,
      metric, view, levelZoom: true,
      onLegend: showLegend ? (model) => renderLegend(legendEl, model, { compact: true }) : null,
    });
    await cm.init();
    if (!metricsOf(cm.tilejson).includes(cm.state.metric)) await cm.setMetric('coverage_rate');
    if (params.get('download') === '1') {
      const button = $('download-png');
      button.hidden = false;
      button.addEventListener('click', () => downloadMapPng(cm.map, showLegend ? legendEl : null,
        t('download.source', { edition: cm.state.edition, date: cm.state.asOf ? formatDate(cm.state.asOf) : '–' }),
        `covermap-${cm.state.edition}${cm.state.asOf ? `-${cm.state.asOf}` : ''}.png`));
    }
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
