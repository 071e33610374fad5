// node:test unit tests of the web map's pure functions (web/public/covermap.js, i18n.js): class
// breaks as MapLibre colour expressions, evaluated by MapLibre's own expression engine
// (@maplibre/maplibre-gl-style-spec, installed with maplibre-gl), the legend's counts, the change
// palette, and the metric vocabulary in both languages. Run: node --test tests/web/unit/
import test from 'node:test';
import assert from 'node:assert/strict';

import {
  classExpression, changeExpression, classCounts, changeColors, metricsOf, metricLabel, formatChange,
  conversionOf, defaultSnapshot, snapshotLabel, BASE_METRICS, SMOOTHED_METRICS, MONTHLY_METRICS, CHANGE_METRICS, COLORS, DIVERGING,
} from '../../../web/public/covermap.js';
import { setLang, keysOf, t, LANGS } from '../../../web/public/i18n.js';
import { expression } from '../../../web/node_modules/@maplibre/maplibre-gl-style-spec/dist/index.mjs';

/** Evaluates a colour expression for one feature's properties with MapLibre's engine, as "#rrggbb". */
function colourOf(expr, properties) {
  const parsed = expression.createExpression(expr, { type: 'color' });
  assert.equal(parsed.result, 'success', JSON.stringify(parsed.value));
  const c = parsed.value.evaluate({ zoom: 5 }, { type: 'Polygon', properties });
  const hex = (v) => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`;
}

const GET = ['get', 'coverage_rate'];
const BREAKS = [0, 0.25, 0.5, 0.75, 1];
const COLOURS = ['#111111', '#222222', '#333333', '#444444'];

test('classes are right-closed: a value on a break belongs to the class below it', () => {
  const expr = classExpression(GET, BREAKS, COLOURS);
  assert.equal(colourOf(expr, { coverage_rate: 0 }), COLOURS[0]);
  assert.equal(colourOf(expr, { coverage_rate: 0.25 }), COLOURS[0]);
  assert.equal(colourOf(expr, { coverage_rate: 0.2500001 }), COLOURS[1]);
  assert.equal(colourOf(expr, { coverage_rate: 0.5 }), COLOURS[1]);
  assert.equal(colourOf(expr, { coverage_rate: 0.75 }), COLOURS[2]);
  assert.equal(colourOf(expr, { coverage_rate: 1 }), COLOURS[3]);
});

test('a unit without a value is drawn as no data, not as the lowest class', () => {
  const expr = classExpression(GET, BREAKS, COLOURS);
  assert.equal(colourOf(expr, {}), COLORS.nodata.toLowerCase());
  assert.equal(colourOf(expr, { coverage_rate: null }), COLORS.nodata.toLowerCase());
});

test('the legend counts the units of each class as the map colours them', () => {
  const values = [];
  for (let i = 0; i <= 200; i++) values.push(i / 200);
  values.push(0.25, 0.5, 0.5, 0.75);  // ties on breaks
  const counts = classCounts(values, BREAKS);
  const expr = classExpression(GET, BREAKS, COLOURS);
  const drawn = COLOURS.map(() => 0);
  for (const v of values) drawn[COLOURS.indexOf(colourOf(expr, { coverage_rate: v }))]++;
  assert.deepEqual(counts, drawn);
  assert.equal(counts.reduce((a, b) => a + b, 0), values.length);
});

test('repeated breaks leave an empty class that no unit is drawn in', () => {
  const breaks = [0, 1, 1, 1];  // many units at 100 %
  const colours = ['#aaaaaa', '#bbbbbb', '#cccccc'];
  const expr = classExpression(GET, breaks, colours);
  assert.equal(colourOf(expr, { coverage_rate: 1 }), colours[0]);
  assert.deepEqual(classCounts([0.5, 1, 1], breaks), [3, 0, 0]);
});

test('a change map: losses and gains on their sides of the palette, no change apart', () => {
  const breaks = [-3, -1, 0, 2, 5];
  const kinds = changeColors(breaks);
  assert.deepEqual(kinds.map((k) => k.kind), ['loss', 'loss', 'gain', 'gain']);
  assert.ok(kinds.slice(0, 2).every((k) => DIVERGING.loss[2].includes(k.color)));
  assert.ok(kinds.slice(2).every((k) => DIVERGING.gain[2].includes(k.color)));
  const expr = changeExpression(['get', 'teams_change'], breaks, kinds.map((k) => k.color));
  assert.equal(colourOf(expr, { teams_change: 0 }), DIVERGING.unchanged);
  assert.equal(colourOf(expr, { teams_change: -2 }), kinds[0].color);
  assert.equal(colourOf(expr, { teams_change: -0.5 }), kinds[1].color);
  assert.equal(colourOf(expr, { teams_change: 1 }), kinds[2].color);
  assert.equal(colourOf(expr, { teams_change: 5 }), kinds[3].color);
});

test('metrics offered by a TileJSON: the base ones it carries, then indicators by name', () => {
  const tilejson = {
    vector_layers: [
      { id: 'communes', fields: { coverage_rate: 'Number', teams: 'Number', name: 'String', 'ecommerce_share@2024': 'Number' } },
      { id: 'provinces', fields: { 'cashless_share@2023': 'Number', supported_share: 'Number' } },
    ],
  };
  // The empirical-Bayes smoothed rates (from /api/stats/rates, not the tiles) right after the raw one.
  assert.deepEqual(metricsOf(tilejson), ['coverage_rate', 'coverage_rate_eb', 'coverage_rate_ebl', 'teams', 'supported_share',
    'cashless_share@2023', 'ecommerce_share@2024']);
  delete tilejson.vector_layers[0].fields.coverage_rate;
  assert.deepEqual(metricsOf(tilejson).slice(0, 2), ['teams', 'supported_share']);
});

test('every metric the viewer offers has a label in both languages', () => {
  for (const lang of LANGS) {
    setLang(lang);
    for (const m of new Set([...BASE_METRICS, ...MONTHLY_METRICS, ...CHANGE_METRICS, ...Object.keys(SMOOTHED_METRICS)])) {
      assert.notEqual(metricLabel(m), m, `${lang}: no label for ${m}`);
    }
    // An indicator with its period keeps the period; an unknown metric shows its name.
    assert.match(metricLabel('coverage_rate@2024'), /\(2024\)$/);
    assert.equal(metricLabel('no_such_metric'), 'no_such_metric');
  }
  setLang('vi');
});

test('both languages have the same strings, and placeholders are filled', () => {
  const vi = new Set(keysOf('vi'));
  const en = new Set(keysOf('en'));
  assert.deepEqual([...vi].filter((k) => !en.has(k)), [], 'in Vietnamese only');
  assert.deepEqual([...en].filter((k) => !vi.has(k)), [], 'in English only');
  setLang('en');
  assert.equal(t('no.such.key'), 'no.such.key');
  setLang('vi');
});

test('changes are signed, rates in percentage points', () => {
  setLang('en');
  assert.equal(formatChange('teams', 12), '+12');
  assert.equal(formatChange('teams', -3), '−3');
  assert.equal(formatChange('teams', 0), '0');
  assert.match(formatChange('coverage_rate', 0.052), /^\+5\.2 /);
  assert.equal(formatChange('coverage_rate', -0.052, { unit: false }), '−5.2');
  setLang('vi');
});

test('the default snapshot is the edition\'s own newest; converted ones are marked', () => {
  const edition = { snapshots: ['2023-12-31', '2026-06-30', '2025-12-31'].sort().reverse(),
    converted: { '2023-12-31': { from: '2009', method: 'hamlet-points' } } };
  assert.equal(defaultSnapshot(edition), '2026-06-30');
  assert.equal(defaultSnapshot({ snapshots: ['2023-12-31'], converted: edition.converted }), '2023-12-31');
  assert.equal(conversionOf(edition, '2025-12-31'), null);
  setLang('vi');
  assert.match(snapshotLabel(edition, '2023-12-31'), /^31\/12\/2023 .*2009/);
  assert.equal(snapshotLabel(edition, '2026-06-30'), '30/06/2026');
});
