// PID lock files: one process holds a path at a time; a lock whose process is gone (kill -9) is taken over.

import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/** What a lock file holds. */
export interface LockHolder {
  readonly pid: number;
  /** What the holder uses the lock for, e.g. 'pglite'. */
  readonly purpose: string;
  readonly since: string;
}

/** True when a process with this id runs (signal 0 checks without signalling; EPERM means it runs as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder written in `file`, or undefined when the file is absent or unreadable (a writer that died half-way). */
export function readLockHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function tryCreate(file: string, purpose: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() } satisfies LockHolder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves a dead holder's lock aside. The rename is atomic, so of two processes taking over the same stale lock only
 * one moves it; the loser finds the winner's fresh lock on its next try. A lock renamed by mistake (a live holder
 * that replaced the stale one between our read and our rename) is put back.
 */
function takeOverStale(file: string, stalePid: number | undefined): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readLockHolder(aside);
  if (moved && moved.pid !== stalePid && processAlive(moved.pid)) {
    try {
      renameSync(aside, file);
    } catch {
      /* the live holder's lock is lost only if a third process raced here too; it then holds its own */
    }
    return;
  }
  try {
    unlinkSync(aside);
  } catch {
    /* already gone */
  }
}

/**
 * Takes the lock at `file` for this process, or returns the live holder that has it. A lock left by a dead process
 * (or a half-written one) is taken over.
 *
 * @example
 * const holder = tryLock('/data/db.lock', 'pglite'); // undefined: ours now; else { pid: 4242, … } holds it
 */
export function tryLock(file: string, purpose: string): LockHolder | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (tryCreate(file, purpose)) return undefined;
    const holder = readLockHolder(file);
    if (holder && processAlive(holder.pid)) return holder;
    if (!holder) {
      // a writer may be between create and write: give it a moment before calling the file stale
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      const again = readLockHolder(file);
      if (again && processAlive(again.pid)) return again;
    }
    takeOverStale(file, holder?.pid);
  }
  throw new Error(`could not take the lock ${file}: it keeps changing hands`);
}

/** Removes `file` when this process holds it. */
export function unlock(file: string): void {
  if (readLockHolder(file)?.pid !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}

/**
 * Runs `work` while holding the lock at `file`, waiting (polling every 25 ms, up to `timeoutMs`) while another live
 * process holds it: the critical section of starting and stopping a shared server.
 */
export async function withLock<T>(file: string, purpose: string, work: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const holder = tryLock(file, purpose);
    if (!holder) break;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${file}, held by process ${holder.pid} (${holder.purpose})`);
    await new Promise((r) => setTimeout(r, 25));
  }
  try {
    return await work();
  } finally {
    unlock(file);
  }
}
