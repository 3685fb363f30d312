// The page, opened as a user opens it: served over HTTP, run by a real Chromium, and checked
// against real Alembic run on the same example project.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launchBrowser, shipped } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VERSIONS = join(ROOT, 'migrations', 'versions');
const VENV = process.env.RETORT_VENV ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'retort', 'venv');
let server, browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Real Alembic on a copy of the example: runs `args`, returns sqlite_master as the page shows it. */
function oracle() {
  const dir = mkdtempSync(join(tmpdir(), 'retort-e2e-'));
  cpSync(join(ROOT, 'migrations'), join(dir, 'migrations'), { recursive: true });
  const alembic = (...args) =>
    execFileSync(join(VENV, 'bin', 'alembic'), ['-c', 'migrations/alembic.ini', ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const master = () =>
    execFileSync(join(VENV, 'bin', 'python'), ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
sys.stdout.write("\\n".join(f"{t} {n} {tb}\\n{'NULL' if s is None else s}\\n" for t, n, tb, s in rows))
`, join(dir, 'botsalinha.db')], { encoding: 'utf8' });
  return { dir, alembic, master, close: () => rmSync(dir, { recursive: true, force: true }) };
}

async function openPage(context) {
  const page = await (context ?? browser).newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url);
  await page.locator('#sqlite-version').waitFor({ timeout: 10_000 });
  return { page, errors };
}

const masterText = (page) => page.locator('#sqlite-master').evaluate((el) => el.textContent);

test('the page ships within its budget: 1.5 MB of wasm, JS, CSS and HTML, gzipped', () => {
  // What a first visit downloads (docs/benchmarks.md's "shipped" figure).
  const { files, gzip: total } = shipped();
  console.error(`the page ships ${total} bytes gzipped in ${files.length} files`);
  assert.ok(files.some((f) => f.endsWith('.wasm')) && files.some((f) => f.endsWith('worker.js')));
  assert.ok(total <= 1_500_000, `the page is ${total} bytes gzipped, over its 1,500,000`);
});

test('the example loads: every revision listed, history as alembic prints it', async () => {
  const { page, errors } = await openPage();
  assert.match(await page.locator('#sqlite-version').textContent(), /^3\.\d+\.\d+$/);
  // Served with its Content-Security-Policy (a violation would be a console error below).
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+';/);
  assert.doesNotMatch(csp, /unsafe-inline|https?:|\*/);
  const files = readdirSync(VERSIONS).filter((f) => f.endsWith('.py') && !f.startsWith('__init__'));
  assert.equal(await page.locator('#revision-list li').count(), files.length);
  assert.equal((await page.locator('#current').textContent()).trim(), 'base (empty database)');
  const o = oracle();
  try {
    await page.locator('#tab-history').click();
    assert.equal(await page.locator('#history').textContent(), o.alembic('history', '-i'));
  } finally {
    o.close();
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('stepping up to head and down to base leaves what alembic leaves, step by step', async () => {
  const { page, errors } = await openPage();
  const o = oracle();
  try {
    const n = await page.locator('#revision-list li').count();
    // Keys run migrations only with the revision list focused: bare keys elsewhere scroll.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    assert.equal((await page.locator('#current').textContent()).trim(), 'base (empty database)', 'no step from keys outside the list');
    await page.locator('#revisions').focus();
    for (let i = 0; i < n; i++) {
      await page.keyboard.press('ArrowUp');
      o.alembic('upgrade', '+1');
      const current = o.alembic('current').trim().split(/\s+/)[0];
      assert.equal((await page.locator('#current').textContent()).trim(), current, `after upgrade ${i + 1}`);
      assert.equal(await masterText(page), o.master(), `sqlite_master after upgrade ${i + 1}`);
      // The step's SQL is shown, ending with the version table's change.
      const sql = await page.locator('#steps pre.sql').last().textContent();
      assert.match(sql, /alembic_version/, 'the step shows its statements');
    }
    // At head, `upgrade +1` fails before anything runs, with Alembic's words.
    await page.locator('#up').click();
    assert.match(await page.locator('#failure').textContent(), /Nothing ran.*FAILED: Relative revision \+1 didn't produce 1 migrations/);
    for (let i = 0; i < n; i++) {
      await page.locator('#down').click();
      o.alembic('downgrade', '-1');
      assert.equal(await masterText(page), o.master(), `sqlite_master after downgrade ${i + 1}`);
    }
    assert.equal((await page.locator('#current').textContent()).trim(), 'base (empty database)');
  } finally {
    o.close();
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('clicking a revision goes there; hovering previews the plan', async () => {
  const { page, errors } = await openPage();
  const items = page.locator('#revision-list li');
  const n = await items.count();
  const third = items.nth(n - 3);
  const rev = await third.getAttribute('data-rev');
  await third.locator('button.rev').hover();
  const plan = await page.locator('#plan-preview li').allTextContents();
  assert.equal(plan.length, 3, 'three upgrades to reach the third revision');
  assert.match(plan[0], /^upgrade  -> /);
  await third.locator('button.rev').click();
  assert.equal((await page.locator('#current').textContent()).trim(), rev);
  assert.equal(await page.locator('#steps article.step').count(), 3);
  // Schema and data views read the tab's database.
  await page.locator('#tab-schema').click();
  assert.ok((await page.locator('#schema .table').count()) >= 2);
  await page.locator('#tab-data').click();
  await page.locator('#query').fill('SELECT version_num FROM alembic_version');
  await page.locator('#query-form button').click();
  assert.equal((await page.locator('#rows tbody td').textContent()).trim(), rev);
  await page.locator('#query').fill('DROP TABLE alembic_version');
  await page.locator('#query-form button').click();
  assert.match(await page.locator('#data pre.error').textContent(), /read-only/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a reload keeps the position; Reset returns to an empty database', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  await page.locator('#up').click();
  await page.locator('#up').click();
  const before = (await page.locator('#current').textContent()).trim();
  const master = await masterText(page);
  await page.reload();
  await page.locator('#sqlite-version').waitFor();
  assert.equal((await page.locator('#current').textContent()).trim(), before);
  assert.equal(await masterText(page), master);
  await page.locator('#reset').click();
  assert.equal((await page.locator('#current').textContent()).trim(), 'base (empty database)');
  await page.reload();
  await page.locator('#sqlite-version').waitFor();
  assert.equal((await page.locator('#current').textContent()).trim(), 'base (empty database)');
  assert.deepEqual(errors, []);
  await context.close();
});

test('once loaded, the page works with no network: reload, step, share link', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  await page.locator('#offline-status', { hasText: 'works offline' }).waitFor({ timeout: 10_000 });
  await page.locator('#up').click();
  const before = (await page.locator('#current').textContent()).trim();
  await context.setOffline(true);
  // The server is unreachable from here on: everything comes from the service worker's copy.
  assert.equal(await page.evaluate(() => fetch('/').then(() => 'online', () => 'offline')), 'online',
    'the worker answers for the page itself');
  await page.reload();
  await page.locator('#sqlite-version').waitFor({ timeout: 10_000 });
  assert.equal((await page.locator('#current').textContent()).trim(), before);
  await page.locator('#up').click();
  assert.notEqual((await page.locator('#current').textContent()).trim(), before);
  // A share link opened offline in the same browser: the page and its state come from the link.
  await page.locator('#share').click();
  const link = await page.locator('#share-link').inputValue();
  const second = await context.newPage();
  await second.goto(link);
  await second.locator('#sqlite-version').waitFor({ timeout: 10_000 });
  assert.equal((await second.locator('#current').textContent()).trim(), (await page.locator('#current').textContent()).trim());
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the editor colours Python as the interpreter lexes it, and follows edits', async () => {
  const { page, errors } = await openPage();
  await page.locator('#tab-files').click();
  await page.locator('#file-list button', { hasText: 'versions/' }).first().click();
  const colours = page.locator('.code-colours');
  assert.equal(await colours.evaluate((el) => el.textContent), (await page.locator('#editor').inputValue()) + '\n',
    'the coloured copy is the text, character for character');
  assert.ok((await colours.locator('.tok-def').allTextContents()).includes('upgrade'));
  assert.ok((await colours.locator('.tok-kw').allTextContents()).includes('import'));
  await page.locator('#editor').fill('# a note\nx = f"{1 + 2}" if True else 0.5\n');
  assert.deepEqual(await colours.locator('span').evaluateAll((s) => s.map((e) => [e.className, e.textContent])), [
    ['tok-com', '# a note'], ['tok-str', 'f"'], ['tok-num', '1'], ['tok-num', '2'], ['tok-str', '"'],
    ['tok-kw', 'if'], ['tok-const', 'True'], ['tok-kw', 'else'], ['tok-num', '0.5'],
  ]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the schema as a diagram: a box per table, an edge per foreign key, as alembic leaves them', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  await page.locator('#to-head').click();
  await page.locator('#tab-schema').click();
  await page.locator('#schema-diagram').click();
  const o = oracle();
  let tables, fks;
  try {
    o.alembic('upgrade', 'head');
    const out = execFileSync(join(VENV, 'bin', 'python'), ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
names = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
print("\\n".join(names))
print("--")
for t in names:
    groups = {}
    for _id, _seq, ref, frm, to, *_ in c.execute(f"PRAGMA foreign_key_list('{t}')"):
        groups.setdefault(_id, []).append((ref, frm, to))
    for g in groups.values():
        print(f"{t}.({', '.join(f for _, f, _ in g)}) → {g[0][0]}({', '.join(x for _, _, x in g)})")
`, join(o.dir, 'botsalinha.db')], { encoding: 'utf8' });
    [tables, fks] = out.trim().split('\n--').map((part) => part.trim().split('\n').filter(Boolean));
  } finally {
    o.close();
  }
  const diagram = page.locator('#er-diagram');
  await diagram.locator('g.er-table').first().waitFor();
  assert.deepEqual(await diagram.locator('g.er-table').evaluateAll((gs) => gs.map((g) => g.dataset.table)), tables);
  assert.deepEqual((await diagram.locator('path.er-edge title').allTextContents()).sort(), fks.sort());
  assert.ok(fks.length > 0, 'the example has foreign keys to draw');
  // The tables the last action created are marked (all but the version table, from base to
  // head); the choice of view survives a reload.
  assert.deepEqual(await diagram.locator('g.er-table:not(.new)').evaluateAll((gs) => gs.map((g) => g.dataset.table)), ['alembic_version']);
  await page.reload();
  await page.locator('#tab-schema').click();
  await diagram.waitFor();
  assert.equal(await diagram.locator('g.er-table').count(), tables.length);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the offline view prints what `alembic upgrade --sql` prints', async () => {
  const { page, errors } = await openPage();
  await page.locator('#tab-offline').click();
  const o = oracle();
  try {
    // The example has a batch step: Alembic cannot render it offline; compare up to it.
    const revs = await page.locator('#revision-list li').evaluateAll((els) => els.map((e) => e.dataset.rev));
    const upTo = revs[revs.length - 3];
    await page.locator('#offline-range').fill(`base:${upTo}`);
    await page.locator('#offline-range').press('Enter');
    const expected = o.alembic('upgrade', `base:${upTo}`, '--sql');
    assert.equal(await page.locator('#offline-sql').textContent(), expected);
    // Step by step, each step's own offline script; together they are Alembic's script.
    let joined = '';
    for (let i = revs.length - 1; i >= revs.length - 3; i--) {
      await page.locator('#up').click();
      joined += await page.locator('#steps .offline-sql').textContent();
    }
    assert.equal(joined, expected);
    await page.locator('#steps details.offline-beside summary').click();
    assert.match(await page.locator('#steps .offline-beside p').textContent(), /ran as written|did not run as written/);
  } finally {
    o.close();
  }
  assert.deepEqual(errors, []);
  await page.close();
});

/** The files of a conformance set, as `[path, text]` under a top folder `proj/`. */
function setFiles(name) {
  const dir = join(ROOT, 'tests', 'conformance', 'sets', name);
  const out = [];
  const walk = (d, rel) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else if (!e.name.endsWith('.sqlite')) out.push([`proj/${rel}${e.name}`, readFileSync(join(d, e.name), 'utf8')]);
    }
  };
  walk(dir, '');
  return out;
}

/** A key pressed with the revision list focused, where the step shortcuts work. */
async function pressOnGraph(page, key) {
  await page.locator('#revisions').focus();
  await page.keyboard.press(key);
}

/** Drops files on the page as a user drops a folder (a DataTransfer carrying them). */
async function dropFiles(page, files) {
  const dt = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const [path, text] of files) dt.items.add(new File([text], path));
    return dt;
  }, files);
  await page.locator('.layout').dispatchEvent('drop', { dataTransfer: dt });
}

test('a dropped .zip of a project loads as its folder does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retort-zip-'));
  try {
    cpSync(join(ROOT, 'tests', 'conformance', 'sets', 'tables'), join(dir, 'tables'), { recursive: true });
    execFileSync('python3', ['-c', `
import shutil, sys, zipfile
shutil.make_archive(sys.argv[1], "zip", sys.argv[2], "tables")
with zipfile.ZipFile(sys.argv[1] + ".zip", "a") as z:
    z.writestr("__MACOSX/tables/._env.py", b"\\x00\\x05junk")
`, join(dir, 'project'), dir]);
    const history = execFileSync(join(VENV, 'bin', 'alembic'), ['-c', 'tables/alembic.ini', 'history', '-i'],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const context = await browser.newContext();
    const { page, errors } = await openPage(context);
    const b64 = readFileSync(join(dir, 'project.zip')).toString('base64');
    const dt = await page.evaluateHandle((b64) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'project.zip'));
      return dt;
    }, b64);
    await page.locator('.layout').dispatchEvent('drop', { dataTransfer: dt });
    await page.locator('#file-list button', { hasText: 'tables/env.py' }).waitFor();
    await page.locator('#tab-history').click();
    assert.equal(await page.locator('#history').textContent(), history);
    await page.locator('#to-head').click();
    assert.ok(!(await page.locator('#current').textContent()).includes('base'), 'upgraded to head');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('keyboard only: the file picker takes focus and loads a project; the list focused, keys step it', async () => {
  const { page, errors } = await openPage();
  // Listening for the chooser long before Space is pressed: Playwright turns on its
  // interception of the dialog without waiting, so a listener added just before the key
  // press can miss the dialog (it did once in CI).
  const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
  await page.locator('#tab-files').focus();
  await page.keyboard.press('Enter');
  // Tab from the tab bar reaches the picker's input (hidden from sight, not from the keyboard).
  let tabs = 0;
  while ((await page.evaluate(() => document.activeElement?.id)) !== 'pick-folder' && tabs++ < 40) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pick-folder', 'Tab reaches the folder picker');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pick-files');
  const rev = (id, down) => Buffer.from([`revision = "${id}"`, `down_revision = ${down}`, 'from alembic import op', 'import sqlalchemy as sa', 'def upgrade():', `    op.create_table("t_${id}", sa.Column("id", sa.Integer, primary_key=True))`, 'def downgrade():', `    op.drop_table("t_${id}")`, ''].join('\n'));
  await page.keyboard.press('Space');
  await (await chooser).setFiles([
    { name: 'a1_first.py', mimeType: 'text/x-python', buffer: rev('a1', 'None') },
    { name: 'b2_second.py', mimeType: 'text/x-python', buffer: rev('b2', '"a1"') },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  await pressOnGraph(page, 'End');
  assert.equal((await page.locator('#current').textContent()).trim(), 'b2');
  await page.keyboard.press('ArrowDown');
  assert.equal((await page.locator('#current').textContent()).trim(), 'a1');
  await page.keyboard.press('Home');
  assert.equal((await page.locator('#current').textContent()).trim(), 'base (empty database)');
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a 390 px screen the panel follows the revisions within a screen, and schema tables fit', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, errors } = await openPage(context);
  await pressOnGraph(page, 'End');
  const list = await page.locator('#revision-list').evaluate((el) => parseFloat(getComputedStyle(el).maxHeight));
  assert.ok(list > 0 && list <= 0.45 * 844 + 1, `the revision list scrolls in its own box (max-height ${list})`);
  await page.locator('#tab-schema').click();
  const overflow = await page.evaluate(() => [...document.querySelectorAll('.schema .table')].map((t) => t.scrollWidth - t.clientWidth));
  assert.ok(overflow.length > 0 && overflow.every((o) => o <= 0), `tables cut at the edge: ${overflow}`);
  await page.screenshot({ path: join(tmpdir(), 'retort-phone-schema.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a project too big for a link downloads as a .retort file that loads back when dropped', async () => {
  const first = await browser.newContext();
  const { page, errors } = await openPage(first);
  const noise = Array.from({ length: 4000 }, (_, i) => `# ${(i * 2654435761 % 4294967296).toString(36)}${Math.random().toString(36).slice(2)}`).join('\n');
  const rev = (id, down) => [`revision = "${id}"`, `down_revision = ${down}`, 'from alembic import op', 'import sqlalchemy as sa', noise, 'def upgrade():', `    op.create_table("t_${id}", sa.Column("id", sa.Integer, primary_key=True))`, 'def downgrade():', `    op.drop_table("t_${id}")`, ''].join('\n');
  await dropFiles(page, [['big/versions/a1_one.py', rev('a1', 'None')], ['big/versions/b2_two.py', rev('b2', '"a1"')]]);
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  await page.locator('#up').click();
  await page.locator('#share').click();
  const href = await page.locator('#share-file').getAttribute('href');
  const content = decodeURIComponent(href.slice(href.indexOf(',') + 1));
  const second = await browser.newContext();
  const opened = await openPage(second);
  await dropFiles(opened.page, [['project.retort', content]]);
  await opened.page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  assert.equal((await opened.page.locator('#current').textContent()).trim(), 'a1', 'the file carries the position too');
  assert.match(await masterText(opened.page), /CREATE TABLE t_a1/);
  assert.deepEqual([...errors, ...opened.errors], []);
  await first.close();
  await second.close();
});

test('a failing step shows what it printed before it failed, as Alembic\'s stdout does', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  await dropFiles(page, setFiles('fail_generated'));
  await page.locator('#tab-files').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  await page.locator('#up').click();
  await page.locator('#up').click();
  const failure = await page.locator('#failure').textContent();
  assert.match(failure, /printed before it failed:\s*rebuilding prices/);
  assert.match(failure, /cannot INSERT into generated column "doubled"/);
  assert.match(failure, /rolled back/);
  assert.equal((await page.locator('#current').textContent()).trim(), '7e1a2b3c4d5f');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a repository dropped whole runs from its root, and the page says what it read and skipped', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  // The brief's layout: alembic.ini under migrations/ with `script_location = migrations`
  // (relative to the repository root Alembic runs from), revisions importing the application.
  const revision = `revision = "001"\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\nfrom src.models import TABLE\n\ndef upgrade():\n    op.create_table(TABLE, sa.Column("id", sa.Integer, primary_key=True))\n\ndef downgrade():\n    op.drop_table(TABLE)\n`;
  await dropFiles(page, [
    ['repo/README.md', '# an app'],
    ['repo/.venv/lib/site.py', 'raise SystemExit'],
    ['repo/.git/HEAD', 'ref: refs/heads/main'],
    ['repo/big.py', '#'.repeat(2100000)],
    ['repo/src/__init__.py', ''],
    ['repo/src/models.py', 'TABLE = "things"\n'],
    ['repo/migrations/alembic.ini', '[alembic]\nscript_location = migrations\nprepend_sys_path = .\n'],
    ['repo/migrations/env.py', setFiles('tables').find(([p]) => p.endsWith('env.py'))[1]],
    ['repo/migrations/versions/001_things.py', revision],
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 1);
  assert.equal(
    (await page.locator('#load-note').textContent()).trim(),
    'Read 5 project files (.py, .ini, .mako); skipped 3 other files and folders (other kinds, .git, virtualenvs, caches, node_modules); too large to read (over 2 MB, a .zip over 50 MB, a database over 512 MB): repo/big.py.',
  );
  await page.locator('#up').click();
  assert.equal((await page.locator('#current').textContent()).trim(), '001');
  assert.match(await masterText(page), /^table things things$/m);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dropped project runs; a failing step keeps the state; an edit fixes it', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  await dropFiles(page, setFiles('fail_sql'));
  await page.locator('#tab-files').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  const revs = await page.locator('#revision-list li').evaluateAll((els) => els.map((e) => e.dataset.rev));
  assert.deepEqual(revs, ['2b3c4d5e6f70', '1a2b3c4d5e6f']);

  await page.locator('#up').click();
  assert.equal((await page.locator('#current').textContent()).trim(), '1a2b3c4d5e6f');
  const before = await masterText(page);

  // The second revision fails on its last statement: rolled back whole, and said so.
  await page.locator('#up').click();
  const failure = await page.locator('#failure').textContent();
  // Said first, at the top of the view, with a link to the failure below.
  assert.equal((await page.locator('#failure-summary').textContent()).trim(),
    'upgrade 1a2b3c4d5e6f -> 2b3c4d5e6f70, audit and a broken backfill failed and was rolled back.');
  assert.match(failure, /2b3c4d5e6f70_audit_and_a_broken_backfill\.py:\d+:5/);
  assert.match(failure, /no such table: acounts/);
  assert.match(failure, /rolled back/);
  assert.match(failure, /under Alembic this failure would leave column `accounts.email` added, table `audit` created, and alembic_version at 1a2b3c4d5e6f/);
  assert.equal(await masterText(page), before, 'the failed step left nothing behind');
  assert.equal((await page.locator('#current').textContent()).trim(), '1a2b3c4d5e6f');

  // Fix the typo in the page's editor and run the step again.
  await page.locator('#tab-files').click();
  await page.locator('#file-list button', { hasText: '2b3c4d5e6f70_audit' }).click();
  const text = await page.locator('#editor').inputValue();
  await page.locator('#editor').fill(text.replace('acounts', 'accounts'));
  await page.locator('#save-file').click();
  assert.equal((await page.locator('#current').textContent()).trim(), '1a2b3c4d5e6f', 'the position survives the edit');
  await page.locator('#up').click();
  assert.equal((await page.locator('#current').textContent()).trim(), '2b3c4d5e6f70');
  assert.match(await masterText(page), /CREATE INDEX ix_accounts_email/);

  // The dropped (and edited) project survives a reload.
  await page.reload();
  await page.locator('#sqlite-version').waitFor();
  assert.equal((await page.locator('#current').textContent()).trim(), '2b3c4d5e6f70');
  await page.locator('#tab-files').click();
  await page.locator('#file-list button', { hasText: '2b3c4d5e6f70_audit' }).click();
  assert.doesNotMatch(await page.locator('#editor').inputValue(), /acounts/);

  // A project that does not load changes nothing, and says why.
  await dropFiles(page, [['broken/versions/x.py', 'revision = "x"\ndown_revision = None\ndef upgrade(:\n']]);
  await page.locator('#load-error').waitFor();
  assert.match(await page.locator('#load-error').textContent(), /x\.py:3/);
  assert.equal((await page.locator('#current').textContent()).trim(), '2b3c4d5e6f70');

  await page.locator('#reset').click();
  assert.equal(await page.locator('#revision-list li').count(), readdirSync(VERSIONS).filter((f) => f.endsWith('.py')).length);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link reproduces the revisions and the position in a fresh browser', async () => {
  const first = await browser.newContext();
  const { page, errors } = await openPage(first);
  await page.locator('#up').click();
  await page.locator('#up').click();
  const current = (await page.locator('#current').textContent()).trim();
  const master = await masterText(page);
  await page.locator('#share').click();
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /#s=1\./);
  await first.close();

  const second = await browser.newContext();
  const opened = await second.newPage();
  const errors2 = [];
  opened.on('pageerror', (e) => errors2.push(e.message));
  await opened.goto(link);
  await opened.locator('#sqlite-version').waitFor({ timeout: 10_000 });
  assert.equal((await opened.locator('#current').textContent()).trim(), current);
  assert.equal(await masterText(opened), master);
  assert.ok(!opened.url().includes('#s='), 'the fragment is consumed once read');
  assert.deepEqual([...errors, ...errors2], []);
  await second.close();
});

test('a link never loses work or fails silently: the kept project is set aside, errors are said', async () => {
  const bin = process.env.RETORT_BIN ?? join(ROOT, 'target', 'debug', 'retort');
  const share = (args, ini = 'migrations/alembic.ini') => execFileSync(bin, ['-c', ini, 'share', ...args, '--base-url', server.url],
    { cwd: ROOT, encoding: 'utf8' }).trim();
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  // A project of the user's own, kept by this browser.
  await dropFiles(page, setFiles('fail_sql'));
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  await page.locator('#up').click();

  // A link to the example replaces it on screen, but not in the browser: it is set aside.
  const ids = readdirSync(VERSIONS).filter((f) => f.endsWith('.py'));
  await page.goto('about:blank');
  await page.goto(share(['--rev', 'head']));
  await page.locator('#restore-banner').waitFor();
  assert.equal(await page.locator('#revision-list li').count(), ids.length);
  await page.locator('#restore').click();
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  assert.equal((await page.locator('#current').textContent()).trim(), '1a2b3c4d5e6f', 'the position comes back too');
  assert.equal(await page.locator('#restore-banner').count(), 0);

  // A link whose position cannot be reached (its second revision fails) says so.
  await page.goto('about:blank');
  await page.goto(share(['--rev', 'head'], 'tests/conformance/sets/fail_sql/alembic.ini'));
  await page.locator('#load-error').waitFor();
  assert.match(await page.locator('#load-error').textContent(), /The link's position could not be reached: upgrade head: .*no such table: acounts/);
  assert.equal((await page.locator('#current').textContent()).trim(), '1a2b3c4d5e6f', 'where its steps stopped');

  // A link cut short says what is wrong with it, and changes nothing kept.
  await page.goto('about:blank');
  await page.goto(`${server.url}#s=`);
  await page.locator('#load-error').waitFor();
  assert.match(await page.locator('#load-error').textContent(), /cut short/);

  // A link pasted into the open tab is opened.
  const link = share(['--rev', 'base']);
  const reloaded = page.waitForEvent('load');
  await page.evaluate((l) => { window.location.hash = new URL(l).hash; }, link);
  await reloaded;
  await page.locator('#sqlite-version').waitFor();
  await page.waitForFunction(() => !window.location.hash.startsWith('#s='));
  assert.equal(await page.locator('#revision-list li').count(), ids.length);
  assert.deepEqual(errors, []);
  await context.close();
});

test('`retort share` makes a link the page opens at that revision', async () => {
  const bin = process.env.RETORT_BIN ?? join(ROOT, 'target', 'debug', 'retort');
  const revs = readdirSync(VERSIONS).filter((f) => f.endsWith('.py'));
  const o = oracle();
  try {
    // A revision in the middle of the example, as real Alembic would leave it.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('#sqlite-version').waitFor({ timeout: 10_000 });
    const ids = await page.locator('#revision-list li').evaluateAll((els) => els.map((e) => e.dataset.rev));
    assert.equal(ids.length, revs.length);
    const target = ids[Math.floor(ids.length / 2)];
    const link = execFileSync(bin, ['-c', 'migrations/alembic.ini', 'share', '--rev', target, '--base-url', server.url], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    await page.goto('about:blank');
    await page.goto(link);
    await page.locator('#sqlite-version').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#revision-list li').count(), revs.length);
    assert.equal((await page.locator('#current').textContent()).trim(), target);
    o.alembic('upgrade', target);
    assert.equal(await masterText(page), o.master());
    await context.close();
  } finally {
    o.close();
  }
});

test('the data view pages through a table', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  const revision = [
    'revision = "d1"', 'down_revision = None', 'from alembic import op', 'import sqlalchemy as sa', '',
    'def upgrade():',
    '    t = op.create_table("nums", sa.Column("n", sa.Integer, primary_key=True))',
    '    op.bulk_insert(t, [{"n": i} for i in range(1, 121)])', '',
    'def downgrade():', '    op.drop_table("nums")', '',
  ].join('\n');
  await dropFiles(page, [['nums/versions/d1_nums.py', revision]]);
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 1);
  await page.locator('#up').click();
  await page.locator('#tab-data').click();
  await page.locator('.pick', { hasText: 'nums' }).click();
  assert.match(await page.locator('.pager').textContent(), /rows 1–50 of 120/);
  assert.equal(await page.locator('#rows tbody tr').count(), 50);
  await page.locator('#rows-next').click();
  assert.match(await page.locator('.pager').textContent(), /rows 51–100 of 120/);
  assert.equal((await page.locator('#rows tbody td').first().textContent()).trim(), '51');
  await page.locator('#rows-next').click();
  assert.equal(await page.locator('#rows tbody tr').count(), 20);
  assert.ok(await page.locator('#rows-next').isDisabled());
  assert.deepEqual(errors, []);
  await context.close();
});

test('a branched history is drawn in lanes, with the merge joining them', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  const rev = (id, down, doc) => [
    `"""${doc}"""`, `revision = "${id}"`, `down_revision = ${down}`, 'from alembic import op', 'import sqlalchemy as sa', '',
    'def upgrade():', `    op.create_table("t_${id}", sa.Column("id", sa.Integer, primary_key=True))`, '',
    'def downgrade():', `    op.drop_table("t_${id}")`, '',
  ].join('\n');
  await dropFiles(page, [
    ['g/versions/a0_base.py', rev('a0', 'None', 'base')],
    ['g/versions/b1_left.py', rev('b1', '"a0"', 'left branch') + 'branch_labels = ("left",)\n'],
    ['g/versions/c1_right.py', rev('c1', '"a0"', 'right branch')],
    ['g/versions/m2_merge.py', rev('m2', '("b1", "c1")', 'merge')],
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 4);
  const rows = await page.locator('#revision-list li').evaluateAll((els) => els.map((e) => [e.dataset.rev, e.dataset.lane]));
  assert.equal(rows[0][0], 'm2');
  assert.equal(rows[3][0], 'a0');
  assert.equal(rows[0][1], '0');
  assert.equal(rows[3][1], '0', 'the base continues the first lane');
  assert.deepEqual(new Set(rows.slice(1, 3).map((r) => r[1])), new Set(['0', '1']), 'the two branches take two lanes');
  assert.equal(await page.locator('#revision-list li[data-rev="b1"] .badge.label').textContent(), '@left');
  // The merge row draws a line into each branch's lane.
  assert.equal(await page.locator('#revision-list li').first().locator('svg line').count(), 2);
  await pressOnGraph(page, 'End');
  assert.equal((await page.locator('#current').textContent()).trim(), 'm2');
  assert.equal(await page.locator('#revision-list svg circle.current').count(), 1);
  assert.equal(await page.locator('#revision-list svg circle.applied').count(), 3);
  // Stamp: only alembic_version moves; the branches' tables stay.
  const master = await masterText(page);
  await page.locator('#revision-list li[data-rev="b1"]').hover();
  await page.locator('#revision-list li[data-rev="b1"] button.stamp').click();
  assert.equal((await page.locator('#current').textContent()).trim(), 'b1');
  assert.equal(await masterText(page), master);
  assert.match(await page.locator('#steps').textContent(), /stamp_revision m2 -> b1/);
  await page.screenshot({ path: join(tmpdir(), 'retort-graph.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('new revisions come from script.py.mako; two heads offer a merge draft', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  const mako = readFileSync(join(ROOT, 'migrations', 'script.py.mako'), 'utf8');
  const rev = (id, down) => [`revision = "${id}"`, `down_revision = ${down}`, 'def upgrade():', '    pass', 'def downgrade():', '    pass', ''].join('\n');
  await dropFiles(page, [
    ['p/script.py.mako', mako],
    ['p/versions/a0_base.py', rev('a0', 'None')],
    ['p/versions/b1_left.py', rev('b1', '"a0"')],
    ['p/versions/c1_right.py', rev('c1', '"a0"')],
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 3);
  await page.locator('#tab-files').click();
  await page.locator('#draft-merge').click();
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 4);
  const top = page.locator('#revision-list li').first();
  assert.match(await top.textContent(), /merge heads/);
  assert.equal(await top.locator('.badge', { hasText: 'merge' }).count(), 1);
  assert.match(await page.locator('#editor').inputValue(), /down_revision: Union\[str, Sequence\[str\], None\] = \('b1', 'c1'\)|\('c1', 'b1'\)/);
  assert.equal(await page.locator('#draft-merge').count(), 0, 'one head again');

  await page.locator('#new-revision-message').fill('add widgets');
  await page.locator('#new-revision').click();
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 5);
  const merge = await page.locator('#revision-list li').nth(1).getAttribute('data-rev');
  const text = await page.locator('#editor').inputValue();
  assert.match(text, /"""add widgets/);
  assert.match(text, new RegExp(`down_revision: Union\\[str, Sequence\\[str\\], None\\] = '${merge}'`));
  await pressOnGraph(page, 'End');
  assert.equal((await page.locator('#current').textContent()).trim(), await page.locator('#revision-list li').first().getAttribute('data-rev'));
  assert.deepEqual(errors, []);
  await context.close();
});

test("the brief's workflow on the example: change a model, autogenerate, review, upgrade, downgrade — as alembic does", async () => {
  const { page, errors } = await openPage();
  const o = oracle();
  try {
    await pressOnGraph(page, 'End');
    o.alembic('upgrade', 'head');
    const model = 'migrations/models/conversation.py';
    const edit = (text) => text.replace('        comment="User preferences JSON",\n    )\n', '        comment="User preferences JSON",\n    )\n    language: Mapped[str | None] = mapped_column(String(8), index=True)\n');
    await page.locator('#tab-files').click();
    // Models and history agree at head: autogenerate writes an empty revision, as alembic would.
    await page.locator('#file-list button', { hasText: model }).click();
    const original = await page.locator('#editor').inputValue();
    assert.notEqual(edit(original), original, 'the model file has the line the edit follows');
    await page.locator('#editor').fill(edit(original));
    await page.locator('#save-file').click();
    writeFileSync(join(o.dir, model), edit(readFileSync(join(o.dir, model), 'utf8')));
    await page.locator('#new-revision-message').fill('add conversation language');
    await page.locator('#autogenerate').click();
    await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 7);
    const ours = await page.locator('#editor').inputValue();
    const revId = ours.match(/^Revision ID: (\w+)$/m)[1];
    o.alembic('revision', '--autogenerate', '-m', 'add conversation language', '--rev-id', revId);
    const versions = join(o.dir, 'migrations', 'versions');
    const name = readdirSync(versions).find((f) => f.includes(revId));
    const theirs = readFileSync(join(versions, name), 'utf8');
    const noDate = (t) => t.replace(/^Create Date: .*$/m, '');
    assert.equal(noDate(ours), noDate(theirs));
    assert.match(ours, /batch_op\.add_column\(sa\.Column\('language', sa\.String\(length=8\), nullable=True\)\)/);
    assert.match(await page.locator('#file-list button.active').textContent(), new RegExp(`_${revId}_add_conversation_language\\.py$`));
    await page.locator('#up').click();
    o.alembic('upgrade', 'head');
    assert.equal(await masterText(page), o.master());
    await page.locator('#down').click();
    o.alembic('downgrade', '-1');
    assert.equal(await masterText(page), o.master());
    assert.deepEqual(errors, []);
  } finally {
    o.close();
  }
});

test('a model change becomes a revision: autogenerate, review, upgrade', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  const mako = readFileSync(join(ROOT, 'migrations', 'script.py.mako'), 'utf8');
  const env = 'from alembic import context\nfrom app.models import Base\ncontext.configure(target_metadata=Base.metadata)\nwith context.begin_transaction():\n    context.run_migrations()\n';
  const models = (extra) => `import sqlalchemy as sa\nfrom sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\nclass Thing(Base):\n    __tablename__ = "things"\n    id: Mapped[int] = mapped_column(primary_key=True)\n${extra}`;
  const revision = 'revision = "001"\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n    op.create_table("things", sa.Column("id", sa.Integer, primary_key=True))\n\ndef downgrade():\n    op.drop_table("things")\n';
  await dropFiles(page, [
    ['p/alembic.ini', '[alembic]\nscript_location = migrations\nprepend_sys_path = .\n'],
    ['p/app/__init__.py', ''],
    ['p/app/models.py', models('')],
    ['p/migrations/env.py', env],
    ['p/migrations/script.py.mako', mako],
    ['p/migrations/versions/001_things.py', revision],
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 1);
  await page.locator('#tab-files').click();
  // The badge compares the models with the history at head, wherever the tab's database is.
  assert.equal(await page.locator('#models-check.models-agree').count(), 1);
  // Not at head yet: Alembic's own refusal.
  await page.locator('#autogenerate').click();
  assert.match(await page.locator('#files pre.error').textContent(), /Target database is not up to date\./);
  await page.locator('#up').click();
  assert.equal((await page.locator('#current').textContent()).trim(), '001');
  // The models and the database agree: an empty revision would be written; change a model.
  await page.locator('#tab-files').click();
  await page.locator('#file-list button', { hasText: 'app/models.py' }).click();
  await page.locator('#editor').fill(models('    name: Mapped[str | None] = mapped_column(sa.String(50))\n'));
  await page.locator('#save-file').click();
  assert.match(await page.locator('#models-check.models-differ').textContent(), /Detected added column 'things\.name'/);
  await page.locator('#new-revision-message').fill('add thing name');
  await page.locator('#autogenerate').click();
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  assert.deepEqual(await page.locator('#detected li').allTextContents(), ["Detected added column 'things.name'"]);
  assert.equal(await page.locator('#models-check.models-agree').count(), 1, 'the new revision brings the history to the models');
  const text = await page.locator('#editor').inputValue();
  assert.match(text, /"""add thing name/);
  assert.match(text, /    op\.add_column\('things', sa\.Column\('name', sa\.String\(length=50\), nullable=True\)\)\n/);
  assert.match(text, /    op\.drop_column\('things', 'name'\)\n/);
  await page.locator('#up').click();
  const head = await page.locator('#revision-list li').first().getAttribute('data-rev');
  assert.equal((await page.locator('#current').textContent()).trim(), head);
  assert.match(await masterText(page), /name VARCHAR\(50\)/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('seed rows ride along: migrations run over them, reload and share links keep them', async () => {
  const first = await browser.newContext();
  const { page, errors } = await openPage(first);
  await page.locator('#up').click();
  await page.locator('#tab-data').click();
  await page.locator('#seed').fill("INSERT INTO conversations (user_id, title) VALUES ('u1', 'hello'), ('u2', 'world')");
  await page.locator('#seed-form button').click();
  assert.equal((await page.locator('#seed-result').textContent()).trim(), '2 rows changed');
  await page.locator('#seed').fill('DROP TABLE conversations');
  await page.locator('#seed-form button').click();
  assert.match(await page.locator('#seed-result').textContent(), /schema changes belong in revision files/);
  // Migrations run over the seeded rows.
  await pressOnGraph(page, 'End');
  const count = async (p) => {
    await p.locator('#tab-data').click();
    await p.locator('#query').fill('SELECT count(*) FROM conversations');
    await p.locator('#query-form button').click();
    return (await p.locator('#rows tbody td').first().textContent()).trim();
  };
  assert.equal(await count(page), '2');
  const current = (await page.locator('#current').textContent()).trim();
  await page.reload();
  await page.locator('#sqlite-version').waitFor();
  assert.equal((await page.locator('#current').textContent()).trim(), current);
  assert.equal(await count(page), '2', 'the journal replays the seed rows on reload');
  await page.locator('#share').click();
  const link = await page.locator('#share-link').inputValue();
  await first.close();

  const second = await browser.newContext();
  const other = await second.newPage();
  await other.goto(link);
  await other.locator('#sqlite-version').waitFor({ timeout: 10_000 });
  assert.equal((await other.locator('#current').textContent()).trim(), current);
  assert.equal(await count(other), '2', 'a share link carries the seed rows');
  assert.deepEqual(errors, []);
  await second.close();
});

test('Verify finds what `retort verify` finds; its links open the line and run the step', async () => {
  const bin = process.env.RETORT_BIN ?? join(ROOT, 'target', 'debug', 'retort');
  const cli = JSON.parse(execFileSync(bin, ['-c', 'migrations/alembic.ini', 'verify', '--format', 'json'], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  }));
  const { page, errors } = await openPage();
  await page.locator('#tab-verify').click();
  await page.locator('#verify-run').click();
  const summary = (await page.locator('#verify-summary').textContent()).trim();
  assert.match(summary, new RegExp(`^6 of 6 revisions checked: ${cli.summary.error} errors, ${cli.summary.warning} warnings, ${cli.summary.info} notes`));
  // The same findings, in the same order, as the command line.
  const shown = await page.locator('#findings li .message').allTextContents();
  assert.deepEqual(shown, cli.findings.map((f) => f.message));
  assert.ok(shown.some((m) => m.includes('deletes 3 rows of `messages` (ON DELETE CASCADE)')));
  // The file link opens the editor on the operation's line.
  const drop = page.locator('#findings li', { hasText: 'drops column `conversations.guild_id`' });
  await drop.locator('.verify-file').click();
  const selected = await page.locator('#editor').evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected.trim(), 'batch_op.drop_column("guild_id")');
  // The step link runs that step; the Last step tab shows it.
  await page.locator('#tab-verify').click();
  await page.locator('#verify-run').click();
  await page.locator('#findings li', { hasText: 'drops column `conversations.guild_id`' }).locator('.verify-step').click();
  const step = await page.locator('#steps .step').last().locator('h3, h4, .description').first().textContent();
  assert.match(step, /upgrade 5a9e2b7d3c61 -> e7f3a1c58d42/);
  assert.equal((await page.locator('#current').textContent()).trim(), 'e7f3a1c58d42');
  assert.deepEqual(errors, []);
  await page.close();
});

test('hostile revision files end with a clear error and leave the page working', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  const project = (body) => [[
    'hostile/versions/h1_hostile.py',
    `revision = "h1"\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n    op.create_table("t", sa.Column("id", sa.Integer, primary_key=True))\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n\ndef downgrade():\n    op.drop_table("t")\n`,
  ]];
  // What each input must say: the sandbox's limits, and what revision files cannot reach.
  const cases = [
    ['while True:\n    pass', /step budget/],
    ['def f():\n    return f()\nf()', /recursion/i],
    ["s = 'x' * 10**10", /memory/i],
    ['l = [0] * 10**9', /memory/i],
    ['import os\nos.system("ls")', /cannot run processes: `os\.system\(\)` is refused/],
    // The page's files are the project's: nothing of the machine is there to read.
    ["open('/etc/passwd')", /No such file or directory: '\/etc\/passwd'/],
    ["open('out.txt', 'w')", /no file system: `open\(\.\.\., "w"\)` is refused/],
    ["__import__('os')", /__import__/],
    ['().__class__.__bases__', /__bases__/],
    // Nesting the parser would recurse through is refused before it runs, as CPython
    // refuses it (a blank page once: the wasm stack overflowed).
    [`x = ${'('.repeat(2000)}1${')'.repeat(2000)}`, /too many nested parentheses/],
    [`x = ${'1+'.repeat(6000)}1`, /expression too deeply nested/],
    [`x = ${'lambda: '.repeat(3000)}1`, /expression too deeply nested/],
    [`x = ${'not '.repeat(3000)}1`, /expression too deeply nested/],
    // Blocks: CPython's 100 levels of indentation (the native host's stack overflowed once).
    [Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}class C:`).join('\n') + `\n${' '.repeat(100)}pass`, /too many levels of indentation/],
    // Allowed nesting, many calls deep: the nesting limit ends it before the browser's
    // machine stack does (which once threw "Maximum call stack size exceeded" and left the
    // page as it was, silently).
    [`def f(n):\n    return ${'-'.repeat(900)}(f(n - 1) if n else 0)\nf(199)`, /nesting limit: evaluation nested more than 2500 levels deep/],
  ];
  for (const [body, expected] of cases) {
    await dropFiles(page, project(body));
    const t0 = Date.now();
    // Refused when the file loads (the check of what the interpreter runs), or when it runs.
    await page.locator('#load-error, #revision-list li[data-rev="h1"]').first().waitFor();
    let message;
    if (await page.locator('#load-error').count()) {
      message = await page.locator('#load-error').textContent();
    } else {
      await page.locator('#up').click();
      await page.locator('#failure').waitFor();
      message = await page.locator('#failure').textContent();
      assert.match(message, /rolled back/);
      // The step's `create_table("t")` was rolled back with it (the version table, created
      // before any step as Alembic creates it, stays).
      assert.doesNotMatch(await masterText(page), /^table t t$/m, `${body}: the failed step left nothing behind`);
      assert.equal((await page.locator('#current').textContent()).trim(), 'base (empty database)');
    }
    const ms = Date.now() - t0;
    console.error(`hostile ${JSON.stringify(body.slice(0, 40))}${body.length > 40 ? ` (${body.length} chars)` : ""}: ${ms} ms`);
    assert.match(message, /h1_hostile\.py:\d+:\d+/, `${body}: names the file and line`);
    assert.match(message, expected, `${body}: ${message}`);
    // The page still works: the example loads and steps.
    await page.locator('#reset').click();
    await page.locator('#up').click();
    assert.notEqual((await page.locator('#current').textContent()).trim(), 'base (empty database)');
  }
  // What the limits allow runs in the page: 1,000 operators in a row, 200 levels of brackets.
  await dropFiles(page, project(`x = ${'1+'.repeat(1000)}1\ny = ${'-'.repeat(999)}1\nz = ${'['.repeat(200)}x${']'.repeat(200)}\nprint(x, y)`));
  await page.locator('#revision-list li[data-rev="h1"]').waitFor();
  await page.locator('#up').click();
  assert.equal((await page.locator('#current').textContent()).trim(), 'h1');
  assert.match(await page.locator('#steps .output').first().textContent(), /^1001 -1\n?$/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** A project's files under `dir`, as dropped: paths from the folder's own name. */
function folderFiles(dir, name) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}/${e.name}`);
      else out.push([`${rel}/${e.name}`, readFileSync(join(d, e.name), 'utf8')]);
    }
  };
  walk(dir, name);
  return out;
}

test('a 1,000-revision history runs to head with the page responsive, its progress shown, and stops when asked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retort-long-'));
  const context = await browser.newContext();
  try {
    execFileSync('python3', [join(ROOT, 'bench', 'gen_history.py'), '1000', dir]);
    const { page, errors } = await openPage(context);
    const t0 = Date.now();
    await dropFiles(page, folderFiles(dir, 'long'));
    await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 1000, null, { timeout: 60_000 });
    const loadMs = Date.now() - t0;
    const head = await page.locator('#revision-list li').first().getAttribute('data-rev');

    // A heartbeat every 20 ms: how late it ever comes is how long the page was frozen.
    const beat = () => page.evaluate(() => {
      window.gaps = [];
      let last = performance.now();
      window.beat = setInterval(() => { const t = performance.now(); window.gaps.push(t - last); last = t; }, 20);
    });
    const worstGap = () => page.evaluate(() => { clearInterval(window.beat); return Math.max(...window.gaps); });
    await beat();
    const t1 = Date.now();
    await page.locator('#to-head').click();
    // Progress while it runs: which step of how many, and the step buttons held.
    await page.locator('#progress').waitFor();
    assert.match(await page.locator('#progress').textContent(), /step \d+ of 1000: upgrade \w* -> \w+/);
    assert.equal(await page.locator('#up').isDisabled(), true);
    await page.locator('#progress').waitFor({ state: 'hidden', timeout: 120_000 });
    const headMs = Date.now() - t1;
    const headGap = await worstGap();
    assert.equal((await page.locator('#current').textContent()).trim(), head);
    // The last 50 steps drawn whole, the 950 before them listed.
    assert.equal(await page.locator('#steps article.step').count(), 50);
    assert.equal((await page.locator('#earlier-steps summary').textContent()).trim(), '950 earlier steps');
    assert.ok(headGap <= 200, `the page froze for ${headGap.toFixed(0)} ms during the run to head`);
    // It ran in the engine's worker (web/worker.js), the page's thread free.
    assert.deepEqual(page.workers().map((w) => new URL(w.url()).pathname), ['/worker.js']);

    // Verify over the thousand revisions runs there too: the page stays responsive.
    await page.locator('#tab-verify').click();
    await beat();
    const t2 = Date.now();
    await page.locator('#verify-run').click();
    await page.locator('#verifying').waitFor();
    assert.equal(await page.locator('#verify-run').isDisabled(), true);
    await page.locator('#verify-summary').waitFor({ timeout: 300_000 });
    const verifyMs = Date.now() - t2;
    const verifyGap = await worstGap();
    assert.match(await page.locator('#verify-summary').textContent(), /^1000 of 1000 revisions checked/);
    assert.ok(verifyGap <= 200, `the page froze for ${verifyGap.toFixed(0)} ms during Verify`);
    // A thousand findings (each downgrade drops its table): the first hundred drawn, the rest
    // a click away.
    assert.equal(await page.locator('#findings li').count(), 100);
    await page.locator('#findings-more').click();
    assert.equal(await page.locator('#findings li').count(), 1000);

    // Stop: the run down to base ends after the step that was running, the database there.
    await page.locator('#to-base').click();
    await page.locator('#progress').waitFor();
    await page.locator('#cancel').click();
    const stopped = await page.locator('#stopped').textContent();
    const [, done, total] = stopped.match(/Stopped after (\d+) of (\d+) steps/).map(Number);
    assert.equal(total, 1000);
    assert.ok(done > 0 && done < 1000, stopped);
    const current = (await page.locator('#current').textContent()).trim();
    const revs = await page.locator('#revision-list li').evaluateAll((els) => els.map((e) => e.dataset.rev));
    assert.equal(current, revs[done], 'the database is at the last finished step');
    // The journal keeps where it stopped: a reload comes back to the same revision, doing
    // the journal again by slices as well (the page drawn, its progress shown).
    await page.reload();
    await page.locator('#progress').waitFor();
    await beat();
    await page.waitForFunction((rev) => document.querySelector('#current')?.textContent.trim() === rev, current, { timeout: 60_000 });
    const replayGap = await worstGap();
    assert.ok(replayGap <= 200, `the page froze for ${replayGap.toFixed(0)} ms while it replayed its journal`);
    // A Verify in the worker when another project replaces this one (Reset): it is
    // forgotten, and Verify can be asked again of the new project.
    await page.locator('#tab-verify').click();
    await page.locator('#verify-run').click();
    await page.locator('#verifying').waitFor();
    await page.locator('#reset').click();
    await page.locator('#verifying').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#verify-run').isDisabled(), false);
    await page.locator('#verify-run').click();
    await page.locator('#verify-summary').waitFor();
    assert.match(await page.locator('#verify-summary').textContent(), /^6 of 6 revisions checked/);
    console.error(`1,000 revisions in the page: load ${loadMs} ms, head ${headMs} ms (worst gap ${headGap.toFixed(0)} ms), verify ${verifyMs} ms (worst gap ${verifyGap.toFixed(0)} ms), stopped after ${done} steps down, replayed after a reload (worst gap ${replayGap.toFixed(0)} ms)`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a long run without the engine\'s worker (its script refused) is done on the page\'s thread, with the same result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retort-30-'));
  const context = await browser.newContext();
  try {
    execFileSync('python3', [join(ROOT, 'bench', 'gen_history.py'), '30', dir]);
    const files = folderFiles(dir, 'thirty');
    const headOf = async (page) => {
      await dropFiles(page, files);
      await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 30);
      const head = await page.locator('#revision-list li').first().getAttribute('data-rev');
      await page.locator('#to-head').click();
      await page.waitForFunction((rev) => document.querySelector('#current')?.textContent.trim() === rev, head);
      await page.locator('#tab-schema').click();
      return masterText(page);
    };
    const { page, errors } = await openPage(context);
    const withWorker = await headOf(page);
    assert.equal(page.workers().length, 1, 'the run went to the worker');

    // (No service worker: its fetches would not pass the route.)
    const bare = await browser.newContext({ serviceWorkers: 'block' });
    let refusedLoads = 0;
    await bare.route('**/worker.js', (route) => { refusedLoads += 1; return route.abort(); });
    const refused = await bare.newPage();
    const pageErrors = [];
    refused.on('pageerror', (e) => pageErrors.push(e.message));
    await refused.goto(server.url);
    await refused.locator('#sqlite-version').waitFor();
    const without = await headOf(refused);
    assert.equal(refusedLoads, 1, 'the page asked for its worker once, and was refused');
    assert.match(withWorker, /^table table_29 table_29$/m);
    assert.equal(without, withWorker, 'the same schema either way');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(errors, []);
    await bare.close();
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a project that did not finish opening is not run again unasked: it is set aside, to restore or discard', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openPage(context);
  await dropFiles(page, setFiles('fail_sql'));
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  await page.locator('#up').click();
  // What a visit leaves when the project stops the page while opening (a wasm trap): the
  // mark set before opening, never cleared.
  await page.evaluate(() => localStorage.setItem('retort.opening', '1'));
  await page.reload();
  await page.locator('#load-error').waitFor();
  assert.match(await page.locator('#load-error').textContent(),
    /The last visit did not finish opening the project kept in this browser: it may have stopped the page, so it was not run again\. It is set aside/);
  const ids = readdirSync(VERSIONS).filter((f) => f.endsWith('.py'));
  assert.equal(await page.locator('#revision-list li').count(), ids.length, 'the example opened instead');
  // A normal visit clears the mark: restoring opens the project where it was.
  await page.locator('#restore').click();
  await page.waitForFunction(() => document.querySelectorAll('#revision-list li').length === 2);
  assert.equal((await page.locator('#current').textContent()).trim(), '1a2b3c4d5e6f');
  assert.equal(await page.evaluate(() => localStorage.getItem('retort.opening')), null);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Drops files on the page, some of them binary (`{ bytes: Buffer }`): a database file. */
async function dropBinary(page, files) {
  const dt = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const [path, v] of files) {
      const body = typeof v === 'string' ? v : Uint8Array.from(atob(v.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([body], path));
    }
    return dt;
  }, files.map(([p, v]) => [p, typeof v === 'string' ? v : { base64: v.toString('base64') }]));
  await page.locator('.layout').dispatchEvent('drop', { dataTransfer: dt });
}

test('your own database: dropped with its project, stepped on a copy as real Alembic steps the file, downloaded, kept across a reload, its drift shown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retort-owndb-'));
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const rev = (id, down, up, downBody) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = '${id}'\ndown_revision = ${down}\n\n\ndef upgrade():\n${up}\n\n\ndef downgrade():\n${downBody}\n`;
    const files = {
      'alembic.ini': '[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///app.db\n',
      'migrations/env.py': "from alembic import context\nfrom sqlalchemy import engine_from_config, pool\n\nconfig = context.config\nconnectable = engine_from_config(config.get_section(config.config_ini_section), prefix='sqlalchemy.', poolclass=pool.NullPool)\nwith connectable.connect() as connection:\n    context.configure(connection=connection)\n    with context.begin_transaction():\n        context.run_migrations()\n",
      'migrations/script.py.mako': '',
      'migrations/versions/a1.py': rev('a1', 'None', "    op.create_table('posts', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('title', sa.String(80)))", "    op.drop_table('posts')"),
      'migrations/versions/b2.py': rev('b2', "'a1'", "    op.add_column('posts', sa.Column('author', sa.String(40)))\n    op.create_index('ix_posts_title', 'posts', ['title'])", "    op.drop_index('ix_posts_title', table_name='posts')\n    op.drop_column('posts', 'author')"),
      'migrations/versions/c3.py': rev('c3', "'b2'", "    with op.batch_alter_table('posts') as b:\n        b.alter_column('author', existing_type=sa.String(40), nullable=False)", "    with op.batch_alter_table('posts') as b:\n        b.alter_column('author', existing_type=sa.String(40), nullable=True)"),
    };
    for (const [p, t] of Object.entries(files)) {
      execFileSync('mkdir', ['-p', dirname(join(dir, 'project', p))]);
      writeFileSync(join(dir, 'project', p), t);
    }
    const project = join(dir, 'project');
    const py = (code, ...args) => execFileSync(join(VENV, 'bin', 'python'), ['-c', code, ...args], { encoding: 'utf8' });
    const alembic = (...args) => {
      try {
        return execFileSync(join(VENV, 'bin', 'alembic'), args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        return `${e.stdout}${e.stderr}`;
      }
    };
    // What a file holds: sqlite_master, every table's rows, in order.
    const dump = (file) => py(`
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
out = []
for t, n, tb, s in c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"):
    out.append(f"{t} {n} {tb}\\n{s}")
    if t == "table":
        out.extend(repr(r) for r in c.execute(f'SELECT * FROM "{n}" ORDER BY 1'))
print("\\n".join(out))
`, file);
    // Real Alembic makes the database at b2; rows are added, one without the author c3 needs.
    alembic('upgrade', 'b2');
    py(`import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO posts (title, author) VALUES ('first', 'ann'), ('second', NULL)")
c.commit()`, join(project, 'app.db'));
    const original = readFileSync(join(project, 'app.db'));

    const { page, errors } = await openPage(context);
    await dropBinary(page, [...Object.entries(files).map(([p, t]) => [`project/${p}`, t]), ['app.db', original]]);
    await page.locator('#database-name').waitFor();
    assert.equal((await page.locator('#database-name').textContent()).trim(), 'app.db');
    assert.equal((await page.locator('#current').textContent()).trim(), 'b2', 'the graph stands where the file does');
    await page.waitForFunction(() => document.querySelector('#revision-list li[data-rev="b2"]').classList.contains('current'));
    assert.equal(await page.locator('#revision-list li.current').count(), 1);

    // To head: c3 fails on the real row without an author, as under real Alembic.
    await page.locator('#to-head').click();
    await page.locator('#failure').waitFor();
    const failure = await page.locator('#failure pre.error').textContent();
    const copy = join(dir, 'copy.db');
    writeFileSync(copy, original);
    writeFileSync(join(project, 'app.db'), original);
    const alembicFailed = alembic('upgrade', 'head');
    const reason = 'NOT NULL constraint failed: _alembic_tmp_posts.author';
    assert.match(alembicFailed, new RegExp(reason));
    assert.match(failure, new RegExp(reason));
    assert.equal((await page.locator('#current').textContent()).trim(), 'b2');

    // The row fixed (seed rows in the page; sqlite3 on the copy Alembic runs on), then head.
    writeFileSync(join(project, 'app.db'), original);
    const fix = "UPDATE posts SET author = 'nobody' WHERE author IS NULL";
    py(`import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()`, join(project, 'app.db'), fix);
    alembic('upgrade', 'head');
    await page.locator('#tab-data').click();
    await page.locator('#seed').fill(fix);
    await page.locator('#seed-form button').click();
    assert.equal((await page.locator('#seed-result').textContent()).trim(), '1 row changed');
    await page.locator('#to-head').click();
    await page.waitForFunction(() => document.querySelector('#current').textContent.trim() === 'c3');

    // The download is a real SQLite file holding what real Alembic left in its copy.
    const download = page.waitForEvent('download');
    await page.locator('#download-database').click();
    const saved = join(dir, 'downloaded.db');
    const d = await download;
    assert.equal(d.suggestedFilename(), 'app.c3.db');
    await d.saveAs(saved);
    assert.equal(dump(saved), dump(join(project, 'app.db')));
    assert.match(dump(saved), /\('c3',\)/);
    assert.deepEqual(readFileSync(join(dir, 'copy.db')), original, 'nothing wrote the dropped file');

    // No drift at head; the page keeps the database across a reload, where it stood.
    await page.locator('#drift').click();
    assert.match(await page.locator('#drift-result').textContent(), /No drift: the schema is what the history builds at c3/);
    await page.reload();
    await page.locator('#database-name').waitFor();
    await page.waitForFunction(() => document.querySelector('#current').textContent.trim() === 'c3');

    // A database changed by hand, dropped alone: drift names the column, as `retort drift` does.
    const drifted = join(dir, 'drifted.db');
    writeFileSync(drifted, original);
    py(`import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("ALTER TABLE posts ADD COLUMN legacy_code TEXT"); c.execute("DROP INDEX ix_posts_title"); c.commit()`, drifted);
    await dropBinary(page, [['drifted.db', readFileSync(drifted)]]);
    await page.waitForFunction(() => document.querySelector('#database-name').textContent.trim() === 'drifted.db');
    assert.equal((await page.locator('#current').textContent()).trim(), 'b2');
    await page.locator('#drift').click();
    const pageDrift = await page.locator('#drift-result li').allTextContents();
    await page.screenshot({ path: join(tmpdir(), 'retort-own-database.png') });
    const bin = process.env.RETORT_BIN ?? join(ROOT, 'target', 'debug', 'retort');
    let cli = '';
    try {
      execFileSync(bin, ['drift', '--db', drifted], { cwd: project, encoding: 'utf8' });
    } catch (e) {
      assert.equal(e.status, 1, 'drift exits 1 on differences');
      cli = e.stdout;
    }
    assert.deepEqual(pageDrift.sort(), ['column `posts.legacy_code` exists in your database but in no revision', 'index `ix_posts_title` on `posts` is missing from your database'].sort());
    for (const line of pageDrift) assert.ok(cli.includes(line), `the CLI says it too: ${line}\n${cli}`);

    // What is not a database says so, and changes nothing.
    await dropBinary(page, [['notes.db', 'CREATE TABLE posts (id INTEGER);\n'.repeat(20)]]);
    await page.locator('#load-error').waitFor();
    assert.match(await page.locator('#load-error').textContent(), /notes\.db is not an SQLite database/);
    assert.equal((await page.locator('#database-name').textContent()).trim(), 'drifted.db');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a review link from `retort share --base` (and `retort review`): the page at the base\'s head, the PR\'s revisions marked and reviewed, the schema before and after as real Alembic leaves it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retort-review-'));
  const context = await browser.newContext();
  try {
    const rev = (id, down, up, downBody) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = '${id}'\ndown_revision = ${down}\n\n\ndef upgrade():\n${up}\n\n\ndef downgrade():\n${downBody}\n`;
    const write = (p, t) => { execFileSync('mkdir', ['-p', dirname(join(dir, p))]); writeFileSync(join(dir, p), t); };
    write('alembic.ini', '[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///app.db\n');
    write('migrations/env.py', "from alembic import context\nfrom sqlalchemy import engine_from_config, pool\n\nconfig = context.config\nconnectable = engine_from_config(config.get_section(config.config_ini_section), prefix='sqlalchemy.', poolclass=pool.NullPool)\nwith connectable.connect() as connection:\n    context.configure(connection=connection)\n    with context.begin_transaction():\n        context.run_migrations()\n");
    write('migrations/script.py.mako', '');
    write('migrations/versions/a1.py', rev('a1', 'None', "    op.create_table('posts', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('title', sa.String(80)), sa.Column('legacy', sa.String(20)))", "    op.drop_table('posts')"));
    write('migrations/versions/b2.py', rev('b2', "'a1'", "    op.create_index('ix_posts_title', 'posts', ['title'])", "    op.drop_index('ix_posts_title', table_name='posts')"));
    const git = (...args) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    // The PR: a column dropped (with its values), a table added.
    write('migrations/versions/c3.py', rev('c3', "'b2'", "    with op.batch_alter_table('posts') as b:\n        b.drop_column('legacy')", "    with op.batch_alter_table('posts') as b:\n        b.add_column(sa.Column('legacy', sa.String(20)))"));
    write('migrations/versions/d4.py', rev('d4', "'c3'", "    op.create_table('tags', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(40), nullable=False))", "    op.drop_table('tags')"));
    git('add', '.');
    git('commit', '-qm', 'pr');
    const bin = process.env.RETORT_BIN ?? join(ROOT, 'target', 'debug', 'retort');
    const review = JSON.parse(execFileSync(bin, ['review', '--base', 'HEAD~1', '--format', 'json', '--base-url', server.url], { cwd: dir, encoding: 'utf8' }));
    assert.deepEqual(review.new_revisions.map((r) => r.revision), ['c3', 'd4']);

    // Real Alembic's databases at the base's head and at the PR's.
    const master = () => execFileSync(join(VENV, 'bin', 'python'), ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
sys.stdout.write("\\n".join(f"{t} {n} {tb}\\n{'NULL' if s is None else s}\\n" for t, n, tb, s in rows))
`, join(dir, 'app.db')], { encoding: 'utf8' });
    const alembic = (...args) => execFileSync(join(VENV, 'bin', 'alembic'), args, { cwd: dir, stdio: 'ignore' });
    alembic('upgrade', 'b2');
    const before = master();
    alembic('upgrade', 'head');
    const after = master();

    const { page, errors } = await openPage(context);
    // `retort share --base` makes the same link alone.
    const shared = execFileSync(bin, ['share', '--base', 'HEAD~1', '--base-url', server.url], { cwd: dir, encoding: 'utf8' }).trim();
    assert.equal(shared, review.link);
    await page.goto(shared);
    await page.locator('#review').waitFor();
    await page.waitForFunction(() => document.querySelector('#current').textContent.trim() === 'b2');
    assert.deepEqual(await page.locator('#revision-list li.new').evaluateAll((els) => els.map((e) => e.dataset.rev)), ['d4', 'c3'], 'the PR\'s revisions are marked');
    assert.deepEqual(await page.locator('#review-revisions > li').evaluateAll((els) => els.map((e) => e.dataset.rev)), ['c3', 'd4']);
    assert.match(await page.locator('#review-heads').textContent(), /one head \(d4\)/);
    assert.equal(await masterText(page), before, 'the database at the base\'s head, as Alembic leaves it');
    const schema = await page.locator('#review-schema li').allTextContents();
    assert.ok(schema.some((c) => /legacy/.test(c)) && schema.some((c) => /tags/.test(c)), `the schema changes name the dropped column and the new table: ${schema}`);
    assert.deepEqual(schema, review.schema_changes, 'the same changes as `retort review` prints');
    const drop = await page.locator('#review-findings li[data-rev="c3"]').allTextContents();
    assert.ok(drop.some((f) => /RT102/.test(f) && /legacy/.test(f)), `the dropped column is found on c3: ${drop}`);
    await page.screenshot({ path: join(tmpdir(), 'retort-review.png') });
    // Stepping through the PR from there gives Alembic's schema at its head.
    await page.locator('#to-head').click();
    await page.waitForFunction(() => document.querySelector('#current').textContent.trim() === 'd4');
    assert.equal(await masterText(page), after);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
