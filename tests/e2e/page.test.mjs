// The page, opened as a user opens it: served over HTTP, run by a real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launchBrowser } from './harness.mjs';

const VERSIONS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations', 'versions');
let server, browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('the page loads the embedded example and runs SQLite in the tab', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url);

  const version = await page.locator('#sqlite-version').textContent({ timeout: 10_000 });
  assert.match(version, /^3\.\d+\.\d+$/, 'SQLite reports its version from inside the wasm');

  // The listed files are exactly the example's revision files, in Alembic's (sorted) order.
  const expected = readdirSync(VERSIONS).filter((f) => f.endsWith('.py') && !f.startsWith('__init__')).sort();
  const listed = await page.locator('#revision-files li').allTextContents();
  assert.deepEqual(listed, expected);
  assert.ok(expected.length >= 6, 'the example has a realistic history');

  // The statement the engine ran is really in the tab's sqlite_master, in SQLAlchemy's layout.
  const ddl = await page.locator('#version-table-sql').textContent();
  assert.equal(
    ddl,
    'CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)',
  );
  // The history the engine computed in the tab is what real Alembic prints for the example.
  const venv = process.env.RETORT_VENV ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'retort', 'venv');
  const oracle = execFileSync(join(venv, 'bin', 'alembic'), ['-c', 'migrations/alembic.ini', 'history'], {
    cwd: join(VERSIONS, '..', '..'),
    encoding: 'utf8',
  });
  assert.equal(await page.locator('#history').textContent(), oracle);

  assert.deepEqual(errors, [], 'no errors in the console');
  await page.close();
});
