// Inline SVG plots for the HTML reports (bar charts, count charts, confusion matrices, line charts): no script, every label escaped.

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

/** A colour key, one swatch and name per series, from (x, y) down. */
function legend(x: number, y: number, series: readonly { name: string; color: string }[]): string {
  return series
    .map(
      (s, j) =>
        `<rect x="${x}" y="${y + j * 16}" width="10" height="10" fill="${s.color}"/><text x="${x + 14}" y="${y + j * 16 + 9}" font-size="11">${escapeHtml(s.name)}</text>`,
    )
    .join('');
}

/** One plot as a figure: an SVG with its title as accessible name and as bold text at the top. */
function svgFigure(title: string, width: number, height: number, body: string): string {
  return (
    `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" aria-label="${escapeHtml(title)}">` +
    `<text x="0" y="12" font-size="12" font-weight="bold">${escapeHtml(title)}</text>${body}</svg></figure>`
  );
}

/**
 * A horizontal bar chart: one row per category, one bar per series, each value's figure after its bar.
 *
 * @example
 * barChart('LF coverage (train)', ['kw_a', 'kw_b'], [{ name: 'coverage', color: '#3867d6', values: [0.2, 0.05] }]);
 */
export function barChart(title: string, categories: readonly string[], series: readonly BarSeries[]): string {
  // Three or more series get taller rows, so that each bar's figure has room beside the next bar's.
  const row = series.length > 2 ? series.length * 9 + 2 : ROW;
  const bar = Math.max(4, Math.floor((row - 4) / series.length));
  const height = categories.length * row + 24 + series.length * 16;
  const rows = categories
    .map((category, i) => {
      const y = 20 + i * row;
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
      return `<text x="${LABEL_WIDTH - 6}" y="${y + row / 2 + 3}" font-size="11" text-anchor="end">${escapeHtml(shortLabel(category))}</text>${bars}`;
    })
    .join('\n');
  return svgFigure(title, LABEL_WIDTH + PLOT_WIDTH + 60, height, `\n${rows}\n${legend(LABEL_WIDTH, 24 + categories.length * row, series)}`);
}

/** A short category label: long names are cut with an ellipsis (the full name stays in the tooltip). */
function shortLabel(text: string, max = 28): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A horizontal bar chart of counts: one bar per category, scaled to the largest count, each count after its bar.
 *
 * @example
 * countChart('Predicted class (train)', ['ham', 'spam'], [120, 80], '#3867d6');
 */
export function countChart(title: string, categories: readonly string[], counts: readonly number[], color: string): string {
  const max = counts.reduce((a, b) => Math.max(a, b), 1);
  const height = categories.length * ROW + 28;
  const rows = categories
    .map((category, i) => {
      const y = 20 + i * ROW;
      const width = (counts[i] / max) * PLOT_WIDTH;
      return (
        `<text x="${LABEL_WIDTH - 6}" y="${y + ROW / 2 + 3}" font-size="11" text-anchor="end">${escapeHtml(shortLabel(category))}</text>` +
        `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${width.toFixed(1)}" height="${ROW - 5}" fill="${color}"><title>${escapeHtml(`${category}: ${counts[i]}`)}</title></rect>` +
        `<text x="${(LABEL_WIDTH + width + 4).toFixed(1)}" y="${y + ROW / 2 + 3}" font-size="10">${counts[i]}</text>`
      );
    })
    .join('\n');
  return svgFigure(title, LABEL_WIDTH + PLOT_WIDTH + 60, height, `\n${rows}\n`);
}

const CELL = 64;

/**
 * A confusion matrix: gold classes down, predicted classes across (and an "abstain" column when some row has no
 * prediction), each cell's count written in it and shaded by its share of the gold row.
 *
 * @example
 * confusionMatrixChart('Label model on test', ['ham', 'spam'], { counts: [[50, 3], [7, 40]], abstained: [0, 0] });
 */
export function confusionMatrixChart(
  title: string,
  labels: readonly string[],
  matrix: { counts: readonly (readonly number[])[]; abstained: readonly number[] },
): string {
  const withAbstain = matrix.abstained.some((n) => n > 0);
  const columns = withAbstain ? [...labels, 'abstain'] : [...labels];
  const left = LABEL_WIDTH;
  const top = 56;
  const cells = labels
    .map((gold, g) => {
      const row = withAbstain ? [...matrix.counts[g], matrix.abstained[g]] : [...matrix.counts[g]];
      const total = row.reduce((a, b) => a + b, 0);
      const y = top + g * CELL;
      return (
        `<text x="${left - 6}" y="${y + CELL / 2 + 4}" font-size="11" text-anchor="end">${escapeHtml(shortLabel(gold))}</text>` +
        row
          .map((count, p) => {
            const share = total > 0 ? count / total : 0;
            const x = left + p * CELL;
            const fill = p === g ? `rgba(32,191,107,${(0.15 + 0.85 * share).toFixed(3)})` : `rgba(235,59,90,${(0.1 + 0.9 * share).toFixed(3)})`;
            return (
              `<rect x="${x}" y="${y}" width="${CELL - 2}" height="${CELL - 2}" fill="${fill}"><title>${escapeHtml(`gold ${gold} · predicted ${columns[p]}: ${count}`)}</title></rect>` +
              `<text x="${x + CELL / 2 - 1}" y="${y + CELL / 2 + 4}" font-size="13" text-anchor="middle">${count}</text>`
            );
          })
          .join('')
      );
    })
    .join('\n');
  const heads = columns
    .map(
      (name, p) => `<text x="${left + p * CELL + CELL / 2 - 1}" y="${top - 6}" font-size="11" text-anchor="middle">${escapeHtml(shortLabel(name, 10))}</text>`,
    )
    .join('');
  const width = left + columns.length * CELL + 20;
  const height = top + labels.length * CELL + 10;
  return svgFigure(
    title,
    width,
    height,
    `<text x="${left + (columns.length * CELL) / 2}" y="32" font-size="11" text-anchor="middle">predicted</text>` +
      `<text x="${left - 6}" y="${top - 6}" font-size="11" text-anchor="end">gold ↓</text>${heads}\n${cells}\n`,
  );
}

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  /** Points in x order; y on a 0–1 scale. */
  readonly points: readonly { readonly x: number; readonly y: number; readonly label: string }[];
}

/**
 * A line chart of 0–1 scores against a count (the learning curve: score against gold labels), each point with a
 * tooltip; a single point, or every x equal, is drawn at the left edge.
 *
 * @example
 * lineChart('Learning curve (test)', 'gold labels', [{ name: 'macro F1', color: '#c0392b', points: [{ x: 0, y: 0.88, label: 'iteration 0' }] }]);
 */
export function lineChart(title: string, xLabel: string, series: readonly LineSeries[]): string {
  const [left, top, width, height] = [50, 28, 420, 220];
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const minX = xs.reduce((a, b) => Math.min(a, b), Infinity);
  const spanX = xs.reduce((a, b) => Math.max(a, b), -Infinity) - minX || 1;
  const px = (x: number) => (left + ((x - minX) / spanX) * width).toFixed(1);
  const py = (y: number) => (top + (1 - Math.max(0, Math.min(1, y))) * height).toFixed(1);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (tick) =>
        `<line x1="${left}" y1="${py(tick)}" x2="${left + width}" y2="${py(tick)}" stroke="#ddd"/><text x="${left - 6}" y="${(Number(py(tick)) + 4).toFixed(1)}" font-size="10" text-anchor="end">${tick.toFixed(2)}</text>`,
    )
    .join('');
  const ticks = [...new Set(xs)].map((x) => `<text x="${px(x)}" y="${top + height + 14}" font-size="10" text-anchor="middle">${x}</text>`).join('');
  const lines = series
    .map(
      (s) =>
        `<polyline points="${s.points.map((p) => `${px(p.x)},${py(p.y)}`).join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>` +
        s.points
          .map(
            (p) =>
              `<circle cx="${px(p.x)}" cy="${py(p.y)}" r="3" fill="${s.color}"><title>${escapeHtml(`${s.name}, ${p.label}: ${figure(p.y)}`)}</title></circle>`,
          )
          .join(''),
    )
    .join('\n');
  return svgFigure(
    title,
    left + width + 130,
    top + height + 34,
    `${grid}${ticks}<text x="${left + width / 2}" y="${top + height + 30}" font-size="11" text-anchor="middle">${escapeHtml(xLabel)}</text>\n${lines}\n${legend(left + width + 16, top, series)}`,
  );
}
