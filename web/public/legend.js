// Legend rendering shared by the viewer and the embed page.
import { t, formatDate, formatMonth } from './i18n.js';
import { COLORS, CLUSTERS, metricLabel, formatMetric, formatChange } from './covermap.js';

function swatch(color, kind = 'box') {
  const s = document.createElement('span');
  s.className = `swatch swatch-${kind}`;
  s.style.setProperty('--swatch', color);
  s.setAttribute('aria-hidden', 'true');
  return s;
}

function item(list, color, text, kind, count) {
  const li = document.createElement('li');
  li.append(swatch(color, kind));
  const label = document.createElement('span');
  label.className = 'legend-label';
  label.textContent = text;
  li.append(label);
  if (count !== undefined && count !== null) {
    const c = document.createElement('span');
    c.className = 'legend-count';
    c.textContent = String(count);
    c.title = t('legend.units', { n: count });
    li.append(c);
  }
  list.append(li);
  return li;
}

/**
 * Draw the legend model emitted by CoverMap into `el`.
 * compact: the smaller variant of the embed page (no counts, no subtitle).
 */
export function renderLegend(el, model, { compact = false } = {}) {
  el.replaceChildren();
  if (!model) return;
  const title = document.createElement('div');
  title.className = 'legend-title';
  const bivariate = model.clusters?.with;
  title.textContent = model.clusters
    ? `${t('legend.clusters')} · ${metricLabel(model.metric)}${bivariate ? ` × ${metricLabel(bivariate)}` : ''}`
    : model.compare ? t('legend.change', { metric: metricLabel(model.metric) }) : metricLabel(model.metric);
  el.append(title);
  const sub = document.createElement('div');
  sub.className = 'legend-sub';
  // In month mode: the month, classed with the snapshot's breaks; on a change map: the two dates.
  const when = model.month
    ? t('legend.month', { month: formatMonth(model.month), date: formatDate(model.asOf) })
    : model.compare ? t('legend.compare', { date: formatDate(model.asOf), compare: formatDate(model.compare) })
      : formatDate(model.asOf);
  sub.textContent = `${t('legend.level', { level: t(`level.${model.level}`) })} · ${when}`;
  el.append(sub);
  // A smoothed rate: say what smoothing means (global or local Empirical Bayes).
  if (model.smoothed) {
    const note = document.createElement('div');
    note.className = 'legend-note legend-smoothed';
    note.dataset.method = model.smoothed;
    note.textContent = t(compact ? 'legend.smoothed.short' : `legend.smoothed.${model.smoothed}`);
    if (model.pooled && !compact) note.textContent += ` ${t('legend.smoothed.pooled')}`;
    el.append(note);
  }
  // Figures of another edition's registry carried onto these units: say whose and how.
  for (const c of model.conversions || []) {
    const note = document.createElement('div');
    note.className = 'legend-note';
    note.dataset.from = c.from;
    note.dataset.asOf = c.asOf;
    const key = `conversion.method.${c.method}`;
    const method = t(key) === key ? c.method : t(key);
    note.textContent = t(compact ? 'legend.converted.short' : 'legend.converted',
      { date: formatDate(c.asOf), from: c.from, to: model.edition, method });
    el.append(note);
  }

  const list = document.createElement('ul');
  list.className = 'legend-list';
  el.append(list);
  const showCount = !compact;

  if (model.clusters) {
    const c = model.clusters;
    if (c.status === 'loading') item(list, 'transparent', t('legend.loading'), 'none');
    else if (c.status === 'error') item(list, 'transparent', t('legend.error'), 'none');
    else if (c.status === 'na') item(list, COLORS.nodata, t('legend.notavail', { level: t(`levelname.${model.level}`) }));
    else {
      for (const k of CLUSTERS) item(list, COLORS[k], t(`cluster.${k}`), 'box', showCount ? c.counts[k] : null);
      item(list, COLORS.ns, t('cluster.ns'), 'box', showCount ? c.counts.ns : null);
      item(list, COLORS.nodata, t('legend.nodata'), 'box', showCount && c.nodata ? c.nodata : null);
    }
    if (!compact) {
      const hint = document.createElement('div');
      hint.className = 'legend-hint';
      hint.textContent = t(model.clusters.fdr ? 'clusters.hint_fdr' : 'clusters.hint');
      if (bivariate) hint.textContent += ` · ${t('clusters.hint_bv', { with: metricLabel(bivariate) })}`;
      el.append(hint);
    }
  } else if (model.status === 'ok') {
    const unchanged = () => {
      const li = item(list, model.unchanged.color, t('legend.unchanged'), 'box', showCount ? model.unchanged.count : null);
      li.classList.add('legend-unchanged');
    };
    model.classes.forEach((c, i) => {
      // On a change map "no change" sits between the losses and the gains.
      if (model.unchanged && c.kind !== 'loss' && !list.querySelector('.legend-unchanged')) unchanged();
      // An empty class from a repeated break (e.g. "100% – 100%") is never drawn.
      if (i > 0 && c.from === c.to && !c.count) return;
      if (c.kind === 'unchanged' && !c.count) return;
      const last = i === model.classes.length - 1;
      // A change's unit (percentage points) once, at the end.
      const text = model.compare
        ? `${formatChange(model.metric, c.from, { unit: false })} – ${formatChange(model.metric, c.to)}`
        : `${formatMetric(model.metric, c.from)} – ${formatMetric(model.metric, c.to)}`;
      const li = item(list, c.color, text, 'box', showCount ? c.count : null);
      li.dataset.from = c.from;
      li.dataset.to = c.to;
      if (c.kind) li.dataset.kind = c.kind;
      if (!last) li.classList.add('legend-class'); else li.classList.add('legend-class', 'legend-last');
    });
    if (model.unchanged && !list.querySelector('.legend-unchanged')) unchanged();
    item(list, COLORS.nodata, t('legend.nodata'));
  } else if (model.status === 'na') {
    item(list, COLORS.nodata, t('legend.notavail', { level: t(`levelname.${model.level}`) }));
  } else if (model.status === 'error') {
    item(list, COLORS.nodata, t('legend.error'));
  } else {
    item(list, 'transparent', t('legend.loading'), 'none');
  }

  // Hamlet dots and the province outline.
  const extra = document.createElement('ul');
  extra.className = 'legend-list legend-extra';
  if (model.hamlets) {
    const h = document.createElement('li');
    h.className = 'legend-group';
    h.textContent = t('legend.hamlets');
    extra.append(h);
    item(extra, COLORS.hamletTeam, t('legend.hamlet.team'), 'dot');
    /** @type {HTMLElement} */ (item(extra, COLORS.hamletNoTeam, t('legend.hamlet.noteam'), 'dot')
      .querySelector('.swatch')).style.setProperty('--ring', COLORS.hamletNoTeamRing);
  }
  item(extra, COLORS.province, t('legend.provinces'), 'line');
  el.append(extra);
}
