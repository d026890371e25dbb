// What `pipeline ingest` prints, read back by the CLI specs.

/** The `ingest` object of the JSON line `pipeline ingest` prints. */
export function ingestStats(stdout: string): Record<string, number> {
  const line = stdout
    .trim()
    .split('\n')
    .find((l) => l.startsWith('{"ingest"'));
  if (!line) throw new Error(`no ingest line in:\n${stdout}`);
  return JSON.parse(line).ingest;
}
