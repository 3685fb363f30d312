// Page benchmark: time to interactive on localhost, time of every step of the example up and
// down (as the page measures it around the engine call), and the shipped sizes.
// `node tests/e2e/bench-page.mjs` prints one JSON object; scripts/bench.sh turns it into docs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchBrowser, shipped } from './harness.mjs';

/** Drops a project folder's .py, .ini and .mako files on the page, as a user drops the folder. */
async function dropFolder(page, dir, name) {
  const files = [];
  const walk = (d, rel) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}/${e.name}`);
      else if (/\.(py|ini|mako)$/.test(e.name)) files.push([`${rel}/${e.name}`, readFileSync(join(d, e.name), 'utf8')]);
    }
  };
  walk(dir, name);
  const dt = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const [path, text] of files) dt.items.add(new File([text], path));
    return dt;
  }, files);
  await page.locator('.layout').dispatchEvent('drop', { dataTransfer: dt });
}

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
  // Three rounds up and down, each on a freshly loaded page (its first steps cold, as a
  // user's are): each step's time is its best of the three, so that one hiccup of this
  // shared machine is not taken for the step (the load time is a best of five likewise).
  const rounds = [];
  let n = 0;
  for (let r = 0; r < 3; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('#up').waitFor();
    n = await page.locator('#revision-list li').count();
    const timing = async () => Number((await page.locator('.timing').textContent()).match(/(\d+) ms/)[1]);
    const steps = [];
    for (let i = 0; i < n; i++) { await page.locator('#up').click(); steps.push(await timing()); }
    for (let i = 0; i < n; i++) { await page.locator('#down').click(); steps.push(await timing()); }
    rounds.push(steps);
    await context.close();
  }
  // Autogenerate on the example at head after a model change (the brief's workflow): the
  // click's handler, engine call included, timed in the page; best of three fresh pages.
  const autogens = [];
  for (let r = 0; r < 3; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('#up').waitFor();
    await page.locator('#to-head').click();
    await page.locator('#tab-files').click();
    await page.locator('#file-list button', { hasText: 'migrations/models/conversation.py' }).click();
    const text = await page.locator('#editor').inputValue();
    await page.locator('#editor').fill(text.replace('    updated_at: Mapped[datetime | None]\n', '    updated_at: Mapped[datetime | None]\n    language: Mapped[str | None] = mapped_column(String(8))\n'));
    await page.locator('#save-file').click();
    autogens.push(await page.evaluate(() => {
      const t0 = performance.now();
      document.querySelector('#autogenerate').click();
      return Math.round(performance.now() - t0);
    }));
    await page.locator('#detected li').first().waitFor();
    await context.close();
  }
  // A user's database (RETORT_BENCH_OWNDB: a folder from `bench/gen_history.py --owndb`): its
  // project dropped, then the file picked; load until the page stands at its revision, then
  // `head` until the page stands there (the engine's own time is what the toolbar says).
  let own = null;
  if (process.env.RETORT_BENCH_OWNDB) {
    const dir = process.env.RETORT_BENCH_OWNDB;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('#up').waitFor();
    await dropFolder(page, dir, 'own');
    await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 3);
    await page.locator('#tab-files').click();
    const current = (rev) => page.waitForFunction((rev) => document.querySelector('#current').textContent.trim() === rev, rev, { timeout: 600_000 });
    const t0 = Date.now();
    await page.locator('#pick-database').setInputFiles(join(dir, 'start.db'));
    await current('e1e1e1e1e1e1');
    const loadMs = Date.now() - t0;
    const t1 = Date.now();
    await page.locator('#to-head').click();
    await current('e3e3e3e3e3e3');
    const headMs = Date.now() - t1;
    const engineMs = Number((await page.locator('.timing').textContent()).match(/(\d+) ms/)[1]);
    const master = await page.locator('#sqlite-master').evaluate((el) => el.textContent);
    own = { load_ms: loadMs, head_ms: headMs, head_engine_ms: engineMs, bytes: statSync(join(dir, 'start.db')).size, master };
    await context.close();
  }
  // A 1,000-revision history (RETORT_BENCH_LONG: a folder from `bench/gen_history.py 1000`):
  // dropped until listed, then `head` with a 20 ms heartbeat, whose latest beat is how long
  // the page was ever frozen.
  let long = null;
  if (process.env.RETORT_BENCH_LONG) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('#up').waitFor();
    const t0 = Date.now();
    await dropFolder(page, process.env.RETORT_BENCH_LONG, 'long');
    await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 1000, null, { timeout: 120_000 });
    const loadMs = Date.now() - t0;
    await page.evaluate(() => {
      window.gaps = [];
      let last = performance.now();
      window.beat = setInterval(() => { const t = performance.now(); window.gaps.push(t - last); last = t; }, 20);
    });
    const t1 = Date.now();
    await page.locator('#to-head').click();
    await page.locator('#progress').waitFor();
    await page.locator('#progress').waitFor({ state: 'hidden', timeout: 300_000 });
    const headMs = Date.now() - t1;
    const gap = await page.evaluate(() => { clearInterval(window.beat); return Math.max(...window.gaps); });
    long = { load_ms: loadMs, head_ms: headMs, worst_gap_ms: Math.round(gap) };
    await context.close();
  }
  const steps = rounds[0].map((_, i) => Math.min(...rounds.map((r) => r[i])));
  const worst = Math.max(...rounds.flat());
  const { raw, gzip: gz } = shipped();
  console.log(JSON.stringify({ load_ms: Math.min(...loads), load_all_ms: loads, steps_ms: steps, max_step_ms: Math.max(...steps), worst_single_step_ms: worst, autogenerate_ms: Math.min(...autogens), shipped_raw: raw, shipped_gzip: gz, own, long }));
} finally {
  await browser.close();
  server.close();
}
