// What the browser scripts share (tests/web/viewer.mjs, change_map.mjs, steward.mjs,
// bench/web_paint.mjs): command-line options, Debian's Chromium started headless through
// playwright-core (from web/node_modules) with no network of its own and WebGL in software, the
// checks' PASS/FAIL/SKIP lines with the closing "N passed, N failed" line the C++ tests read, a JSON
// GET, and opening a map page with its console watched.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.resolve(here, '../../web/package.json'));
const { chromium } = require('playwright-core');

export const argv = process.argv.slice(2);

// The value after --NAME, or dflt.
export function opt(name, dflt) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
}

// The server's base URL from --url, without a trailing slash.
export const baseUrl = () => opt('url', 'http://127.0.0.1:8095').replace(/\/+$/, '');

// Chromium (--chromium, $CHROMIUM or /usr/bin/chromium): the machine has no network but loopback,
// so everything that would phone home is off; WebGL without a GPU is ANGLE on SwiftShader.
export function launchChromium() {
  return chromium.launch({
    executablePath: opt('chromium', process.env.CHROMIUM || '/usr/bin/chromium'),
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-default-apps', '--mute-audio',
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
}

// One line per check; a check's function throws (FAIL), returns {skip: why} (SKIP),
// {ok: false, details} (FAIL), or anything else (PASS, with {details} or a text shown after it);
// each line ends with the seconds the check took.
const tally = { passed: 0, failed: 0, skipped: 0 };
export function report(status, name, details = '') {
  tally[{ PASS: 'passed', FAIL: 'failed', SKIP: 'skipped' }[status]]++;
  console.log(`${status} ${name}${details ? ` — ${details}` : ''}`);
}
export async function check(name, fn) {
  const start = Date.now();
  const took = () => ` (${((Date.now() - start) / 1000).toFixed(1)} s)`;
  try {
    const r = await fn();
    if (r && r.skip) report('SKIP', name, r.skip);
    else if (r && r.ok === false) report('FAIL', name, `${r.details ?? ''}${took()}`);
    else report('PASS', name, `${(typeof r === 'object' && r !== null ? r.details : r) ?? ''}${took()}`);
  } catch (e) {
    report('FAIL', name, `${String(e?.message || e).split('\n')[0]}${took()}`);
  }
}
export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
// The closing line, and the exit status: 0 only when no check failed.
export function finish() {
  console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`);
  process.exit(tally.failed ? 1 : 0);
}

// GET base + p as JSON; anything but 2xx throws.
export async function getJson(base, p) {
  const r = await fetch(base + p);
  if (!r.ok) throw new Error(`GET ${p}: HTTP ${r.status}`);
  return r.json();
}

// Console errors (and page errors) and warnings of every page opened with openMapPage: {page, type, text}.
export const consoleProblems = [];
export const consoleWarnings = [];

// Open base + pagePath in a fresh context (viewport, Vietnamese locale) and wait until the page says
// it is ready (body[data-ready=1]). Its console is watched (above); page.tiles keeps the URLs of the
// coverage tiles it asks for.
export async function openMapPage(browser, base, label, pagePath,
  { viewport = { width: 1366, height: 768 }, timeout = 60000 } = {}) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.tiles = [];
  page.on('request', (r) => { if (/\/tiles\/coverage\/\d+\/\d+\/\d+\.mvt/.test(r.url())) page.tiles.push(r.url()); });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleProblems.push({ page: label, type: 'console.error', text: m.text() });
    if (m.type() === 'warning') consoleWarnings.push({ page: label, type: 'console.warn', text: m.text() });
  });
  page.on('pageerror', (e) => consoleProblems.push({ page: label, type: 'pageerror', text: e.message }));
  await page.goto(base + pagePath);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout });
  return page;
}

// Resolve once the page's map has drawn everything it needs.
export const waitIdle = (page) => page.evaluate(() => new Promise((resolve) => {
  const map = window.covermap.map;
  map.once('idle', resolve);
  map.triggerRepaint();
}));
