// Page benchmark: time to interactive on localhost, time of every step of the example up and
// down (as the page measures it around the engine call), and the shipped sizes.
// `node tests/e2e/bench-page.mjs` prints one JSON object; scripts/bench.sh turns it into docs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serveDist, launchBrowser, DIST } from './harness.mjs';

const server = await serveDist();
const browser = await launchBrowser();
try {
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(server.url);
    await page.locator('#up').waitFor({ timeout: 10_000 });
    loads.push(Date.now() - t0);
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('#up').waitFor();
  const n = await page.locator('#revision-list li').count();
  const steps = [];
  const timing = async () => Number((await page.locator('.timing').textContent()).match(/(\d+) ms/)[1]);
  for (let i = 0; i < n; i++) { await page.locator('#up').click(); steps.push(await timing()); }
  for (let i = 0; i < n; i++) { await page.locator('#down').click(); steps.push(await timing()); }
  const files = readdirSync(DIST).filter((f) => /\.(wasm|js|css|html)$/.test(f)).map((f) => join(DIST, f));
  for (const d of readdirSync(DIST, { withFileTypes: true })) {
    if (d.isDirectory() && d.name === 'snippets') {
      const walk = (p) => { for (const e of readdirSync(p, { withFileTypes: true })) e.isDirectory() ? walk(join(p, e.name)) : files.push(join(p, e.name)); };
      walk(join(DIST, d.name));
    }
  }
  const raw = files.reduce((a, f) => a + statSync(f).size, 0);
  const gz = files.reduce((a, f) => a + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  console.log(JSON.stringify({ load_ms: Math.min(...loads), load_all_ms: loads, steps_ms: steps, max_step_ms: Math.max(...steps), shipped_raw: raw, shipped_gzip: gz }));
  await context.close();
} finally {
  await browser.close();
  server.close();
}
