// Specification of run → serve through the CLI, as a user runs it: `pipeline run`, then `pipeline serve` loads that run's classifier (latest run by default, a run id, a reload by run id), and the dashboard's JSON shows the run's LF table and scores.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe, type ServeProcess } from '../../src/cliProcess.ts';
import { SERVE_KEY, writeYoutubeConfig } from './youtubeConfig.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-run-serve-'));
const auth = { authorization: `Bearer ${SERVE_KEY}`, 'content-type': 'application/json' };
let config: string;
let firstRun: string;
let secondRun: string;
const servers: ServeProcess[] = [];

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function get(url: string): Promise<Record<string, unknown>> {
  return (await (await fetch(url, { headers: auth })).json()) as Record<string, unknown>;
}

/** The run id from `pipeline run`'s summary line (`run <id> · …`). */
function runIdOf(stdout: string): string {
  const match = /^run (\S+)/m.exec(stdout);
  if (!match) throw new Error(`no run id in:\n${stdout}`);
  return match[1];
}

beforeAll(async () => {
  config = writeYoutubeConfig(dir);
  const first = await runCli(['run', config, '--quiet', '--log-level', 'warn']);
  expect(first.code, first.stderr).toBe(0);
  firstRun = runIdOf(first.stdout);
  // One summary line names the label model's results and the classifier's, its headline result.
  expect(first.stdout.split('\n')[0]).toMatch(
    /^run \S+ · snorkel: train accuracy 0\.\d{4}, valid accuracy 0\.\d{4}, test accuracy 0\.\d{4} · classifier linear: test accuracy 0\.\d{4}, F1 0\.\d{4}$/,
  );
  const second = await runCli(['train', config, '--quiet', '--log-level', 'warn']);
  expect(second.code, second.stderr).toBe(0);
  secondRun = runIdOf(second.stdout);
}, 150_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('pipeline serve after pipeline run', () => {
  it("serves the latest run's classifier by default, reloads another run by id, and shows the run on the dashboard", async () => {
    const server = await startServe(config);
    servers.push(server);
    const models = await get(`${server.url}/v1/models`);
    expect(models.current).toMatchObject({ id: secondRun, runId: secondRun, type: 'linear', classNames: ['ham', 'spam'] });

    const classified = await post(`${server.url}/v1/classify`, { text: 'Check out my channel and subscribe please http://example.com' });
    expect(classified.status).toBe(200);
    expect(classified.json).toMatchObject({ modelId: secondRun, label: 'spam' });

    const reloaded = await post(`${server.url}/v1/models/reload`, { runId: firstRun });
    expect(reloaded.status, JSON.stringify(reloaded.json)).toBe(200);
    expect((await post(`${server.url}/v1/classify`, { text: 'love this song' })).json).toMatchObject({ modelId: firstRun, label: 'ham' });

    const unknown = await post(`${server.url}/v1/models/reload`, { runId: 'no-such-run' });
    expect(unknown.status).toBe(422);
    expect(String(unknown.json.message)).toBe('run no-such-run does not exist in the store');

    const summary = await get(`${server.url}/v1/dashboard/summary`);
    const lfTable = summary.lfTable as { runId: string; rows: Array<{ name: string }> };
    expect(lfTable.runId).toBe(secondRun);
    expect(lfTable.rows.map((r) => r.name)).toEqual(['keyword_subscribe', 'keyword_http', 'keyword_please', 'keyword_song', 'regex_check_out']);
    const runs = summary.runs as Array<{ id: string; metrics: Record<string, number> }>;
    expect(runs.map((r) => r.id)).toEqual([firstRun, secondRun]);
    expect(Object.keys(runs[0].metrics).sort()).toEqual(['classifier.test.accuracy', 'classifier.test.f1', 'labelModel.test.accuracy', 'labelModel.test.f1']);
    expect(Object.keys(runs[1].metrics).sort()).toEqual(['classifier.test.accuracy', 'classifier.test.f1']);
    expect(await server.stop()).toBe(0);
  });

  it('serves the run a config names with model: { runId }', async () => {
    const pinned = writeYoutubeConfig(dir, { file: 'pinned.yaml' });
    // The same store (.skimmer/db next to the configs): serve.model names the first run.
    writeFileSync(pinned, readFileSync(pinned, 'utf8').replace(`serve: { apiKeys:`, `serve: { model: { runId: "${firstRun}" }, apiKeys:`));
    const server = await startServe(pinned);
    servers.push(server);
    expect((await get(`${server.url}/v1/models`)).current).toMatchObject({ id: firstRun, runId: firstRun });
    expect(await server.stop()).toBe(0);
  });

  it("opens the project's store: a listed store plugin's options name where the runs are", async () => {
    // In another folder, whose own default store holds no run: the plugin's dataDir is the store `pipeline run` wrote.
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    const listed = writeYoutubeConfig(elsewhere, { file: 'listed-store.yaml' });
    const plugin = `{ name: '@skimmer/plugins-postgres', options: { dataDir: ${JSON.stringify(path.join(dir, '.skimmer/postgres'))} } }`;
    writeFileSync(
      listed,
      readFileSync(listed, 'utf8')
        .replace("'@skimmer/plugins-linear']", `'@skimmer/plugins-linear', ${plugin}]`)
        .replace(`serve: { apiKeys:`, `serve: { model: { runId: "${firstRun}" }, apiKeys:`),
    );
    const server = await startServe(listed);
    servers.push(server);
    expect((await get(`${server.url}/v1/models`)).current).toMatchObject({ id: firstRun, runId: firstRun });
    expect(await server.stop()).toBe(0);
  });

  it('opens no store when the config names none and serving needs none (a model dir)', async () => {
    // Another folder, no store: section nor store plugin; the default store would be embedded Postgres in its .skimmer/.
    const bare = path.join(dir, 'bare');
    mkdirSync(bare, { recursive: true });
    const noStore = writeYoutubeConfig(bare, { file: 'no-store.yaml' });
    const model = JSON.stringify(path.join(dir, 'runs', firstRun, 'classifier'));
    writeFileSync(noStore, readFileSync(noStore, 'utf8').replace(`serve: { apiKeys:`, `serve: { model: { dir: ${model} }, apiKeys:`));
    const server = await startServe(noStore, { env: { DATABASE_URL: '' } });
    servers.push(server);
    expect((await post(`${server.url}/v1/classify`, { text: 'love this song' })).json).toMatchObject({ label: 'ham' });
    expect(await server.stop()).toBe(0);
    expect(existsSync(path.join(bare, '.skimmer'))).toBe(false);
  });

  it('refuses a run id that is not in the store with one line and exit 1', async () => {
    const missing = writeYoutubeConfig(dir, { file: 'missing.yaml' });
    writeFileSync(missing, readFileSync(missing, 'utf8').replace(`serve: { apiKeys:`, `serve: { model: { runId: "nope" }, apiKeys:`));
    const result = await runCli(['serve', missing, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe('pipeline: run nope does not exist in the store');
  });
});
