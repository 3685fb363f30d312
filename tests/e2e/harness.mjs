// Shared pieces of the browser tests: serve dist/ on a free loopback port, open Chromium.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.RETORT_DIST ?? join(ROOT, 'dist');

/**
 * What a first visit downloads: every wasm, JS, CSS and HTML file of dist/, its size raw and
 * as GNU gzip at level 9 writes it (Node's zlib at the same level writes ~0.5% more), the
 * measure of the page's budget and of docs/benchmarks.md.
 */
export function shipped() {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.(wasm|js|css|html)$/.test(e.name)) files.push(join(d, e.name));
    }
  };
  walk(DIST);
  const raw = files.reduce((a, f) => a + statSync(f).size, 0);
  const gzip = files.reduce((a, f) => a + execFileSync('gzip', ['-9c', f], { maxBuffer: 1 << 26 }).length, 0);
  return { files, raw, gzip };
}

/** Serves the built page (dist/); resolves to { url, close }. */
export async function serveDist() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the page first (bash scripts/build-web.sh)`);
  }
  return serveDir(DIST);
}

/** Starts scripts/serve.py over `dir` on an ephemeral port; resolves to { url, close }. */
export async function serveDir(dir) {
  const server = spawn('python3', [join(ROOT, 'scripts', 'serve.py'), '--dir', dir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve(m[0]);
    });
    server.on('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
    setTimeout(() => reject(new Error('serve.py did not print its URL within 10 s')), 10_000);
  });
  return { url, close: () => server.kill() };
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}
