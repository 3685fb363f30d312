// Takes screenshots of the served page for the docs: `node tests/e2e/screenshot.mjs [outdir]`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchBrowser } from './harness.mjs';

const out = process.argv[2] ?? join(process.cwd(), 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launchBrowser();
try {
  const shots = [
    ['page-laptop', { width: 1280, height: 800 }, null],
    ['page-schema', { width: 1280, height: 800 }, '#tab-schema'],
    ['page-phone', { width: 390, height: 844 }, null],
    ['page-verify', { width: 1280, height: 800 }, '#tab-verify'],
    ['page-editor', { width: 1280, height: 800 }, '#tab-files'],
    ['page-diagram', { width: 1280, height: 800 }, '#tab-schema', 6],
  ];
  for (const [name, viewport, tab, steps = 3] of shots) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('#sqlite-version').waitFor({ timeout: 10_000 });
    // Steps up the example (three unless said), so the views have something to show.
    for (let i = 0; i < steps; i++) await page.locator('#up').click();
    if (tab) await page.locator(tab).click();
    if (name === 'page-diagram') await page.locator('#schema-diagram').click();
    if (tab === '#tab-verify') await page.locator('#verify-run').click();
    if (tab === '#tab-files') await page.locator('#file-list button', { hasText: 'versions/' }).nth(2).click();
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(join(out, `${name}.png`));
    await context.close();
  }
  // Two lessons of Learn mode, midway: a check ticked, the others still open.
  const lessons = [
    ['learn-batch', 3, async (page) => page.locator('#up').click()],
    ['learn-heads', 4, async (page) => page.locator('#to-head').click()],
  ];
  for (const [name, index, act] of lessons) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('#sqlite-version').waitFor({ timeout: 10_000 });
    await page.locator('#learn-toggle').click();
    await page.locator('#learn .lessons button').nth(index).click();
    await page.locator('#lesson-start').click();
    await act(page);
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(join(out, `${name}.png`));
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
