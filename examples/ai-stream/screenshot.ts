// Takes the README's dashboard screenshot from the demo's own store: starts `pipeline serve`, logs in with Chromium (playwright-core), saves img/dashboard.png.
// Run after `npm run demo`: npx tsx examples/ai-stream/screenshot.ts   (needs Debian's /usr/bin/chromium)

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServe } from '../../apps/pipeline/src/cliProcess.ts';

const dir = path.dirname(fileURLToPath(import.meta.url));
const key = randomBytes(16).toString('hex');
const server = await startServe(path.join(dir, 'config.yaml'), { env: { SKIMMER_API_KEYS: key } });
try {
  const summary = (await (await fetch(`${server.url}/v1/dashboard/summary`, { headers: { authorization: `Bearer ${key}` } })).json()) as Record<
    string,
    unknown
  >;
  console.log(JSON.stringify({ topDomains: summary.topDomains, shortenedOnly: summary.shortenedOnly, learningCurve: summary.learningCurve }));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    await page.goto(`${server.url}/dashboard`);
    await page.fill('#key', key);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('body[data-ready="true"]');
    mkdirSync(path.join(dir, 'img'), { recursive: true });
    await page.screenshot({ path: path.join(dir, 'img', 'dashboard.png'), fullPage: true });
  } finally {
    await browser.close();
  }
} finally {
  await server.stop();
}
