// The npm package (scripts/build-npm.sh): its packed tarball installed by npm into a scratch
// folder, then imported by name in Node (both builds) and in Chromium, and run beside real
// Alembic; and docs/embed.html's two <retort-playground> elements.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, serveDir } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VENV = process.env.RETORT_VENV ?? join(process.env.HOME, '.cache', 'retort', 'venv');
const NPM_DIST = join(ROOT, 'dist-npm');

/** {path: text} of a folder's files, paths relative to `base`. */
function readTree(dir, base = ROOT, out = {}) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__pycache__') readTree(path, base, out);
    } else {
      out[relative(base, path)] = readFileSync(path, 'utf8');
    }
  }
  return out;
}

/** Writes `files` under a fresh folder; runs real Alembic there (`alembic -c ini ...args`);
 * returns its stdout. */
function alembic(files, ini, ...args) {
  const dir = mkdtempSync(join(tmpdir(), 'retort-npm-oracle-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return execFileSync(join(VENV, 'bin', 'alembic'), ['-c', ini, ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `files` under a fresh folder; runs real Alembic there (`alembic -c ini upgrade
 * heads`); returns sqlite_master's rows as the package gives them. */
function alembicMaster(files, ini) {
  const dir = mkdtempSync(join(tmpdir(), 'retort-npm-oracle-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    execFileSync(join(VENV, 'bin', 'alembic'), ['-c', ini, 'upgrade', 'heads'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const db = readdirSync(dir).find((f) => f.endsWith('.db'));
    return JSON.parse(execFileSync(join(VENV, 'bin', 'python'), ['-c', `
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
print(json.dumps([{"type": t, "name": n, "tbl_name": tb, **({} if s is None else {"sql": s})} for t, n, tb, s in rows]))
`, join(dir, db)], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const EXAMPLE = readTree(join(ROOT, 'migrations'));
let installed; // the scratch folder the tarball is installed in
let oracle; // Alembic's sqlite_master for the example at head
let oracleOffline; // Alembic's `upgrade base:<second revision> --sql`, and the downgrade back

before(() => {
  const tarballs = readdirSync(NPM_DIST).filter((f) => /^retort-engine-js-.*\.tgz$/.test(f));
  assert.equal(tarballs.length, 1, `one packed tarball in ${NPM_DIST} (bash scripts/build-npm.sh)`);
  installed = mkdtempSync(join(tmpdir(), 'retort-npm-'));
  writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'npm-test', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(NPM_DIST, tarballs[0])], { cwd: installed, stdio: 'inherit' });
  writeFileSync(join(installed, 'example.json'), JSON.stringify(EXAMPLE));
  oracle = alembicMaster(EXAMPLE, 'migrations/alembic.ini');
  const second = readdirSync(join(ROOT, 'migrations', 'versions')).sort()[1].split('_')[2];
  oracleOffline = {
    up: alembic(EXAMPLE, 'migrations/alembic.ini', 'upgrade', `base:${second}`, '--sql'),
    down: alembic(EXAMPLE, 'migrations/alembic.ini', 'downgrade', `${second}:base`, '--sql'),
  };
});
after(() => rmSync(installed, { recursive: true, force: true }));

/** Runs `code` (an ES module) with Node in the install folder; its stdout parsed as JSON. */
function node(code, flags = []) {
  writeFileSync(join(installed, 'script.mjs'), code);
  const r = spawnSync(process.execPath, [...flags, 'script.mjs'], { cwd: installed, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

// What both builds are asked, the same in Node and in the browser.
const EXERCISE = `
const files = EXAMPLE;
const p = Project.open(files);
const out = { heads: p.heads(), plan: p.plan('head') };
const run = p.upgrade('head');
out.steps = run.steps.map((s) => ({ description: s.description, version: s.version, sql: s.statements.length }));
out.failure = run.failure ?? null;
out.master = p.schema().master;
out.current = p.current();
out.tables = p.schema().tables.map((t) => t.name);
out.query = p.query('SELECT version_num FROM alembic_version');
const second = p.history().at(-2).revision;
out.offline = p.offlineSql('base:' + second);
out.offlineDown = p.offlineSql(second + ':base', true);
try { Project.open({ 'versions/a1_x.py': 'revision = "a1"\\ndown_revision = None\\ndef upgrade(:\\n    pass\\n' }); }
catch (e) { out.openError = { name: e.name, isError: e instanceof Error, file: e.file, line: e.line, column: e.column, message: e.message }; }
const bad = Project.open({ 'versions/a1_x.py': 'from alembic import op\\nrevision = "a1"\\ndown_revision = None\\ndef upgrade():\\n    op.execute("CREATE TABLE t (x)")\\n    op.alter_column("t", "x", new_column_name="y", nullable=False)\\n' });
const failed = bad.upgrade('head');
out.stepFailure = { steps: failed.steps.length, file: failed.failure?.file, line: failed.failure?.line, master: bad.schema().master.length };
try { p.upgrade('nonexistent'); } catch (e) { out.planError = { name: e.name, message: e.message }; }
const link = p.share(out.current[0]);
const shared = Project.openShared('https://example.invalid/#' + link);
out.shared = { revision: shared.linkRevision, current: shared.current() };
`;

function checkExercise(out, where) {
  assert.deepEqual(out.master, oracle, `${where}: sqlite_master at head as Alembic leaves it`);
  assert.equal(out.steps.length, 6, where);
  assert.equal(out.failure, null, where);
  assert.deepEqual(out.current, out.heads, where);
  assert.equal(out.plan.direction, 'upgrade');
  assert.deepEqual(out.plan.steps, out.steps.map((s) => s.description));
  assert.match(out.steps[0].description, /^upgrade  -> 3f2a9c1d7e4b, initial conversation store$/);
  assert.deepEqual(out.query, { columns: ['version_num'], rows: [out.heads] });
  assert.equal(out.offline, oracleOffline.up, `${where}: upgrade --sql as Alembic prints it`);
  assert.equal(out.offlineDown, oracleOffline.down, `${where}: downgrade --sql as Alembic prints it`);
  assert.deepEqual(
    { ...out.openError, message: undefined },
    { name: 'RetortError', isError: true, file: 'versions/a1_x.py', line: 3, column: 13, message: undefined },
    `${where}: a syntax error names file, line and column`,
  );
  assert.match(out.openError.message, /versions\/a1_x\.py:3:13: SyntaxError/);
  // The ALTER that SQLite cannot run: the step rolled back whole (the version table, made
  // before it, stays as under Alembic), located in the file.
  assert.deepEqual(out.stepFailure, { steps: 0, file: 'versions/a1_x.py', line: 6, master: 2 }, where);
  assert.equal(out.planError.name, 'RetortError');
  assert.match(out.planError.message, /Can't locate revision identified by 'nonexistent'/);
  assert.deepEqual(out.shared, { revision: out.heads[0], current: out.heads }, where);
}

test('npm package, bundler build: installed from its tarball, imported by name in Node, runs the example as Alembic does', () => {
  const out = node(`
import { readFileSync } from 'node:fs';
import { Project } from 'retort-engine-js';
const EXAMPLE = JSON.parse(readFileSync('example.json', 'utf8'));
${EXERCISE}
console.log(JSON.stringify(out));
`, ['--experimental-wasm-modules', '--no-warnings']);
  checkExercise(out, 'bundler build in Node');
});

test('npm package, web build: in Node given the wasm bytes; types and files as packed', () => {
  const out = node(`
import { readFileSync } from 'node:fs';
import init, { Project } from 'retort-engine-js/web';
await init({ module_or_path: readFileSync(new URL(import.meta.resolve('retort-engine-js/web/retort_bg.wasm'))) });
const EXAMPLE = JSON.parse(readFileSync('example.json', 'utf8'));
${EXERCISE}
console.log(JSON.stringify(out));
`);
  checkExercise(out, 'web build in Node');
  const pkg = join(installed, 'node_modules', 'retort-engine-js');
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  const workspace = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"$/m)[1];
  assert.equal(manifest.version, workspace, "the package's version is the workspace's");
  // The TypeScript types are generated from the Rust values (tsify), not written by hand.
  const dts = readFileSync(join(pkg, 'bundler', 'retort.d.ts'), 'utf8');
  for (const decl of [
    /export interface RunResult \{\s*steps: Step\[\];\s*failure\?: Failure;\s*\}/,
    /upgrade\(target: string\): RunResult;/,
    /static open\(files: Files\): Project;/,
    /export interface RetortError extends Error/,
    /export type Files = Record<string, string>;/,
  ]) {
    assert.match(dts, decl);
  }
  assert.match(readFileSync(join(pkg, 'playground.d.ts'), 'utf8'), /'retort-playground': RetortPlayground/);
});

test('npm package: a model change autogenerated as Alembic writes it; verify and revision', () => {
  const model = 'migrations/models/conversation.py';
  const edited = { ...EXAMPLE };
  edited[model] = EXAMPLE[model].replace('        comment="User preferences JSON",\n    )\n', '        comment="User preferences JSON",\n    )\n    language: Mapped[str | None] = mapped_column(String(8), index=True)\n');
  assert.notEqual(edited[model], EXAMPLE[model], 'the model file has the line the edit follows');
  writeFileSync(join(installed, 'edited.json'), JSON.stringify(edited));
  const out = node(`
import { readFileSync } from 'node:fs';
import init, { Project } from 'retort-engine-js/web';
await init({ module_or_path: readFileSync(new URL(import.meta.resolve('retort-engine-js/web/retort_bg.wasm'))) });
const p = Project.open(JSON.parse(readFileSync('edited.json', 'utf8')));
const out = {};
try { p.autogenerate('too early'); } catch (e) { out.notAtHead = { name: e.name, message: e.message }; }
p.upgrade('head');
out.generated = p.autogenerate('add conversation language', { revId: 'abc123def456', date: Date.UTC(2026, 11, 4, 9, 30) });
out.revision = p.revision('empty one', { revId: 'fed654cba321' });
const report = p.verify();
out.verify = { revisions: report.revisions, checked: report.checked, stopped: report.stopped ?? null, codes: report.findings.map((f) => f.code), located: report.findings.filter((f) => f.file).map((f) => [f.file, f.line]) };
console.log(JSON.stringify(out));
`);
  assert.equal(out.notAtHead.name, 'RetortError');
  assert.match(out.notAtHead.message, /Target database is not up to date\./);
  const dir = mkdtempSync(join(tmpdir(), 'retort-npm-oracle-'));
  try {
    for (const [path, text] of Object.entries(edited)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = (...args) => execFileSync(join(VENV, 'bin', 'alembic'), ['-c', 'migrations/alembic.ini', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const written = (id) => {
      const versions = join(dir, 'migrations', 'versions');
      const name = readdirSync(versions).find((f) => f.includes(id));
      return { path: `migrations/versions/${name}`, text: readFileSync(join(versions, name), 'utf8') };
    };
    run('upgrade', 'head');
    // Each file from the same history (the package adds neither to its project).
    run('revision', '-m', 'empty one', '--rev-id', 'fed654cba321');
    const empty = written('fed654cba321');
    rmSync(join(dir, empty.path));
    const logged = spawnSync(join(VENV, 'bin', 'alembic'), ['-c', 'migrations/alembic.ini', 'revision', '--autogenerate', '-m', 'add conversation language', '--rev-id', 'abc123def456'], { cwd: dir, encoding: 'utf8' });
    assert.equal(logged.status, 0, logged.stderr);
    const noDate = (t) => t.replace(/^Create Date: .*$/m, '');
    // The file name follows the ini's file_template, which has the date in it: compare the rest.
    const alembicAuto = written('abc123def456');
    assert.equal(noDate(out.generated.text), noDate(alembicAuto.text));
    assert.match(out.generated.text, /^Create Date: 2026-12-04 09:30:00(\+00:00)?$/m);
    assert.equal(out.generated.path.replace(/\d{8}_\d{4}_/, ''), alembicAuto.path.replace(/\d{8}_\d{4}_/, ''));
    // What Alembic logs of it (set order: compared order-free).
    const detected = (lines) => lines.map((l) => l.match(/Detected .*/)?.[0]).filter(Boolean).sort();
    assert.deepEqual(detected(out.generated.log), detected((logged.stdout + logged.stderr).split('\n')));
    assert.equal(detected(out.generated.log).length, 2, out.generated.log.join('\n'));
    assert.equal(noDate(out.revision.text), noDate(empty.text));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Verify over the history: every revision checked; the models' new column is RT009's finding.
  assert.deepEqual({ ...out.verify, codes: undefined, located: undefined }, { revisions: 6, checked: 6, stopped: null, codes: undefined, located: undefined });
  assert.ok(out.verify.codes.includes('RT009'), `RT009 among ${out.verify.codes}`);
  for (const [file, line] of out.verify.located) {
    assert.ok(file in edited && line > 0, `a finding located at ${file}:${line}`);
  }
});

test('npm package in Chromium: the web build, imported from the installed tarball, runs the example as Alembic does', async () => {
  const server = await serveDir(installed);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    const out = await page.evaluate(async (exercise) => {
      const { default: init, Project } = await import('/node_modules/retort-engine-js/web/retort.js');
      await init();
      const EXAMPLE = await (await fetch('/example.json')).json();
      // The same exercise as in Node, as a function body (this test page has no CSP).
      return new Function('Project', 'EXAMPLE', `${exercise}; return out;`)(Project, EXAMPLE);
    }, EXERCISE);
    checkExercise(out, 'web build in Chromium');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});

test('docs/embed.html: two <retort-playground>s, inline and by URL, step as Alembic does', async () => {
  // The example JSON is the example project, byte for byte.
  const example = JSON.parse(readFileSync(join(ROOT, 'docs', 'embed', 'example.json'), 'utf8'));
  assert.deepEqual(example, EXAMPLE, 'docs/embed/example.json is migrations/ as JSON: regenerate it');
  cpSync(join(ROOT, 'docs', 'embed.html'), join(installed, 'docs', 'embed.html'));
  cpSync(join(ROOT, 'docs', 'embed'), join(installed, 'docs', 'embed'), { recursive: true });
  // The inline project, read from the page as the element reads it, for Alembic.
  const html = readFileSync(join(ROOT, 'docs', 'embed.html'), 'utf8');
  const inline = {};
  for (const m of html.matchAll(/<script type="text\/x-python" data-path="([^"]+)">\r?\n([\s\S]*?)<\/script>/g)) inline[m[1]] = m[2];
  assert.equal(Object.keys(inline).length, 2);
  const inlineOracle = alembicMaster({
    ...inline,
    'alembic.ini': '[alembic]\nscript_location = .\nsqlalchemy.url = sqlite:///embed.db\n',
    'env.py': readFileSync(join(ROOT, 'migrations', 'env.py'), 'utf8').replace(/^from migrations\.models import Base\n/m, '').replace('target_metadata = Base.metadata', 'target_metadata = None').replace(/^if config\.config_file_name[^\n]*\n[^\n]*\n/m, ''),
  }, 'alembic.ini');

  const server = await serveDir(installed);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}docs/embed.html`);
    const batch = page.locator('#batch');
    const example = page.locator('#example');
    await batch.locator('li').first().waitFor();
    await example.locator('li').first().waitFor();
    assert.equal(await example.locator('li').count(), 6);
    assert.match(await batch.locator('.position').textContent(), /at base/);
    await batch.getByRole('button', { name: '+1' }).click();
    assert.match(await batch.locator('.position').textContent(), /at a1/);
    await batch.getByRole('button', { name: '+1' }).click();
    assert.match(await batch.locator('.position').textContent(), /at b2/);
    // The batch step's SQL: the table copied into a new one, dropped, renamed.
    const sql = await batch.locator('pre.sql').textContent();
    assert.match(sql, /CREATE TABLE _alembic_tmp_notes/);
    assert.match(sql, /ALTER TABLE _alembic_tmp_notes RENAME TO notes/);
    assert.deepEqual(await batch.locator('.schema caption').allTextContents(), ['alembic_version (1 row)', 'notes (2 rows)']);
    const master = await batch.evaluate((el) => el.project.schema().master);
    assert.deepEqual(master, inlineOracle, 'the inline project at head as Alembic leaves it');
    await example.getByRole('button', { name: 'Head' }).click();
    assert.deepEqual(await example.evaluate((el) => el.project.schema().master), oracle);
    assert.equal(await example.locator('pre.sql').count(), 6);
    await page.screenshot({ path: join(tmpdir(), 'retort-embed.png'), fullPage: true });
    await example.getByRole('button', { name: 'Base' }).click();
    assert.match(await example.locator('.position').textContent(), /at base/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});

test('<retort-playground>: markup in a project stays text, and a broken project says why', async () => {
  writeFileSync(join(installed, 'hostile.html'), `<!DOCTYPE html><meta charset="utf-8">
<script type="module" src="/node_modules/retort-engine-js/playground.js"></script>
<retort-playground id="hostile"><script type="application/json">${JSON.stringify({
    'versions/a1_x.py': '"""<img src=x onerror="window.pwned=1">"""\nrevision = "a1"\ndown_revision = None\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n',
  }).replace(/</g, '\\u003c')}</script></retort-playground>
<retort-playground id="broken"><script type="text/x-python" data-path="versions/a1_x.py">
revision = "a1"
down_revision = None
def upgrade(:
    pass
</script></retort-playground>`);
  const server = await serveDir(installed);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}hostile.html`);
    await page.locator('#hostile li').waitFor();
    assert.equal(await page.locator('#hostile .doc').textContent(), '<img src=x onerror="window.pwned=1">');
    assert.equal(await page.locator('#hostile img').count(), 0);
    await page.locator('#hostile').getByRole('button', { name: 'Head' }).click();
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    const broken = page.locator('#broken pre.failure');
    await broken.waitFor();
    assert.match(await broken.textContent(), /versions\/a1_x\.py:3:13: SyntaxError/);
  } finally {
    await browser.close();
    server.close();
  }
});
