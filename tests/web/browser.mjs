// What the browser scripts share (tests/web/viewer.mjs, tests/web/steward.mjs, bench/web_paint.mjs):
// command-line options, Debian's Chromium started headless through playwright-core (from
// web/node_modules) with no network of its own and WebGL in software, the checks' PASS/FAIL/SKIP
// lines with the closing "N passed, N failed" line the C++ tests read, and a JSON GET.
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
