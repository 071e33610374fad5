#!/usr/bin/env node
// Browser test of the map's names and of "download this map", in headless Chromium.
//
//   node tests/web/labels.mjs --url http://127.0.0.1:8095 --out /tmp/labels-shots [--chromium /usr/bin/chromium]
//
// Expects a server with the shared 2025 edition (Lạng Sơn = province 20). Checks:
//  1. the viewer zoomed to Lạng Sơn draws the province's name "Lạng Sơn" in a symbol layer
//     (queryRenderedFeatures), with the glyphs of 0-255, 256-511 (ơ) and 7680-7935 (ạ is U+1EA1 = 7841: the
//     Vietnamese letters U+1EA0–U+1EF9 lie in 7680-7935, not in 7936-8191, which is Greek Extended) asked from our
//     /fonts and answered 200;
//  2. the name is drawn: the pixels of its box differ from the same view with the layer hidden, and
//     OCR (tesseract, Vietnamese) reads "Lạng Sơn" from the label drawn alone (every other layer
//     hidden, white background, enlarged 4×) (the OCR part is left out, saying so, when
//     tesseract is absent);
//  3. the download button saves a PNG as large as the map plus the legend column, not blank, with
//     the legend drawn;
//  4. the embed page has the button with download=1 (and not without), and it saves a PNG too.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import {
  opt, baseUrl, launchChromium, check, assert, finish, getJson, openMapPage, waitIdle,
} from './browser.mjs';

const BASE = baseUrl();
const OUT = path.resolve(opt('out', 'web-test-out'));
const TIMEOUT = Number(opt('timeout', '60000'));
fs.mkdirSync(OUT, { recursive: true });

const browser = await launchChromium();

// ---- a PNG reader (8-bit RGB / RGBA, non-interlaced: what Chromium writes) -------------------------
function readPng(buf) {
  assert(buf.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])), 'not a PNG signature');
  let pos = 8;
  let width = 0, height = 0, colorType = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      assert(data[8] === 8 && data[12] === 0, `unsupported PNG (depth ${data[8]}, interlace ${data[12]})`);
      colorType = data[9];
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  assert(bpp, `unsupported PNG colour type ${colorType}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const px = Buffer.alloc(width * height * 4);
  const prev = Buffer.alloc(stride), cur = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    raw.copy(cur, 0, y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let v = cur[i];
      if (f === 1) v += a; else if (f === 2) v += b; else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c; const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) px[(y * width + x) * 4 + k] = cur[x * bpp + k];
      px[(y * width + x) * 4 + 3] = bpp === 4 ? cur[x * bpp + 3] : 255;
    }
    cur.copy(prev);
  }
  return { width, height, px };
}

// Mean and variance of the luma of a rectangle of a decoded PNG.
function lumaStats({ width, px }, x0, y0, x1, y1) {
  let n = 0, sum = 0, sq = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 4;
      const l = 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
      n++; sum += l; sq += l * l;
    }
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean };
}

// ---- the viewer on Lạng Sơn -----------------------------------------------------------------------
let page;
let label; // {x, y, text} of the province's name on screen

await check('1 the name of Lạng Sơn is a rendered symbol, from our glyphs', async () => {
  const found = await getJson(BASE, '/api/search?edition=2025&level=province&code=20');
  const province = found.results[0];
  assert(province?.bbox?.length === 4, 'no province 20 (Lạng Sơn) in the 2025 edition');
  page = await openMapPage(browser, BASE, 'labels', '/?lang=vi&edition=2025', { timeout: TIMEOUT });
  // The glyph requests, from the page's resource timing (MapLibre fetches them in a worker or the page).
  const b = province.bbox;
  await page.evaluate((bb) => window.covermap.map.fitBounds([[bb[0], bb[1]], [bb[2], bb[3]]], { padding: 40, duration: 0 }), b);
  await waitIdle(page);
  const r = await page.evaluate(() => {
    const map = window.covermap.map;
    const feats = map.queryRenderedFeatures({ layers: ['cm-label-province'] });
    const f = feats.find((x) => x.properties.name === 'Lạng Sơn');
    const fetched = performance.getEntriesByType('resource').map((e) => decodeURIComponent(e.name)).filter((u) => u.includes('/fonts/'));
    if (!f) return { names: feats.map((x) => x.properties.name), fetched, zoom: map.getZoom() };
    // map.project is relative to the map's container; screenshots clip the page.
    const p = map.project(f.geometry.coordinates);
    const box = map.getContainer().getBoundingClientRect();
    return { names: feats.map((x) => x.properties.name), x: p.x + box.left, y: p.y + box.top, text: f.properties.name, fetched, zoom: map.getZoom(),
      font: map.getLayoutProperty('cm-label-province', 'text-font'), glyphsUrl: map.getStyle().glyphs };
  });
  assert(r.text === 'Lạng Sơn', `no "Lạng Sơn" among the rendered province names at zoom ${r.zoom?.toFixed(2)}: ${JSON.stringify(r.names)}`);
  label = r;
  assert(r.glyphsUrl.endsWith('/fonts/{fontstack}/{range}.pbf'), `style glyphs ${r.glyphsUrl}`);
  // The ranges of "Lạng Sơn": L, n, g, S, space (0-255), ơ (U+01A1: 256-511), ạ (U+1EA1 = 7841: 7680-7935).
  for (const range of ['0-255', '256-511', '7680-7935']) {
    const url = r.fetched.find((u) => u.endsWith(`/Noto Sans Bold/${range}.pbf`));
    assert(url, `the bold glyphs of ${range} were not requested: ${JSON.stringify(r.fetched)}`);
    const res = await fetch(`${BASE}/fonts/Noto%20Sans%20Bold/${range}.pbf`);
    assert(res.status === 200, `${range}: HTTP ${res.status}`);
  }
  // The statuses the page saw (resource timing has them in Chromium).
  const statuses = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/fonts/')).map((e) => e.responseStatus));
  assert(statuses.every((s) => s === 200 || s === undefined || s === 0), `glyph statuses ${statuses}`);
  return { details: `"${r.text}" at (${r.x.toFixed(0)}, ${r.y.toFixed(0)}), zoom ${r.zoom.toFixed(2)}, font ${r.font}; ` +
    `${r.names.length} province names drawn; glyphs fetched: ${r.fetched.map((u) => u.replace(/^.*\/fonts\//, '')).join(', ')}` };
});

// 2. Pixels: the label's box with and without the label layer; OCR of what the label adds.
await check('2 the name is drawn (pixels differ without the layer; OCR reads it)', async () => {
  assert(label, 'no label found in check 1');
  const box = { x: Math.max(0, Math.round(label.x - 90)), y: Math.max(0, Math.round(label.y - 16)), width: 180, height: 32 };
  const withLabel = await page.screenshot({ clip: box });
  await page.evaluate(() => window.covermap.map.setLayoutProperty('cm-label-province', 'visibility', 'none'));
  await waitIdle(page);
  const without = await page.screenshot({ clip: box });
  await page.evaluate(() => window.covermap.map.setLayoutProperty('cm-label-province', 'visibility', 'visible'));
  await waitIdle(page);
  fs.writeFileSync(path.join(OUT, 'label-on.png'), withLabel);
  fs.writeFileSync(path.join(OUT, 'label-off.png'), without);
  const a = readPng(withLabel), b = readPng(without);
  let changed = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    const d = Math.abs(a.px[i * 4] - b.px[i * 4]) + Math.abs(a.px[i * 4 + 1] - b.px[i * 4 + 1]) + Math.abs(a.px[i * 4 + 2] - b.px[i * 4 + 2]);
    if (d > 30) changed++;
  }
  const share = changed / (a.width * a.height);
  assert(share > 0.05, `only ${(share * 100).toFixed(1)}% of the label box changed with the layer hidden`);
  // OCR of the label as drawn, alone: the same view with every other layer hidden on a white
  // background (the choropleth under the halo would confuse the reader), enlarged 4× for tesseract.
  let tesseract = true;
  try { execFileSync('tesseract', ['--version'], { stdio: 'ignore' }); } catch { tesseract = false; }
  if (!tesseract) return { details: `${(share * 100).toFixed(1)}% of the box changed; OCR skipped (no tesseract)` };
  const hidden = await page.evaluate(() => {
    const map = window.covermap.map;
    const ids = map.getStyle().layers.map((l) => l.id)
      .filter((id) => id !== 'cm-label-province' && id !== 'cm-background' && map.getLayoutProperty(id, 'visibility') !== 'none');
    for (const id of ids) map.setLayoutProperty(id, 'visibility', 'none');
    const background = map.getPaintProperty('cm-background', 'background-color');
    map.setPaintProperty('cm-background', 'background-color', '#ffffff');
    return { ids, background };
  });
  await waitIdle(page);
  const alone = readPng(await page.screenshot({ clip: box }));
  await page.evaluate(({ ids, background }) => {
    const map = window.covermap.map;
    for (const id of ids) map.setLayoutProperty(id, 'visibility', 'visible');
    map.setPaintProperty('cm-background', 'background-color', background);
  }, hidden);
  await waitIdle(page);
  const S = 4;
  const ocr = Buffer.alloc(alone.width * S * alone.height * S);
  for (let y = 0; y < alone.height * S; y++) {
    for (let x = 0; x < alone.width * S; x++) {
      const i = (Math.floor(y / S) * alone.width + Math.floor(x / S)) * 4;
      ocr[y * alone.width * S + x] = Math.round(0.299 * alone.px[i] + 0.587 * alone.px[i + 1] + 0.114 * alone.px[i + 2]);
    }
  }
  const ppm = path.join(OUT, 'label-alone.pgm');
  fs.writeFileSync(ppm, Buffer.concat([Buffer.from(`P5\n${alone.width * S} ${alone.height * S}\n255\n`), ocr]));
  const text = execFileSync('tesseract', [ppm, 'stdout', '-l', 'vie', '--psm', '7'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim().normalize('NFC');
  assert(text.includes('Lạng Sơn'), `OCR read "${text}", not "Lạng Sơn" (image ${ppm})`);
  return { details: `${(share * 100).toFixed(1)}% of the box changed; OCR read "${text}"` };
});

// 3. Download this map.
await check('3 "download this map" saves a PNG of the map with its legend', async () => {
  assert(page, 'the viewer did not open');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
  const file = path.join(OUT, download.suggestedFilename());
  await download.saveAs(file);
  assert(/^covermap-2025-\d{4}-\d{2}-\d{2}\.png$/.test(download.suggestedFilename()), `file name ${download.suggestedFilename()}`);
  const png = readPng(fs.readFileSync(file));
  const size = await page.evaluate(() => {
    const c = window.covermap.map.getCanvas();
    return { w: c.width, h: c.height, cssW: c.clientWidth, legend: document.querySelector('#legend .legend-title')?.textContent };
  });
  const dpr = size.w / size.cssW;
  assert(png.width > size.w && png.height > size.h, `PNG ${png.width}×${png.height} is not larger than the map ${size.w}×${size.h}`);
  const mapStats = lumaStats(png, 0, 0, size.w, size.h);
  assert(mapStats.variance > 50, `the map area is blank (luma variance ${mapStats.variance.toFixed(1)})`);
  // The legend column (right of the map): not white, with some dark text and coloured swatches.
  const legendStats = lumaStats(png, size.w + Math.round(8 * dpr), 0, png.width, Math.min(png.height, Math.round(300 * dpr)));
  assert(legendStats.variance > 100 && legendStats.mean < 250, `the legend area looks empty (mean ${legendStats.mean.toFixed(1)}, variance ${legendStats.variance.toFixed(1)})`);
  // The source line at the bottom.
  const footer = lumaStats(png, 0, png.height - Math.round(24 * dpr), Math.round(400 * dpr), png.height);
  assert(footer.variance > 50, `no source line (variance ${footer.variance.toFixed(1)})`);
  return { details: `${download.suggestedFilename()}: ${png.width}×${png.height} (map ${size.w}×${size.h}); luma variance map ` +
    `${mapStats.variance.toFixed(0)}, legend ${legendStats.variance.toFixed(0)}, source line ${footer.variance.toFixed(0)}; legend "${size.legend}"` };
});

// 4. The embed's button (download=1): a PNG of the embedded map with its legend.
await check('4 embed ?province=20&download=1 saves a PNG too', async () => {
  const embed = await openMapPage(browser, BASE, 'embed-download', '/embed?province=20&level=commune&download=1',
    { viewport: { width: 800, height: 600 }, timeout: TIMEOUT });
  await waitIdle(embed);
  const [download] = await Promise.all([embed.waitForEvent('download'), embed.click('#download-png')]);
  const file = path.join(OUT, `embed-${download.suggestedFilename()}`);
  await download.saveAs(file);
  const png = readPng(fs.readFileSync(file));
  const w = await embed.evaluate(() => window.covermap.map.getCanvas().width);
  const stats = lumaStats(png, 0, 0, w, png.height - 40);
  assert(png.width > w && stats.variance > 50, `PNG ${png.width}×${png.height}, map ${w} wide, variance ${stats.variance.toFixed(1)}`);
  const plain = await openMapPage(browser, BASE, 'embed-plain', '/embed?province=20', { viewport: { width: 800, height: 600 }, timeout: TIMEOUT });
  assert(await plain.locator('#download-png').isHidden(), 'the button shows without download=1');
  await embed.close();
  await plain.close();
  return { details: `${download.suggestedFilename()}: ${png.width}×${png.height}; no button without download=1` };
});

await browser.close();
finish();
