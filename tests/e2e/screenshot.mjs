// Takes screenshots of the served page for the docs: `node tests/e2e/screenshot.mjs [outdir]`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchBrowser } from './harness.mjs';

const out = process.argv[2] ?? join(process.cwd(), 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launchBrowser();
try {
  for (const [name, viewport] of [['page-laptop', { width: 1280, height: 800 }], ['page-phone', { width: 390, height: 844 }]]) {
    const page = await browser.newPage({ viewport });
    await page.goto(server.url);
    await page.locator('#sqlite-version').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(join(out, `${name}.png`));
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
