// The steward page's small map: the hamlets a row may be placed on (polygons or points, numbered
// like the list beside it) over the outlines of their communes. No basemap: the boundaries are
// the map, so it works on an intranet.

/* global maplibregl */

const EMPTY = { type: 'FeatureCollection', features: [] };
const isPolygon = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const isPoint = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];
const selected = ['boolean', ['feature-state', 'sel'], false];

/** Every [lon, lat] of a GeoJSON geometry. */
function* positions(geometry) {
  if (!geometry) return;
  const walk = function* (c) {
    if (typeof c[0] === 'number') yield c;
    else for (const x of c) yield* walk(x);
  };
  if (geometry.type === 'GeometryCollection') for (const g of geometry.geometries) yield* positions(g);
  else yield* walk(geometry.coordinates);
}

/** Where a feature's number goes: its label point, a point, or the middle of its outer ring. */
function anchorOf(feature) {
  const lp = feature.properties?.label_point;
  if (Array.isArray(lp) && lp.length === 2) return lp;
  const g = feature.geometry;
  if (g.type === 'Point') return g.coordinates;
  const ring = g.type === 'Polygon' ? g.coordinates[0] : g.type === 'MultiPolygon' ? g.coordinates[0][0] : [...positions(g)];
  let x = 0;
  let y = 0;
  for (const [a, b] of ring) { x += a; y += b; }
  return [x / ring.length, y / ring.length];
}

export class ChoiceMap {
  /** onPick(code) is called when a hamlet is clicked on the map (it only highlights; the list resolves). */
  constructor(container, { onPick, ariaLabel }) {
    this.onPick = onPick;
    this.markers = [];
    this.selectedCode = null;
    this.map = new maplibregl.Map({
      container,
      style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f5' } }] },
      center: [105.8, 16.5],
      zoom: 4,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxZoom: 17,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    if (ariaLabel) this.map.getCanvas().setAttribute('aria-label', ariaLabel);
    this.loaded = new Promise((resolve) => this.map.once('load', () => { this.addLayers(); resolve(); }));
  }

  addLayers() {
    const m = this.map;
    m.addSource('context', { type: 'geojson', data: EMPTY });
    m.addSource('choices', { type: 'geojson', data: EMPTY, promoteId: 'code' });
    m.addLayer({ id: 'context-fill', type: 'fill', source: 'context', paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.7 } });
    m.addLayer({ id: 'context-line', type: 'line', source: 'context', paint: { 'line-color': '#7b8794', 'line-width': 1.5, 'line-dasharray': [3, 2] } });
    m.addLayer({
      id: 'choice-fill', type: 'fill', source: 'choices', filter: isPolygon,
      paint: { 'fill-color': ['case', selected, '#1f5fa8', '#f4a259'], 'fill-opacity': ['case', selected, 0.55, 0.35] },
    });
    m.addLayer({
      id: 'choice-line', type: 'line', source: 'choices', filter: isPolygon,
      paint: { 'line-color': ['case', selected, '#17365d', '#b45309'], 'line-width': ['case', selected, 3, 1.5] },
    });
    m.addLayer({
      id: 'choice-point', type: 'circle', source: 'choices', filter: isPoint,
      paint: {
        'circle-radius': ['case', selected, 9, 7],
        'circle-color': ['case', selected, '#1f5fa8', '#f4a259'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    for (const layer of ['choice-fill', 'choice-point']) {
      m.on('click', layer, (e) => {
        const code = e.features?.[0]?.properties?.code;
        if (code) { this.highlight(code); this.onPick?.(code); }
      });
      m.on('mouseenter', layer, () => { m.getCanvas().style.cursor = 'pointer'; });
      m.on('mouseleave', layer, () => { m.getCanvas().style.cursor = ''; });
    }
  }

  /** Show `choices` ([{code, number, feature}]) over `context` (commune features); fit them. */
  async show(choices, context) {
    await this.loaded;
    for (const marker of this.markers) marker.remove();
    this.markers = [];
    this.selectedCode = null;
    this.map.removeFeatureState({ source: 'choices' }); // states outlive setData: a new row starts clean
    const features = choices.filter((c) => c.feature?.geometry).map((c) => ({
      type: 'Feature', geometry: c.feature.geometry, properties: { code: c.code, number: c.number },
    }));
    this.map.getSource('choices').setData({ type: 'FeatureCollection', features });
    this.map.getSource('context').setData({ type: 'FeatureCollection', features: context.filter((f) => f?.geometry) });
    for (const c of choices) {
      if (!c.feature?.geometry) continue;
      const el = document.createElement('div');
      el.className = 'st-marker';
      el.textContent = String(c.number);
      el.dataset.code = c.code;
      el.setAttribute('aria-hidden', 'true');
      el.addEventListener('click', (e) => { e.stopPropagation(); this.highlight(c.code); this.onPick?.(c.code); });
      this.markers.push(new maplibregl.Marker({ element: el }).setLngLat(anchorOf(c.feature)).addTo(this.map));
    }
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of [...features, ...context]) {
      for (const [x, y] of positions(f?.geometry)) {
        box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
      }
    }
    if (Number.isFinite(box[0])) {
      this.map.resize();
      this.map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 30, maxZoom: 15, duration: 0 });
    }
    return features.length;
  }

  /** Highlight one hamlet (null: none). */
  highlight(code) {
    if (this.selectedCode) this.map.setFeatureState({ source: 'choices', id: this.selectedCode }, { sel: false });
    this.selectedCode = code;
    if (code) this.map.setFeatureState({ source: 'choices', id: code }, { sel: true });
    for (const m of this.markers) m.getElement().classList.toggle('st-marker-sel', m.getElement().dataset.code === code);
  }

  /** Resolves once everything shown is drawn. */
  idle() {
    return new Promise((resolve) => { this.map.once('idle', resolve); this.map.triggerRepaint(); });
  }

  resize() { this.map.resize(); }
}
