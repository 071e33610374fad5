#!/usr/bin/env node
// Development / test helper: serves web/ with the same routes as the covermap
// server (/, /map, /embed, /static/*, /vendor/*) and proxies every other path
// (/api/*, /tiles/*) to an upstream covermap server.
//
// Used to work on the front end against a covermap build that does not serve
// the static routes yet. If the upstream answers 404 for /api/map-config or
// /api/search, a small stand-in derived from the other endpoints is answered
// instead (enough for development; the real server implements the contract).
//
//   node tests/web/serve.mjs --port 8096 --upstream http://127.0.0.1:8095
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../../web');

const args = process.argv.slice(2);
function arg(name, dflt) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
}
const port = Number(arg('port', '8096'));
const upstream = new URL(arg('upstream', 'http://127.0.0.1:8095'));
// --fake-snapshot EDITION:DATE adds a registry snapshot DATE to EDITION that
// does not exist upstream: its tiles are the newest snapshot's with every
// floating-point property scaled by 0.8, its stats the newest snapshot's.
// Only for exercising the time slider against a database with one snapshot.
const fake = (() => {
  const v = arg('fake-snapshot', '');
  const m = /^([^:]+):(\d{4}-\d{2}-\d{2})$/.exec(v);
  return m ? { edition: m[1], date: m[2], real: null } : null;
})();

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

function sendFile(res, file, root = webDir) {
  const resolved = path.resolve(file);
  if (!resolved.startsWith(root + path.sep) || !fs.existsSync(resolved) ||
      !fs.statSync(resolved).isFile()) {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code: 'not_found', message: 'no such file' }));
    return;
  }
  const headers = { 'Content-Type': types[path.extname(resolved)] || 'application/octet-stream',
                    'Cache-Control': 'no-cache' };
  if (resolved.endsWith('.html')) headers['Content-Security-Policy'] = 'frame-ancestors *';
  res.writeHead(200, headers);
  fs.createReadStream(resolved).pipe(res);
}

async function upstreamJson(p) {
  const r = await fetch(new URL(p, upstream));
  if (!r.ok) throw new Error(`${p}: ${r.status}`);
  return r.json();
}

// ---- stand-ins for endpoints the upstream may not have yet -----------------
async function mockMapConfig() {
  const { editions } = await upstreamJson('/api/editions');
  const out = [];
  for (const e of editions) {
    const tj = await upstreamJson(`/tiles/coverage.json?edition=${encodeURIComponent(e.name)}`);
    out.push({ name: e.name, title: e.title, levels: e.levels.map((l) => l.level),
               snapshots: [tj.as_of], bounds: tj.bounds, valid_from: e.valid_from });
  }
  out.sort((a, b) => (a.valid_from < b.valid_from ? 1 : -1));
  return { basemap_style: null, default_lang: 'vi', editions: out };
}

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
  .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
const prefixes = /^(tinh|thanh pho|tp\.?|xa|x\.|phuong|p\.|thi tran|tt\.?|huyen|h\.|quan|q\.|thi xa|tx\.?|thon|ban|ap|to dan pho|khu pho|dac khu)\s+/;
const strip = (s) => fold(s).replace(prefixes, '').trim();
const tables = new Map();
async function table(edition, level) {
  const k = `${edition}/${level}`;
  if (!tables.has(k)) tables.set(k, upstreamJson(`/api/stats/coverage?edition=${edition}&level=${level}&format=json`)
    .then((d) => d.units).catch(() => []));
  return tables.get(k);
}
function bboxOf(geom) {
  let w = 180, s = 90, e = -180, n = -90;
  const walk = (c) => {
    if (typeof c[0] === 'number') { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]); }
    else c.forEach(walk);
  };
  walk(geom.coordinates);
  return [w, s, e, n];
}
async function mockSearch(u) {
  const cfg = await mockMapConfig();
  const edition = u.searchParams.get('edition') || cfg.editions[0].name;
  const ed = cfg.editions.find((e) => e.name === edition) || cfg.editions[0];
  const want = u.searchParams.get('level');
  const levels = want ? [want] : ed.levels.filter((l) => l !== 'hamlet');
  const code = u.searchParams.get('code');
  const q = u.searchParams.get('q');
  const limit = Number(u.searchParams.get('limit') || 10);
  let hits = [];
  for (const level of levels) {
    for (const row of await table(edition, level)) {
      let score = -1;
      if (code) score = row.code === code ? 0 : -1;
      else if (q) {
        const needle = strip(q.replace(/\./g, '. ').replace(/\s+/g, ' '));
        const hay = strip(row.name);
        if (hay === needle) score = 0; else if (hay.startsWith(needle)) score = 1;
        else if (hay.includes(needle)) score = 2;
      }
      if (score >= 0) hits.push({ score, level, row });
    }
  }
  hits.sort((a, b) => a.score - b.score);
  hits = hits.slice(0, limit);
  const results = [];
  for (const h of hits) {
    const f = await upstreamJson(`/api/units/${h.row.id}`);
    // Walk up to find the province code.
    let pc = h.level === 'province' ? h.row.code : null;
    let cur = f;
    while (!pc && cur.properties.parent_id) {
      cur = await upstreamJson(`/api/units/${cur.properties.parent_id}`);
      if (cur.properties.level === 'province') pc = cur.properties.code;
    }
    results.push({ id: h.row.id, code: h.row.code, name: h.row.name, level: h.level,
                   unit_type: h.row.unit_type, parent_name: h.row.parent_name,
                   province_code: pc, bbox: bboxOf(f.geometry) });
  }
  return { results };
}

// ---- fake snapshot support -------------------------------------------------------
function readVarint(buf, pos) {
  let result = 0;
  let shift = 0;
  let b;
  do { b = buf[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return [result, pos];
}
/** Walk the fields of a protobuf message in buf[start, end). */
function walkProto(buf, start, end, onField) {
  let pos = start;
  while (pos < end) {
    let key;
    [key, pos] = readVarint(buf, pos);
    const field = Math.floor(key / 8);
    const wt = key & 7;
    if (wt === 0) [, pos] = readVarint(buf, pos);
    else if (wt === 1) { onField(field, wt, pos, pos + 8); pos += 8; }
    else if (wt === 2) { let len; [len, pos] = readVarint(buf, pos); onField(field, wt, pos, pos + len); pos += len; }
    else if (wt === 5) { onField(field, wt, pos, pos + 4); pos += 4; }
    else throw new Error(`wire type ${wt}`);
  }
}
/** Scale the double/float values of every layer of an MVT tile, in place. */
function scaleTileValues(buf, factor) {
  walkProto(buf, 0, buf.length, (f, wt, s, e) => {
    if (f !== 3 || wt !== 2) return; // Tile.layers
    walkProto(buf, s, e, (f2, wt2, s2, e2) => {
      if (f2 !== 4 || wt2 !== 2) return; // Layer.values
      walkProto(buf, s2, e2, (f3, wt3, s3) => {
        if (f3 === 3 && wt3 === 1) buf.writeDoubleLE(buf.readDoubleLE(s3) * factor, s3);
        if (f3 === 2 && wt3 === 5) buf.writeFloatLE(buf.readFloatLE(s3) * factor, s3);
      });
    });
  });
  return buf;
}
async function fakeSnapshot(req, res, u) {
  if (!fake.real) {
    const cfg = await fetch(new URL('/api/map-config', upstream)).then((r) => r.json()).catch(() => null)
      || await mockMapConfig();
    fake.real = cfg.editions.find((e) => e.name === fake.edition)?.snapshots?.[0];
  }
  const real = new URL(u.href);
  real.searchParams.set('as_of', fake.real);
  const r = await fetch(new URL(real.pathname + real.search, upstream), { headers: { 'Accept-Encoding': 'identity' } });
  let body = Buffer.from(await r.arrayBuffer());
  const type = r.headers.get('content-type') || 'application/octet-stream';
  if (r.ok && u.pathname.endsWith('.mvt') && body.length) {
    if (body[0] === 0x1f && body[1] === 0x8b) body = zlib.gunzipSync(body);
    body = scaleTileValues(body, 0.8);
  } else if (r.ok && type.startsWith('application/json')) {
    const j = JSON.parse(body.toString('utf8'));
    if (j.as_of) j.as_of = fake.date;
    if (Array.isArray(j.tiles)) {
      j.tiles = j.tiles.map((t) => {
        const tu = new URL(t);
        tu.searchParams.set('as_of', fake.date);
        return `http://127.0.0.1:${port}${decodeURI(tu.pathname)}${tu.search.replace(/%7B/g, '{').replace(/%7D/g, '}')}`;
      });
    }
    body = Buffer.from(JSON.stringify(j));
  }
  res.writeHead(r.status, { 'Content-Type': type, 'Access-Control-Allow-Origin': '*' });
  res.end(body);
}

function proxy(req, res, u) {
  if (fake && u.searchParams.get('as_of') === fake.date) {
    fakeSnapshot(req, res, u).catch((e) => { res.writeHead(502); res.end(String(e)); });
    return;
  }
  const opts = { hostname: upstream.hostname, port: upstream.port, path: u.pathname + u.search,
                 method: req.method, headers: { ...req.headers, host: upstream.host } };
  if (u.pathname === '/api/map-config') delete opts.headers['accept-encoding']; // may be rewritten
  const p = http.request(opts, async (r) => {
    if (fake && r.statusCode === 200 && u.pathname === '/api/map-config') {
      // Add the fake snapshot to the edition's list (newest first).
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => {
        const cfg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const ed = cfg.editions.find((e) => e.name === fake.edition);
        if (ed && !ed.snapshots.includes(fake.date)) ed.snapshots = [...ed.snapshots, fake.date].sort().reverse();
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(cfg));
      });
      return;
    }
    if (r.statusCode === 404 && (u.pathname === '/api/map-config' || u.pathname === '/api/search')) {
      r.resume();
      try {
        const body = u.pathname === '/api/map-config' ? await mockMapConfig() : await mockSearch(u);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      } catch (e) {
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 'mock_failed', message: String(e) }));
      }
      return;
    }
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  p.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
  req.pipe(p);
}

http.createServer((req, res) => {
  const u = new URL(req.url, 'http://localhost');
  const p = u.pathname;
  if (p === '/' || p === '/map') return sendFile(res, path.join(webDir, 'public/index.html'));
  if (p === '/embed') return sendFile(res, path.join(webDir, 'public/embed.html'));
  if (p.startsWith('/static/')) return sendFile(res, path.join(webDir, 'public', decodeURIComponent(p.slice(8))), path.join(webDir, 'public'));
  if (p === '/vendor/maplibre-gl.js' || p === '/vendor/maplibre-gl.css') {
    return sendFile(res, path.join(webDir, 'node_modules/maplibre-gl/dist', path.basename(p)));
  }
  return proxy(req, res, u);
}).listen(port, '127.0.0.1', () => {
  console.log(`serving web/ on http://127.0.0.1:${port}/ (upstream ${upstream.origin})`);
});
