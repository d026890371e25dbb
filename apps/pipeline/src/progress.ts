// Progress reporting for long stages: a cli-progress bar on a TTY, plain "stage: done/total" lines otherwise, always on stderr.

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

/** Plain lines at most every 10% of the total (and at the end), for logs and pipes. */
function lineProgress(label: string, stream: NodeJS.WritableStream): Progress {
  let nextTenth = 0;
  return {
    update(done, total) {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth < nextTenth) return;
      nextTenth = tenth + 1;
      stream.write(`${label}: ${done}/${total}\n`);
    },
    stop() {},
  };
}

function barProgress(label: string, stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar({ stream, format: `${label} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        stderrLines.barStarted();
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (!started) return;
      bar.stop();
      started = false;
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
