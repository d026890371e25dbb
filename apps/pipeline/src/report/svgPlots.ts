// Inline SVG bar charts for the HTML reports: no script, every label escaped, values drawn on a 0–1 scale.

import { escapeHtml, figure } from './htmlParts.ts';

export interface BarSeries {
  readonly name: string;
  readonly color: string;
  /** One value per category (null: none, no bar). */
  readonly values: readonly (number | null)[];
}

const ROW = 18;
const LABEL_WIDTH = 190;
const PLOT_WIDTH = 320;

/**
 * A horizontal bar chart: one row per category, one bar per series, each value's figure after its bar.
 *
 * @example
 * barChart('LF coverage (train)', ['kw_a', 'kw_b'], [{ name: 'coverage', color: '#3867d6', values: [0.2, 0.05] }]);
 */
export function barChart(title: string, categories: readonly string[], series: readonly BarSeries[]): string {
  const bar = Math.max(4, Math.floor((ROW - 4) / series.length));
  const height = categories.length * ROW + 24 + series.length * 16;
  const rows = categories
    .map((category, i) => {
      const y = 20 + i * ROW;
      const bars = series
        .map((s, j) => {
          const value = s.values[i];
          if (value === null || value === undefined || Number.isNaN(value)) return '';
          const width = Math.max(0, Math.min(1, value)) * PLOT_WIDTH;
          const by = y + j * bar;
          return (
            `<rect x="${LABEL_WIDTH}" y="${by}" width="${width.toFixed(1)}" height="${bar - 1}" fill="${s.color}"><title>${escapeHtml(`${s.name}: ${figure(value)}`)}</title></rect>` +
            `<text x="${(LABEL_WIDTH + width + 4).toFixed(1)}" y="${by + bar - 2}" font-size="10">${escapeHtml(figure(value))}</text>`
          );
        })
        .join('');
      return `<text x="${LABEL_WIDTH - 6}" y="${y + ROW / 2 + 3}" font-size="11" text-anchor="end">${escapeHtml(category.length > 28 ? `${category.slice(0, 27)}…` : category)}</text>${bars}`;
    })
    .join('\n');
  const legendY = 24 + categories.length * ROW;
  const legend = series
    .map(
      (s, j) =>
        `<rect x="${LABEL_WIDTH}" y="${legendY + j * 16}" width="10" height="10" fill="${s.color}"/><text x="${LABEL_WIDTH + 14}" y="${legendY + j * 16 + 9}" font-size="11">${escapeHtml(s.name)}</text>`,
    )
    .join('');
  return (
    `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" width="${LABEL_WIDTH + PLOT_WIDTH + 60}" height="${height}" aria-label="${escapeHtml(title)}">` +
    `<text x="0" y="12" font-size="12" font-weight="bold">${escapeHtml(title)}</text>\n${rows}\n${legend}</svg></figure>`
  );
}
