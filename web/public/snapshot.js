// "Download this map": a PNG of the map as it is on screen, with its legend beside it and a source
// line under it ("Nguồn: covermap · <edition> · <snapshot date>"), composed on a canvas.
//
// The map's WebGL canvas is copied inside MapLibre's `render` event, in the frame it was drawn in:
// the drawing buffer is still intact then, so the map does not need preserveDrawingBuffer (which
// costs every frame). The legend is drawn from the legend element's rows (title, notes, swatches,
// labels, counts), so the image says what the colours mean without a screenshot API.

const PAD = 12;          // CSS pixels
const LEGEND_WIDTH = 260;
const FOOTER = 26;

/** Copy the map's canvas in the frame MapLibre renders next. */
function captureMap(map) {
  return new Promise((resolve) => {
    map.once('render', () => {
      const src = map.getCanvas();
      const copy = document.createElement('canvas');
      copy.width = src.width;
      copy.height = src.height;
      copy.getContext('2d').drawImage(src, 0, 0);
      resolve(copy);
    });
    map.triggerRepaint();
  });
}

const cssVar = (el, name) => getComputedStyle(el).getPropertyValue(name).trim();

/** The legend element's content as rows to draw: {kind: 'title'|'text'|'group'|'item', ...}. */
function legendRows(legendEl) {
  const rows = [];
  if (!legendEl) return rows;
  for (const child of legendEl.children) {
    if (child.tagName === 'UL') {
      for (const li of child.children) {
        if (li.classList.contains('legend-group')) { rows.push({ kind: 'group', text: li.textContent.trim() }); continue; }
        const sw = li.querySelector('.swatch');
        const kind = !sw ? 'none' : sw.classList.contains('swatch-dot') ? 'dot'
          : sw.classList.contains('swatch-line') ? 'line' : sw.classList.contains('swatch-none') ? 'none' : 'box';
        rows.push({
          kind: 'item', swatch: kind,
          color: sw ? cssVar(sw, '--swatch') || getComputedStyle(sw).backgroundColor : 'transparent',
          ring: sw ? cssVar(sw, '--ring') : '',
          text: li.querySelector('.legend-label')?.textContent.trim() ?? li.textContent.trim(),
          count: li.querySelector('.legend-count')?.textContent.trim() ?? '',
        });
      }
      rows.push({ kind: 'gap' });
    } else {
      const text = child.textContent.trim();
      if (text) rows.push({ kind: child.classList.contains('legend-title') ? 'title' : 'text', text });
    }
  }
  return rows;
}

// Wraps `text` into lines no wider than `width` with the context's current font.
function wrap(ctx, text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const FONT = (size, bold = false) => `${bold ? '600 ' : ''}${size}px system-ui, "Noto Sans", sans-serif`;

/** Draws the legend rows in a column `width` wide at (x, y); returns the height used (CSS px). */
function drawLegend(ctx, rows, x, y, width, measureOnly = false) {
  let cy = y;
  const text = (s, size, bold, color = '#1f2933') => {
    ctx.font = FONT(size, bold);
    for (const line of wrap(ctx, s, width)) {
      if (!measureOnly) { ctx.fillStyle = color; ctx.fillText(line, x, cy + size); }
      cy += size + 4;
    }
  };
  for (const r of rows) {
    if (r.kind === 'title') text(r.text, 14, true);
    else if (r.kind === 'text') text(r.text, 11.5, false, '#52606d');
    else if (r.kind === 'group') { cy += 4; text(r.text, 12, true); }
    else if (r.kind === 'gap') cy += 6;
    else if (r.kind === 'item') {
      const h = 18;
      if (!measureOnly) {
        const sy = cy + 2;
        if (r.swatch === 'box') {
          ctx.fillStyle = r.color; ctx.fillRect(x, sy, 22, 14);
          ctx.strokeStyle = 'rgba(0,0,0,0.25)'; ctx.lineWidth = 1; ctx.strokeRect(x + 0.5, sy + 0.5, 21, 13);
        } else if (r.swatch === 'dot') {
          ctx.beginPath(); ctx.arc(x + 11, sy + 7, 5.5, 0, 2 * Math.PI);
          ctx.fillStyle = r.color; ctx.fill();
          ctx.strokeStyle = r.ring || '#ffffff'; ctx.lineWidth = 2; ctx.stroke();
        } else if (r.swatch === 'line') {
          ctx.fillStyle = r.color; ctx.fillRect(x, sy + 6, 22, 3);
        }
        ctx.font = FONT(12);
        ctx.fillStyle = '#1f2933';
        ctx.fillText(r.text, x + 30, sy + 11.5, width - 30 - (r.count ? 44 : 0));
        if (r.count) {
          ctx.fillStyle = '#52606d';
          ctx.textAlign = 'right';
          ctx.fillText(r.count, x + width, sy + 11.5);
          ctx.textAlign = 'left';
        }
      }
      cy += h + 2;
    }
  }
  return cy - y;
}

/**
 * The PNG (a Blob) of the map with the legend on its right and `source` under both.
 * Its size: (map width + legend column) × (the taller of map and legend + the source line), in
 * device pixels.
 */
export async function mapPng(map, legendEl, source) {
  const shot = await captureMap(map);
  const dpr = shot.width / map.getCanvas().clientWidth || window.devicePixelRatio || 1;
  const rows = legendRows(legendEl);
  const probe = document.createElement('canvas').getContext('2d');
  const legendHeight = drawLegend(probe, rows, 0, 0, LEGEND_WIDTH - 2 * PAD, true) + 2 * PAD;
  const mapW = shot.width / dpr, mapH = shot.height / dpr;
  const width = mapW + LEGEND_WIDTH, height = Math.max(mapH, legendHeight) + FOOTER;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d');
  ctx.scale(dpr, dpr);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(shot, 0, 0, mapW, mapH);
  ctx.strokeStyle = '#d9e2ec';
  ctx.beginPath(); ctx.moveTo(mapW + 0.5, 0); ctx.lineTo(mapW + 0.5, height - FOOTER); ctx.stroke();
  ctx.textBaseline = 'alphabetic';
  drawLegend(ctx, rows, mapW + PAD, PAD, LEGEND_WIDTH - 2 * PAD);
  ctx.fillStyle = '#f5f7fa';
  ctx.fillRect(0, height - FOOTER, width, FOOTER);
  ctx.font = FONT(12);
  ctx.fillStyle = '#334e68';
  ctx.fillText(source, PAD, height - 8, width - 2 * PAD);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/png'));
}

/** Saves the PNG under `filename` (an <a download> click on a blob URL). */
export async function downloadMapPng(map, legendEl, source, filename) {
  const blob = await mapPng(map, legendEl, source);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
