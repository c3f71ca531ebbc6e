// The Rust example (examples/rust-wasm-app), built from the crate's Rust API (typed models,
// Client<FetchTransport>, ui_helpers), logs in against the real Kratos in Chromium.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stack } from '../harness/context.mjs';
import { REPO_ROOT, MIME } from '../harness/static.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, register } from './sdk.mjs';

const APP = path.join(REPO_ROOT, 'examples', 'rust-wasm-app');

describe('Rust wasm app on the Rust API', () => {
  before(() => {
    execFileSync(path.join(APP, 'build.sh'), { stdio: 'inherit' });
    stack().server.route(/^\/__rust__\//, async (req, res, { url }) => {
      const rel = decodeURIComponent(url.pathname.slice('/__rust__/'.length)) || 'index.html';
      const file = path.resolve(APP, rel);
      if (!file.startsWith(APP + path.sep)) { res.writeHead(403); return res.end(); }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404);
        res.end();
      }
    });
  });

  test('logs in with the password method and shows the session (typed decode in Rust)', async () => {
    const s = stack();
    const email = uniqueEmail('rust');
    const password = strongPassword();
    await register(await sdkPage(s), email, password);

    const page = await s.newPage(`/__rust__/index.html?kratos=${encodeURIComponent(s.publicUrl)}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#email', email);
    await page.fill('#password', 'wrong-password-123');
    await page.click('#login');
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('error'));
    assert.match(await page.textContent('#status'), /^error: 4000006: The provided credentials are invalid/);

    await page.fill('#password', password);
    await page.click('#login');
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('signed in'));
    assert.equal(await page.textContent('#status'), `signed in as ${email} (aal aal1)`);
  });
});
