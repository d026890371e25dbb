// Progress reporting for long stages: a cli-progress bar on a TTY, plain "stage: done/total" lines otherwise, always on stderr.

import cliProgress from 'cli-progress';

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
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
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
