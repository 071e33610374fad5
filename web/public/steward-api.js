// The steward page's access to the API: requests (with the key when given, never cached), and the
// API's refusals and the matcher's reasons in plain words of the page's language.
import { t } from './i18n.js';
import { API } from './covermap.js';

export class ApiError extends Error {
  constructor(status, message, retryAfter = null) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/** @param {string} path @param {{method?: string, body?: any, key?: string|null}} [options] */
export async function call(path, { method = 'GET', body = undefined, key = null } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let r;
  try {
    r = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, String(e?.message || e));
  }
  let doc = null;
  try { doc = await r.json(); } catch { /* not JSON */ }
  if (!r.ok) throw new ApiError(r.status, doc?.message || r.statusText, r.headers.get('Retry-After'));
  return doc;
}

/** What went wrong, in plain words (the server's own message goes below as the detail). */
export function plainError(e) {
  const m = e.message || '';
  switch (e.status) {
    case 0: return t('st.err.network');
    case 401: return t('st.err.401');
    case 403: return m.includes('outside the key') ? t('st.err.403.scope') : t('st.err.403');
    case 404: return t('st.err.404');
    case 409: return t('st.err.409');
    case 422: {
      const taken = m.match(/already has a team in this import(?: \(line (\d+)\))?/);
      if (taken) return t('st.err.422.taken', { line: taken[1] ?? '?' });
      if (m.includes('not a row to review')) return t('st.err.422.done');
      if (m.includes('no hamlet with code')) return t('st.err.422.nohamlet');
      if (m.includes('does not supply')) return t('st.err.422.supply');
      return t('st.err.422');
    }
    case 429: return t('st.err.429', { s: e.retryAfter || '60' });
    case 503: case 504: return t('st.err.busy');
    default: return t('st.err.other', { status: e.status });
  }
}

// The matcher's reasons (geo/matcher.cpp) in the page's language; anything else as written.
const REASONS = [
  [/^no hamlet name$/, 'st.why.no_hamlet_name'],
  [/^unknown province '(.*)'$/, 'st.why.unknown_province'],
  [/^province '(.*)' is ambiguous$/, 'st.why.province_ambiguous'],
  [/^commune '(.*)' is ambiguous$/, 'st.why.commune_ambiguous'],
  [/^no commune '(.*)' in (.*)$/, 'st.why.no_commune'],
  [/^hamlet '(.*)' is ambiguous$/, 'st.why.hamlet_ambiguous'],
  [/^no hamlet '(.*)' in (.*)$/, 'st.why.no_hamlet'],
  [/^commune code '(.*)' contradicts the names; placed by name$/, 'st.why.code_contradicts'],
];
export function reasonText(reason) {
  for (const [re, key] of REASONS) {
    const m = reason.match(re);
    if (m) return t(key, { a: m[1] ?? '', b: m[2] ?? '' });
  }
  return reason;
}
