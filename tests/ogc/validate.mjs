#!/usr/bin/env node
// Checks covermap's OGC API output with independent, third-party validators
// rather than with our own code, so a bug we share between writer and test
// cannot hide itself:
//   --openapi URL        the OpenAPI document: must be JSON and pass
//                        @apidevtools/swagger-parser validate() (schema + spec
//                        rules); external $refs are not followed.
//   --geojson URL        (repeatable) a GeoJSON response: 2xx, content-type
//                        application/geo+json, and structurally valid per
//                        @placemarkio/check-geojson check() (RFC 7946 shape:
//                        positions, ring closure and length, nesting, bbox).
//   --geojson-file PATH  (repeatable) the same check on a local file (offline).
//
//   node tests/ogc/validate.mjs --openapi URL [--geojson URL ...] [--geojson-file PATH ...]
//
// Prints every failure (not only the first). Exit 0 if all pass, 1 if any
// fails, 2 on a usage error. Packages come from web/node_modules
// (web/package.json devDependencies), so this runs from any cwd.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const SwaggerParser = require('@apidevtools/swagger-parser');
const { check, HintError } = require('@placemarkio/check-geojson');

const USAGE =
  'usage: node tests/ogc/validate.mjs --openapi URL [--geojson URL ...] [--geojson-file PATH ...]';
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      openapi: { type: 'string' },
      geojson: { type: 'string', multiple: true, default: [] },
      'geojson-file': { type: 'string', multiple: true, default: [] },
    },
  }));
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (!args.openapi && !args.geojson.length && !args['geojson-file'].length) {
  console.error(USAGE);
  process.exit(2);
}

let failures = 0;
const fail = (msg) => { failures++; console.log(`FAIL ${msg}`); };

async function get(url) {
  const res = await fetch(url).catch((e) => {
    throw new Error(`fetch failed: ${e.cause?.message ?? e.message}`);
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  return { body, type: res.headers.get('content-type') ?? '' };
}

// "line:col" of a character offset, for check-geojson's issue positions.
function lineCol(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1).length + 1}`;
}

// Every "$ref" value in a parsed JSON document.
const refs = (v) =>
  v && typeof v === 'object'
    ? Object.entries(v).flatMap(([k, x]) => (k === '$ref' && typeof x === 'string' ? [x] : refs(x)))
    : [];

async function checkOpenApi(url) {
  let text, doc;
  try {
    text = (await get(url)).body;
  } catch (e) {
    return fail(`openapi ${url}: ${e.message}`);
  }
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(`openapi ${url}: not JSON: ${e.message}`);
  }
  // external:false makes the validator skip (not check) external $refs, so
  // reject them here; the document must be self-contained.
  const external = refs(doc).filter((r) => !r.startsWith('#'));
  if (external.length) return fail(`openapi ${url}: external $ref not allowed: ${external.join(', ')}`);
  try {
    // Passing the object (not the URL) plus external:false: nothing else is fetched.
    const api = await SwaggerParser.validate(doc, { resolve: { external: false } });
    console.log(`openapi ok: ${api.info?.title} ${Object.keys(api.paths ?? {}).length} paths`);
  } catch (e) {
    fail(`openapi ${url}: ${e.message.trimEnd()}`);
  }
}

async function checkGeoJson(label, load) {
  let text;
  try {
    const { body, type } = await load();
    if (type !== null && !type.includes('application/geo+json'))
      return fail(`geojson ${label}: content-type is "${type}", want application/geo+json`);
    text = body;
  } catch (e) {
    return fail(`geojson ${label}: ${e.message}`);
  }
  try {
    const gj = check(text);
    const n = gj.type === 'FeatureCollection' ? gj.features.length : gj.type === 'Feature' ? 1 : 0;
    console.log(`geojson ok: ${label} (${gj.type}, ${n} features)`);
  } catch (e) {
    if (!(e instanceof HintError)) return fail(`geojson ${label}: ${e.message}`);
    fail(`geojson ${label}: ${e.issues.length} issue(s)`);
    for (const i of e.issues) console.log(`  at ${lineCol(text, i.from)} (offset ${i.from}-${i.to}): ${i.message}`);
  }
}

if (args.openapi) await checkOpenApi(args.openapi);
for (const url of args.geojson) await checkGeoJson(url, () => get(url));
for (const file of args['geojson-file'])
  await checkGeoJson(file, async () => ({ body: fs.readFileSync(file, 'utf8'), type: null }));

process.exit(failures ? 1 : 0);
