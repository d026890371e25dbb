// Drives the annotation page in Chromium: keyboard tagging, undo, reload, server restart and download; literal text; refusals.
/// <reference lib="dom" />

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@skimmer/core';
import { addRecords, createProject, readGoldLabels, recordTag } from '@skimmer/tagging';
import { startTaggerServer } from '../src/server.ts';
import type { RunningTagger } from '../src/server.ts';
import { csvText, signUp, SPAM_LABELS_CSV, taggerTestStore, youtubeComments } from './taggerFixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../test-support/requirements.ts';

// The docs' screenshot is refreshed only on request (SKIMMER_UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean.
const SCREENSHOT =
  process.env.SKIMMER_UPDATE_SCREENSHOTS === '1'
    ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/img/tagger.png')
    : path.join(tmpdir(), 'skimmer-tagger-screenshot.png');

const comments = youtubeComments(30);
const spamById = new Map(comments.map((c) => [c.id, c.spam]));
let dataDir: string;
let profileDir: string;
let store: Store;
let tagger: RunningTagger;
let context: BrowserContext;
let token: string;

async function startServer(): Promise<void> {
  store = await taggerTestStore(dataDir);
  tagger = await startTaggerServer({ tagger: store.tagger, uploadLimitBytes: 64 * 1024 });
}

async function stopServer(): Promise<void> {
  await tagger.close();
  await store.close();
}

async function signIn(page: Page): Promise<void> {
  await page.goto(tagger.url);
  await page.fill('#signin-user', 'alice');
  await page.fill('#signin-token', token);
  await page.press('#signin-token', 'Enter');
  await page.waitForSelector('#projects:not([hidden])');
}

const recordId = (page: Page) => page.textContent('#record-id');

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tagger-db-'));
  profileDir = await mkdtemp(path.join(tmpdir(), 'tagger-chromium-'));
  await startServer();
  token = (await signUp(store, 'alice', 'bob')).alice!;
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS],
    headless: true,
    viewport: { width: 1100, height: 640 },
  });
});

afterAll(async () => {
  await context?.close();
  await stopServer();
  await rm(dataDir, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
});

describe('the annotation page', () => {
  it('tags 20 records by keyboard, undoes two, survives a reload and a restart, and downloads the 18 tags', async () => {
    const page = await context.newPage();
    await signIn(page);
    const data = csvText(
      ['id', 'text', 'author'],
      comments.map((c) => [c.id, c.text, c.author]),
    );
    await page.setInputFiles('#upload-data', { name: 'psy-comments.csv', mimeType: 'text/csv', buffer: Buffer.from(data) });
    await page.setInputFiles('#upload-labels', { name: 'labels.csv', mimeType: 'text/csv', buffer: Buffer.from(SPAM_LABELS_CSV) });
    await page.click('#upload-submit');
    await page.waitForFunction(() => document.querySelector('#record-id')?.textContent !== '');

    const decided: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = (await recordId(page))!;
      const spam = spamById.get(id)!;
      // Digits for the first 15 records, accept / reject (a / r) for the rest.
      await page.keyboard.press(i < 15 ? (spam ? '2' : '1') : spam ? 'a' : 'r');
      decided.push(id);
      // the next record, not an empty screen: a key pressed while no record is shown tags nothing
      await page.waitForFunction((prev) => ![prev, ''].includes(document.querySelector('#record-id')?.textContent ?? ''), id);
    }
    await page.keyboard.press('u');
    await page.keyboard.press('u');
    await page.evaluate(() => (window as unknown as { taggerIdle: () => Promise<void> }).taggerIdle());
    expect(await recordId(page)).toBe(decided[18]);
    expect(await page.textContent('#progress')).toBe('18 / 30 done');
    expect(await page.locator('#history-list li').count()).toBe(10);
    expect(await page.getAttribute('#history-list li:first-child', 'title')).toBe(decided[17]);

    await page.reload();
    await page.waitForFunction(() => document.querySelector('#progress')?.textContent === '18 / 30 done');
    await page.waitForFunction((id) => document.querySelector('#record-id')?.textContent === id, decided[18]);
    await page.screenshot({ path: SCREENSHOT });
    await page.close();

    await stopServer();
    await startServer();
    const after = await context.newPage();
    await after.goto(`${tagger.url}/${new URL(page.url()).hash}`);
    await after.waitForFunction(() => document.querySelector('#progress')?.textContent === '18 / 30 done');
    const [download] = await Promise.all([after.waitForEvent('download'), after.click('#download-csv')]);
    const rows = parse(await readFile((await download.path())!), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.id)).toEqual(comments.map((c) => c.id).filter((id) => decided.slice(0, 18).includes(id)));
    expect(rows.map((r) => [r.label, r.label_name])).toEqual(rows.map((r) => (spamById.get(r.id!) ? ['1', 'spam'] : ['0', 'ham'])));
    await after.close();
  });

  it('keeps a record on screen while tag acknowledgements lag: 20 fast key presses store 20 tags in order', async () => {
    const project = await createProject(store.tagger, {
      name: 'lagging',
      labels: [
        { label: 'ham', index: 0 },
        { label: 'spam', index: 1 },
      ],
      members: ['alice'],
    });
    await addRecords(store.tagger, project.id, youtubeComments(30));
    const page = await context.newPage();
    // a busy server: every tag is acknowledged 300 ms late (prefetching must not queue behind them)
    await page.route('**/tags', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });
    await page.goto(`${tagger.url}/#/p/${project.id}`);
    await page.waitForFunction(() => document.querySelector('#record-id')?.textContent !== '');
    const shown: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = (await recordId(page))!;
      expect(id, `record ${i + 1} is on screen when its key is pressed`).not.toBe('');
      shown.push(id);
      await page.keyboard.press(i % 2 ? '2' : '1');
      await page.waitForFunction((prev) => document.querySelector('#record-id')?.textContent !== prev, id);
    }
    await page.evaluate(() => (window as unknown as { taggerIdle: () => Promise<void> }).taggerIdle());
    const { rows } = await store.sql.query<{ record_id: string; label: number }>(
      'SELECT record_id, label FROM tagger_tags WHERE project_id = $1 ORDER BY seq',
      [project.id],
    );
    expect(rows.map((r) => [r.record_id, r.label])).toEqual(shown.map((id, i) => [id, i % 2]));
    await page.close();
  });

  it('shows markup in a record literally: no element, no script runs', async () => {
    const project = await createProject(store.tagger, {
      name: 'markup',
      labels: [
        { label: 'ham', index: 0 },
        { label: 'spam', index: 1 },
      ],
      members: ['alice'],
    });
    await addRecords(store.tagger, project.id, [
      {
        id: 'xss',
        text: '<img src=x onerror=alert(1)>',
        metadata: { author: '<b>bold</b>' },
        hints: { lfVotes: { '<i>lf</i>': 1 }, labelModel: { ham: 0.25, '<b>spam</b>': 0.75 } },
        prediction: [0.4, 0.6],
      },
    ]);
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.goto(`${tagger.url}/#/p/${project.id}`);
    await page.waitForFunction(() => document.querySelector('#record-id')?.textContent === 'xss');
    expect(await page.textContent('#record-text')).toBe('<img src=x onerror=alert(1)>');
    expect(await page.textContent('#record-meta dd')).toBe('<b>bold</b>');
    await page.keyboard.press('h'); // the hints, the label model's probabilities among them, are text too
    expect(await page.locator('#record-hints div').allTextContents()).toEqual([
      'Model: ham 0.40, spam 0.60',
      'Label model: ham 0.25, <b>spam</b> 0.75',
      'LF votes: <i>lf</i> → spam',
    ]);
    expect(await page.locator('img, b, i').count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.close();
  });

  it('shows why an upload was refused: a missing text column, a file over the limit', async () => {
    const page = await context.newPage();
    await page.goto(`${tagger.url}/#/`);
    await page.waitForSelector('#projects:not([hidden])');
    await page.setInputFiles('#upload-data', { name: 'notext.csv', mimeType: 'text/csv', buffer: Buffer.from('id,body\n1,hello\n') });
    await page.setInputFiles('#upload-labels', { name: 'labels.csv', mimeType: 'text/csv', buffer: Buffer.from(SPAM_LABELS_CSV) });
    await page.click('#upload-submit');
    await page.waitForFunction(() => document.querySelector('#upload-message')?.textContent !== '');
    expect(await page.textContent('#upload-message')).toBe("notext.csv: no column 'text' (columns: id, body); a data file needs columns id and text");
    await page.setInputFiles('#upload-data', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(`id,text\n1,${'x'.repeat(70 * 1024)}\n`) });
    await page.click('#upload-submit');
    await page.waitForFunction(() => document.querySelector('#upload-message')?.textContent?.startsWith('big.csv'));
    expect(await page.textContent('#upload-message')).toBe('big.csv is too large: the upload limit is 64 KB per file');
    await page.close();
  });

  it('lets single-key shortcuts be switched off and remapped (WCAG 2.1.4)', async () => {
    const project = await createProject(store.tagger, {
      name: 'keys',
      labels: [
        { label: 'ham', index: 0 },
        { label: 'spam', index: 1 },
      ],
      members: ['alice'],
    });
    await addRecords(store.tagger, project.id, youtubeComments(3));
    const page = await context.newPage();
    await page.goto(`${tagger.url}/#/settings`);
    await page.uncheck('#keys-enabled');
    await page.goto(`${tagger.url}/#/p/${project.id}`);
    await page.waitForFunction(() => document.querySelector('#record-id')?.textContent !== '');
    const first = await recordId(page);
    await page.keyboard.press('1');
    expect(await recordId(page)).toBe(first);
    await page.goto(`${tagger.url}/#/settings`);
    await page.check('#keys-enabled');
    await page.fill('input[aria-label="Key for Label 1"]', 'j');
    await page.press('input[aria-label="Key for Label 1"]', 'Tab');
    await page.goto(`${tagger.url}/#/p/${project.id}`);
    await page.waitForFunction((id) => document.querySelector('#record-id')?.textContent === id, first);
    await page.keyboard.press('1');
    expect(await recordId(page)).toBe(first);
    await page.keyboard.press('j');
    expect(await recordId(page)).not.toBe(first);
    await page.evaluate(() => (window as unknown as { taggerIdle: () => Promise<void> }).taggerIdle());
    expect(await readGoldLabels(store.tagger, project.id)).toMatchObject([{ itemId: first, label: 0, annotator: 'alice' }]);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('resolves a conflict between two annotators from the review view with a label key', async () => {
    const project = await createProject(store.tagger, {
      name: 'review',
      labels: [
        { label: 'ham', index: 0 },
        { label: 'spam', index: 1 },
      ],
      overlap: 2,
      members: ['alice', 'bob'],
    });
    const [comment] = youtubeComments(1);
    await addRecords(store.tagger, project.id, [comment!]);
    await recordTag(store.tagger, project, 'alice', { recordId: comment!.id, label: 1 });
    await recordTag(store.tagger, project, 'bob', { recordId: comment!.id, label: 0 });
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.clear());
    await page.goto(`${tagger.url}/#/p/${project.id}/review`);
    await page.waitForSelector('#conflict-list li strong');
    expect(await page.textContent('#agreement')).toBe("2 annotators, 1 records labelled more than once; Cohen's κ 0.000, Krippendorff's α 0.000.");
    await page.keyboard.press('2');
    await page.waitForFunction(() => document.querySelector('#conflict-list li')?.textContent === 'No conflicts to resolve.');
    expect(await readGoldLabels(store.tagger, project.id)).toMatchObject([{ itemId: comment!.id, label: 1, annotator: 'alice+alice+bob' }]);
    await page.close();
  });
});
