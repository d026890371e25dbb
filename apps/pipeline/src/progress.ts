// Progress reporting for long stages: a cli-progress bar on a TTY, plain "stage: done/total (rate, ETA)" lines otherwise, always on stderr.

import { writeSync } from 'node:fs';
import cliProgress from 'cli-progress';

/**
 * The one way text reaches stderr while a progress bar may be drawn there: lines written while a bar is active
 * wait and are written when the last bar stops, so a log line never lands inside a bar.
 */
export const stderrLines = {
  activeBars: 0,
  held: [] as string[],
  /** Where lines go (tests replace it). */
  sink: (text: string): void => void writeSync(2, text),
  write(text: string): void {
    if (this.activeBars > 0) this.held.push(text);
    else this.sink(text);
  },
  barStarted(): void {
    this.activeBars += 1;
  },
  barStopped(): void {
    this.activeBars = Math.max(0, this.activeBars - 1);
    if (this.activeBars === 0 && this.held.length > 0) this.sink(this.held.splice(0).join(''));
  },
};

/** Receives (done, total) updates and is closed when the stage ends. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Reports nothing (tests, `--quiet`). */
export const silentProgress = (): Progress => ({ update() {}, stop() {} });

/** Seconds between two plain progress lines at most (besides each tenth of the total). */
const LINE_EVERY_S = 5;

/** Rate since the start and the time left at that rate, e.g. "52,310/s, ETA 38s". */
export function rateAndEta(done: number, total: number, elapsedS: number): string {
  const rate = elapsedS > 0 ? done / elapsedS : 0;
  const left = rate > 0 ? Math.max(0, (total - done) / rate) : Number.NaN;
  const eta = Number.isFinite(left) ? (left >= 90 ? `${Math.round(left / 60)}min` : `${Math.round(left)}s`) : '?';
  return `${Math.round(rate).toLocaleString('en-US')}/s, ETA ${eta}`;
}

/** A stage shorter than this prints no progress line: its result is in the log, and "0/s, ETA ?" told nothing. */
const QUIET_FIRST_S = 1;

/**
 * Plain whole lines (never interleaved with a log line): once the stage has run a second, at each tenth of the total
 * and every 5 s, with the rate since the stage began and an ETA; at stop, the last count if a line was printed and it
 * is not yet shown. The clock starts when the reporter is made (at the stage's start); `now` is for tests.
 */
export function lineProgress(label: string, stream: NodeJS.WritableStream, now: () => number = () => performance.now()): Progress {
  const start = now();
  let nextTenth = 0;
  let lastLine = Number.NEGATIVE_INFINITY;
  let printed = false;
  let shown = -1;
  let last: [done: number, total: number] | null = null;
  const line = (done: number, total: number, at: number): void => {
    printed = true;
    shown = done;
    lastLine = at;
    stream.write(`${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${rateAndEta(done, total, (at - start) / 1000)})\n`);
  };
  return {
    update(done, total) {
      last = [done, total];
      const at = now();
      if (at - start < QUIET_FIRST_S * 1000) return;
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth < nextTenth && at - lastLine < LINE_EVERY_S * 1000) return;
      nextTenth = Math.max(nextTenth, tenth + 1);
      line(done, total, at);
    },
    stop() {
      if (last !== null && (printed || now() - start >= QUIET_FIRST_S * 1000) && last[0] !== shown) line(last[0], last[1], now());
    },
  };
}

function barProgress(label: string, stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | {speed} | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let start = 0;
  const speed = (done: number) => `${Math.round(done / Math.max(1e-3, (performance.now() - start) / 1000)).toLocaleString('en-US')}/s`;
  return {
    update(done, total) {
      if (start === 0) {
        start = performance.now();
        stderrLines.barStarted();
        bar.start(total, done, { speed: '' });
      } else {
        bar.setTotal(total);
        bar.update(done, { speed: speed(done) });
      }
    },
    stop() {
      if (start === 0) return;
      bar.stop();
      start = 0;
      stderrLines.barStopped();
    },
  };
}

/**
 * A progress reporter for a stage named `label`: a bar when stderr is a terminal, lines otherwise.
 *
 * @example
 * const progress = createProgress('apply train');
 * applyLabelingFunctions(points, lfs, { onProgress: progress.update });
 * progress.stop();
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? barProgress(label, stream) : lineProgress(label, stream);
}

/** Makes progress reporters for named stages. */
export type ProgressFactory = (label: string) => Progress;
