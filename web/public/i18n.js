// Translations and number formatting for the covermap front end.
// Vietnamese is the default language; English is the alternative.
// Every user-visible string (labels, legends, popups, buttons, aria-labels)
// goes through t() so the language switch re-renders everything.

export const LANGS = ['vi', 'en'];

const dict = {
  vi: {
    'app.title': 'Bản đồ Tổ công nghệ số cộng đồng',
    'app.subtitle': 'Độ phủ Tổ công nghệ số cộng đồng theo đơn vị hành chính',
    'embed.title': 'Bản đồ Tổ công nghệ số cộng đồng (nhúng)',
    'map.aria': 'Bản đồ độ phủ Tổ công nghệ số cộng đồng',
    'lang.switch': 'English',
    'lang.switch.aria': 'Chuyển sang tiếng Anh',
    'panel.toggle': 'Bảng điều khiển',
    'panel.show': 'Hiện bảng điều khiển',
    'panel.hide': 'Ẩn bảng điều khiển',
    'search.label': 'Tìm đơn vị hành chính',
    'search.placeholder': 'Tên tỉnh, xã, thôn…',
    'search.button': 'Tìm',
    'search.results': 'Kết quả tìm kiếm',
    'search.none': 'Không tìm thấy kết quả',
    'search.error': 'Không tìm kiếm được',
    'search.searching': 'Đang tìm…',
    'search.count': '{n} kết quả',
    'edition.label': 'Phiên bản địa giới',
    'edition.option': 'Địa giới {name}',
    'time.label': 'Thời điểm số liệu',
    'time.single': 'Chỉ có một thời điểm',
    'snapshot.converted': '(từ bản đồ {from})',
    'compare.label': 'So sánh với thời điểm',
    'compare.off': 'Không so sánh',
    'compare.hint': 'Bản đồ thay đổi: tăng hoặc giảm của từng đơn vị so với thời điểm này',
    'compare.metric': 'Chỉ tiêu này không so sánh được giữa hai thời điểm',
    'change.points': 'điểm %',
    'legend.change': 'Thay đổi: {metric}',
    'legend.compare': '{date} so với {compare}',
    'legend.unchanged': 'Không thay đổi',
    'legend.converted': 'Số liệu ngày {date} là danh sách Tổ theo bản đồ {from}, chuyển sang địa giới {to} {method}.',
    'legend.converted.short': 'Số liệu {date}: chuyển từ bản đồ {from}',
    'conversion.method.hamlet points': 'theo vị trí thôn (mỗi Tổ tính vào đơn vị chứa điểm thôn của Tổ)',
    'month.compare': 'Không áp dụng khi so sánh hai thời điểm',
    'popup.change': 'Thay đổi so với {date}',
    'popup.covered': 'Số thôn có Tổ',
    'month.label': 'Theo tháng thành lập Tổ',
    'month.hint': 'Các Tổ của thời điểm đã chọn, thành lập đến cuối tháng',
    'month.latest': '{month} (thời điểm số liệu)',
    'month.metric': 'Chỉ tiêu này không có số liệu theo tháng',
    'month.clusters': 'Không áp dụng khi hiển thị cụm LISA',
    'month.none': 'Không có ngày thành lập để chia theo tháng',
    'month.error': 'Không tải được số liệu theo tháng',
    'month.undated': '{n} Tổ không rõ ngày thành lập chỉ được tính ở tháng cuối',
    'legend.month': 'tháng {month} (thang phân lớp của {date})',
    'popup.month': 'Số liệu cuối tháng {month}',
    'level.label': 'Cấp hiển thị',
    'level.auto': 'Tự động theo mức thu phóng',
    'metric.label': 'Chỉ tiêu',
    'method.label': 'Phương pháp phân lớp',
    'method.quantile': 'Phân vị (quantile)',
    'method.jenks': 'Ngắt tự nhiên (Jenks)',
    'method.equal': 'Khoảng đều',
    'method.stddev': 'Độ lệch chuẩn',
    'palette.label': 'Bảng màu',
    'palette.ylgnbu': 'Vàng–Lục–Lam (YlGnBu)',
    'palette.viridis': 'Viridis',
    'clusters.label': 'Cụm không gian (LISA)',
    'clusters.hint': 'Moran cục bộ, mức ý nghĩa 5%',
    'clusters.fdr': 'Hiệu chỉnh kiểm định bội (FDR)',
    'clusters.hint_fdr': 'Moran cục bộ, tỷ lệ phát hiện sai (FDR) 5%',
    'clusters.with': 'So với chỉ tiêu ở vùng lân cận (LISA hai biến)',
    'clusters.with.none': 'Không (LISA một biến)',
    'clusters.hint_bv': 'chữ thứ nhất: chỉ tiêu tại đơn vị, chữ thứ hai: {with} ở các đơn vị lân cận',
    'legend.title': 'Chú giải',
    'legend.aria': 'Chú giải bản đồ',
    'legend.nodata': 'Không có số liệu',
    'legend.notavail': 'Chỉ tiêu này không có ở cấp {level}',
    'legend.loading': 'Đang tải chú giải…',
    'legend.error': 'Không tải được phân lớp',
    'legend.units': '{n} đơn vị',
    'legend.level': 'Cấp: {level}',
    'legend.hamlets': 'Thôn, tổ dân phố (từ mức thu phóng 11)',
    'legend.hamlet.team': 'Có Tổ công nghệ số',
    'legend.hamlet.noteam': 'Chưa có Tổ',
    'legend.provinces': 'Ranh giới tỉnh',
    'legend.clusters': 'Cụm LISA',
    'cluster.HH': 'Cao – Cao',
    'cluster.LL': 'Thấp – Thấp',
    'cluster.HL': 'Cao – Thấp',
    'cluster.LH': 'Thấp – Cao',
    'cluster.ns': 'Không có ý nghĩa thống kê',
    'cluster.popup': 'Cụm LISA',
    'level.province': 'Tỉnh',
    'level.district': 'Huyện',
    'level.commune': 'Xã',
    'level.hamlet': 'Thôn',
    'levelname.province': 'tỉnh/thành phố',
    'levelname.district': 'huyện',
    'levelname.commune': 'xã/phường',
    'levelname.hamlet': 'thôn/tổ dân phố',
    'metric.coverage_rate': 'Tỷ lệ thôn có Tổ',
    'metric.coverage_rate_eb': 'Tỷ lệ thôn có Tổ, làm trơn Bayes thực nghiệm',
    'metric.coverage_rate_ebl': 'Tỷ lệ thôn có Tổ, làm trơn Bayes thực nghiệm theo vùng lân cận',
    'legend.smoothed.global': 'Tỷ lệ làm trơn Bayes thực nghiệm: tỷ lệ của đơn vị ít thôn được kéo về tỷ lệ chung của cả nước, nên không nổi bật chỉ vì có ít thôn.',
    'legend.smoothed.local': 'Tỷ lệ làm trơn Bayes thực nghiệm theo vùng lân cận: tỷ lệ của đơn vị ít thôn được kéo về tỷ lệ chung của đơn vị và các đơn vị giáp ranh.',
    'legend.smoothed.short': 'Tỷ lệ làm trơn Bayes thực nghiệm',
    'legend.smoothed.pooled': 'Ở cấp này các đơn vị không chênh lệch hơn mức ngẫu nhiên: mọi đơn vị nhận tỷ lệ chung.',
    'metric.teams': 'Số Tổ công nghệ số',
    'metric.members': 'Số thành viên',
    'metric.covered_hamlets': 'Số thôn có Tổ',
    'metric.members_per_1000_households': 'Thành viên trên 1.000 hộ',
    'metric.supported_share': 'Tỷ lệ hộ được hỗ trợ',
    'metric.ecommerce_household_share': 'Tỷ lệ hộ mua sắm trực tuyến',
    'metric.cashless_household_share': 'Tỷ lệ hộ thanh toán không tiền mặt',
    'popup.parent': 'Trực thuộc',
    'popup.hamlets': 'Thôn có Tổ / tổng số thôn',
    'popup.coverage': 'Tỷ lệ thôn có Tổ',
    'popup.teams': 'Số Tổ',
    'popup.members': 'Số thành viên',
    'popup.per1000': 'Thành viên / 1.000 hộ',
    'popup.supported': 'Tỷ lệ hộ được hỗ trợ',
    'popup.indicators': 'Chỉ số',
    'popup.hasteam': 'Có Tổ công nghệ số',
    'popup.noteam': 'Chưa có Tổ công nghệ số',
    'popup.nodata': 'không có số liệu',
    'popup.close': 'Đóng',
    'popup.zoom': 'Phóng tới',
    'crumb.aria': 'Đường dẫn đơn vị đã chọn',
    'crumb.country': 'Việt Nam',
    'crumb.zoom': 'Phóng tới {name}',
    'selected.title': 'Đơn vị đã chọn',
    'selected.none': 'Nhấp vào bản đồ để chọn một đơn vị.',
    'selected.zoom': 'Phóng tới đơn vị',
    'selected.clear': 'Bỏ chọn',
    'download.title': 'Tải bảng số liệu',
    'download.csv': 'Tải CSV',
    'download.xlsx': 'Tải XLSX',
    'download.png': 'Tải ảnh bản đồ (PNG)',
    'download.source': 'Nguồn: covermap · {edition} · {date}',
    'download.scope': 'Cấp {level}, {scope}, thời điểm {date}',
    'download.scope.all': 'toàn quốc',
    'download.scope.in': 'thuộc {name}',
    'embed.button': 'Nhúng bản đồ',
    'embed.dialog': 'Nhúng bản đồ vào cổng thông tin',
    'embed.intro': 'Sao chép đoạn mã dưới đây vào trang web của tỉnh. Bản đồ nhúng hiển thị chế độ xem hiện tại.',
    'embed.width': 'Chiều rộng (px)',
    'embed.height': 'Chiều cao (px)',
    'embed.legend': 'Hiện chú giải',
    'embed.iframe': 'Mã iframe',
    'embed.script': 'Mã JavaScript',
    'embed.copy': 'Sao chép',
    'embed.copied': 'Đã sao chép',
    'embed.close': 'Đóng',
    'embed.preview': 'Mở trang nhúng',
    'embed.iframe.title': 'Bản đồ Tổ công nghệ số cộng đồng',
    'status.loading': 'Đang tải bản đồ…',
    'status.error': 'Không tải được dữ liệu: {msg}',
    'attribution': 'Số liệu: covermap · Bản đồ: MapLibre',
    'attribution.toggle': 'Hiện/ẩn nguồn dữ liệu',
    'zoom.in': 'Phóng to',
    'zoom.out': 'Thu nhỏ',
    'compass': 'Đặt lại hướng bắc',
    'type.tinh': 'Tỉnh',
    'type.thanh pho': 'Thành phố',
    'type.xa': 'Xã',
    'type.phuong': 'Phường',
    'type.dac khu': 'Đặc khu',
    'type.thi tran': 'Thị trấn',
    'type.huyen': 'Huyện',
    'type.quan': 'Quận',
    'type.thi xa': 'Thị xã',
    'type.thon': 'Thôn',
    'type.to dan pho': 'Tổ dân phố',
    'type.ap': 'Ấp',
    'type.khu pho': 'Khu phố',
    'type.plei': 'Plei',
    'type.khoi': 'Khối',
  },
  en: {
    'app.title': 'Community Digital Technology Teams map',
    'app.subtitle': 'Coverage of Community Digital Technology Teams by administrative unit',
    'embed.title': 'Community Digital Technology Teams map (embedded)',
    'map.aria': 'Map of Community Digital Technology Team coverage',
    'lang.switch': 'Tiếng Việt',
    'lang.switch.aria': 'Switch to Vietnamese',
    'panel.toggle': 'Controls',
    'panel.show': 'Show the control panel',
    'panel.hide': 'Hide the control panel',
    'search.label': 'Find an administrative unit',
    'search.placeholder': 'Province, commune, hamlet…',
    'search.button': 'Search',
    'search.results': 'Search results',
    'search.none': 'No results',
    'search.error': 'Search failed',
    'search.searching': 'Searching…',
    'search.count': '{n} results',
    'edition.label': 'Boundary edition',
    'edition.option': '{name} boundaries',
    'time.label': 'Data as of',
    'time.single': 'Only one snapshot',
    'snapshot.converted': '(from the {from} map)',
    'compare.label': 'Compare with',
    'compare.off': 'No comparison',
    'compare.hint': 'Change map: gain or loss of each unit since that snapshot',
    'compare.metric': 'This metric cannot be compared between snapshots',
    'change.points': 'pp',
    'legend.change': 'Change: {metric}',
    'legend.compare': '{date} compared with {compare}',
    'legend.unchanged': 'No change',
    'legend.converted': 'The {date} figures are the registry on the {from} map, carried onto the {to} units {method}.',
    'legend.converted.short': '{date} figures: from the {from} map',
    'conversion.method.hamlet points': 'by hamlet points (each team counted in the unit its hamlet lies in)',
    'month.compare': 'Not available when comparing snapshots',
    'popup.change': 'Change since {date}',
    'popup.covered': 'Hamlets with a team',
    'month.label': 'By founding month',
    'month.hint': 'Teams of the chosen snapshot founded by the end of the month',
    'month.latest': '{month} (the snapshot)',
    'month.metric': 'No monthly figures for this metric',
    'month.clusters': 'Not available with LISA clusters',
    'month.none': 'No founding dates to split by month',
    'month.error': 'Could not load the monthly figures',
    'month.undated': '{n} teams without a founding date count only in the last month',
    'legend.month': 'end of {month} (classes of {date})',
    'popup.month': 'Figures at the end of {month}',
    'level.label': 'Level shown',
    'level.auto': 'Automatic (by zoom)',
    'metric.label': 'Metric',
    'method.label': 'Classification',
    'method.quantile': 'Quantiles',
    'method.jenks': 'Natural breaks (Jenks)',
    'method.equal': 'Equal intervals',
    'method.stddev': 'Standard deviation',
    'palette.label': 'Palette',
    'palette.ylgnbu': 'Yellow–Green–Blue (YlGnBu)',
    'palette.viridis': 'Viridis',
    'clusters.label': 'Spatial clusters (LISA)',
    'clusters.hint': 'Local Moran, 5% significance',
    'clusters.fdr': 'Adjust for multiple testing (FDR)',
    'clusters.hint_fdr': 'Local Moran, 5% false discovery rate',
    'clusters.with': 'Against a metric around (bivariate LISA)',
    'clusters.with.none': 'None (univariate LISA)',
    'clusters.hint_bv': 'first letter: the metric at the unit, second: {with} around it',
    'legend.title': 'Legend',
    'legend.aria': 'Map legend',
    'legend.nodata': 'No data',
    'legend.notavail': 'This metric is not available for {level}',
    'legend.loading': 'Loading legend…',
    'legend.error': 'Could not load the classes',
    'legend.units': '{n} units',
    'legend.level': 'Level: {level}',
    'legend.hamlets': 'Hamlets (from zoom 11)',
    'legend.hamlet.team': 'Has a team',
    'legend.hamlet.noteam': 'No team yet',
    'legend.provinces': 'Province boundary',
    'legend.clusters': 'LISA clusters',
    'cluster.HH': 'High – High',
    'cluster.LL': 'Low – Low',
    'cluster.HL': 'High – Low',
    'cluster.LH': 'Low – High',
    'cluster.ns': 'Not significant',
    'cluster.popup': 'LISA cluster',
    'level.province': 'Province',
    'level.district': 'District',
    'level.commune': 'Commune',
    'level.hamlet': 'Hamlet',
    'levelname.province': 'provinces',
    'levelname.district': 'districts',
    'levelname.commune': 'communes',
    'levelname.hamlet': 'hamlets',
    'metric.coverage_rate': 'Hamlets with a team (share)',
    'metric.coverage_rate_eb': 'Hamlets with a team (share), empirical-Bayes smoothed',
    'metric.coverage_rate_ebl': 'Hamlets with a team (share), local empirical-Bayes smoothed',
    'legend.smoothed.global': 'Empirical-Bayes smoothed rate: the rate of a unit with few hamlets is pulled towards the national rate, so it does not stand out only because it is small.',
    'legend.smoothed.local': 'Local empirical-Bayes smoothed rate: the rate of a unit with few hamlets is pulled towards the pooled rate of the unit and its neighbours.',
    'legend.smoothed.short': 'Empirical-Bayes smoothed rate',
    'legend.smoothed.pooled': 'At this level the units vary no more than chance would make them: every unit gets the pooled rate.',
    'metric.teams': 'Teams',
    'metric.members': 'Members',
    'metric.covered_hamlets': 'Hamlets with a team',
    'metric.members_per_1000_households': 'Members per 1,000 households',
    'metric.supported_share': 'Households supported (share)',
    'metric.ecommerce_household_share': 'Households shopping online (share)',
    'metric.cashless_household_share': 'Households paying cashless (share)',
    'popup.parent': 'Part of',
    'popup.hamlets': 'Hamlets covered / total',
    'popup.coverage': 'Coverage rate',
    'popup.teams': 'Teams',
    'popup.members': 'Members',
    'popup.per1000': 'Members / 1,000 households',
    'popup.supported': 'Households supported',
    'popup.indicators': 'Indicators',
    'popup.hasteam': 'Has a digital technology team',
    'popup.noteam': 'No digital technology team yet',
    'popup.nodata': 'no data',
    'popup.close': 'Close',
    'popup.zoom': 'Zoom to',
    'crumb.aria': 'Path of the selected unit',
    'crumb.country': 'Viet Nam',
    'crumb.zoom': 'Zoom to {name}',
    'selected.title': 'Selected unit',
    'selected.none': 'Click the map to select a unit.',
    'selected.zoom': 'Zoom to unit',
    'selected.clear': 'Clear selection',
    'download.title': 'Download the table',
    'download.csv': 'Download CSV',
    'download.xlsx': 'Download XLSX',
    'download.png': 'Download this map (PNG)',
    'download.source': 'Source: covermap · {edition} · {date}',
    'download.scope': '{level}, {scope}, as of {date}',
    'download.scope.all': 'whole country',
    'download.scope.in': 'in {name}',
    'embed.button': 'Embed map',
    'embed.dialog': 'Embed the map in a portal',
    'embed.intro': 'Copy this code into the provincial web portal. The embedded map shows the current view.',
    'embed.width': 'Width (px)',
    'embed.height': 'Height (px)',
    'embed.legend': 'Show legend',
    'embed.iframe': 'iframe code',
    'embed.script': 'JavaScript code',
    'embed.copy': 'Copy',
    'embed.copied': 'Copied',
    'embed.close': 'Close',
    'embed.preview': 'Open the embed page',
    'embed.iframe.title': 'Community Digital Technology Teams map',
    'status.loading': 'Loading the map…',
    'status.error': 'Could not load data: {msg}',
    'attribution': 'Data: covermap · Map: MapLibre',
    'attribution.toggle': 'Show/hide attribution',
    'zoom.in': 'Zoom in',
    'zoom.out': 'Zoom out',
    'compass': 'Reset bearing to north',
    'type.tinh': 'Province',
    'type.thanh pho': 'City',
    'type.xa': 'Commune',
    'type.phuong': 'Ward',
    'type.dac khu': 'Special zone',
    'type.thi tran': 'Township',
    'type.huyen': 'Rural district',
    'type.quan': 'Urban district',
    'type.thi xa': 'Town',
    'type.thon': 'Village',
    'type.to dan pho': 'Residential group',
    'type.ap': 'Hamlet (ấp)',
    'type.khu pho': 'Quarter',
    'type.plei': 'Village (plei)',
    'type.khoi': 'Block',
  },
};

let current = 'vi';

/** The keys a language has strings for (the unit tests check both languages have the same). */
export function keysOf(lang) {
  return Object.keys(dict[lang] || {});
}

/** Add a page's own strings ({ vi: {...}, en: {...} }); the steward page keeps its strings apart. */
export function addStrings(more) {
  for (const lang of LANGS) Object.assign(dict[lang], more[lang] || {});
}

export function setLang(lang) {
  current = LANGS.includes(lang) ? lang : 'vi';
  if (typeof document !== 'undefined') document.documentElement.lang = current;
  return current;
}

export function getLang() {
  return current;
}

/** Translate key, substituting {name} placeholders from vars. */
export function t(key, vars = {}) {
  const s = dict[current][key] ?? dict.vi[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** Apply translations to every element carrying data-i18n* attributes. */
export function translateDom(root = document) {
  /** @param {string} selector @returns {HTMLElement[]} */
  const all = (selector) => /** @type {HTMLElement[]} */ ([...root.querySelectorAll(selector)]);
  for (const el of all('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of all('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  for (const el of all('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of all('[data-i18n-placeholder]')) {
    /** @type {HTMLInputElement} */ (el).placeholder = t(el.dataset.i18nPlaceholder);
  }
}

// ---- numbers ---------------------------------------------------------------
// vi-VN groups with "." and uses "," as decimal separator (1.234,5);
// en-US the reverse (1,234.5).
const locales = { vi: 'vi-VN', en: 'en-US' };
const formatters = new Map();
function fmt(opts) {
  const key = current + JSON.stringify(opts);
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(locales[current], opts));
  return formatters.get(key);
}

export function formatNumber(v, digits = 0) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return fmt({ minimumFractionDigits: 0, maximumFractionDigits: digits }).format(v);
}

/** Format a share in 0..1 as a percentage with `digits` decimals. */
export function formatPercent(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return fmt({ style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits }).format(v);
}

/** Format an ISO date (YYYY-MM-DD) in the current language. */
export function formatDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return new Intl.DateTimeFormat(locales[current], { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(dt);
}

/** Format a month (YYYY-MM): 03/2024 in Vietnamese, Mar 2024 in English. */
export function formatMonth(ym) {
  if (!ym) return '';
  const [y, m] = ym.split('-');
  if (current === 'vi') return `${m}/${y}`;
  return new Intl.DateTimeFormat(locales[current], { year: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(new Date(Date.UTC(Number(y), Number(m) - 1, 1)));
}
