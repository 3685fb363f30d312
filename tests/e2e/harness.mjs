// Shared pieces of the browser tests: serve dist/ on a free loopback port, open Chromium.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.RETORT_DIST ?? join(ROOT, 'dist');

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
