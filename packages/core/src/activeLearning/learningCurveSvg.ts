// Renders learning curves (mean line and min–max band per strategy) as a standalone SVG document.

/** One strategy's curve: mean F1 and the min–max range over seeds at each gold-set size. */
export interface LearningCurveSeries {
  name: string;
  color: string;
  points: ReadonlyArray<{ labels: number; mean: number; min: number; max: number }>;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * An SVG plot of macro F1 against the number of gold labels, one line and shaded band per series.
 *
 * @example
 * learningCurveSvg([{ name: 'margin', color: '#c0392b', points: [{ labels: 50, mean: 0.6, min: 0.55, max: 0.65 }] }], 'CrisisLexT6')
 */
export function learningCurveSvg(series: readonly LearningCurveSeries[], title: string): string {
  const width = 640,
    height = 400,
    left = 60,
    right = 150,
    top = 40,
    bottom = 50;
  const all = series.flatMap((s) => s.points);
  const maxX = all.reduce((a, p) => Math.max(a, p.labels), -Infinity);
  const lowY = Math.floor(all.reduce((a, p) => Math.min(a, p.min), Infinity) * 20) / 20;
  const highY = Math.ceil(all.reduce((a, p) => Math.max(a, p.max), -Infinity) * 20) / 20;
  const x = (labels: number) => left + (labels / maxX) * (width - left - right);
  const y = (f1: number) => top + ((highY - f1) / (highY - lowY || 1)) * (height - top - bottom);
  const fmt = (v: number) => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2 - right / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${y(lowY)}" x2="${x(maxX)}" y2="${y(lowY)}" stroke="black"/>`,
    `<line x1="${left}" y1="${y(lowY)}" x2="${left}" y2="${y(highY)}" stroke="black"/>`,
    `<text x="${(left + x(maxX)) / 2}" y="${height - 12}" text-anchor="middle">gold labels</text>`,
    `<text x="16" y="${(top + y(lowY)) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(top + y(lowY)) / 2})">test macro F1</text>`,
  ];
  for (let tick = lowY; tick <= highY + 1e-9; tick += 0.05) {
    parts.push(
      `<line x1="${left - 4}" y1="${fmt(y(tick))}" x2="${x(maxX)}" y2="${fmt(y(tick))}" stroke="#ddd"/>`,
      `<text x="${left - 8}" y="${fmt(y(tick) + 4)}" text-anchor="end">${tick.toFixed(2)}</text>`,
    );
  }
  for (const labels of [...new Set(all.map((p) => p.labels))]) {
    parts.push(`<text x="${fmt(x(labels))}" y="${y(lowY) + 16}" text-anchor="middle" font-size="10">${labels}</text>`);
  }
  series.forEach((s, i) => {
    const upper = s.points.map((p) => `${fmt(x(p.labels))},${fmt(y(p.max))}`);
    const lower = [...s.points].reverse().map((p) => `${fmt(x(p.labels))},${fmt(y(p.min))}`);
    const color = escapeXml(s.color);
    parts.push(
      `<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.18" stroke="none"/>`,
      `<polyline points="${s.points.map((p) => `${fmt(x(p.labels))},${fmt(y(p.mean))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`,
      `<line x1="${width - right + 15}" y1="${top + 20 * i}" x2="${width - right + 40}" y2="${top + 20 * i}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${width - right + 46}" y="${top + 20 * i + 4}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push(`<text x="${width - right + 15}" y="${top + 20 * series.length + 4}" font-size="10" fill="#555">line: mean; band: min–max</text>`, '</svg>');
  return parts.join('\n') + '\n';
}
