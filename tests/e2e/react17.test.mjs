// kratos-browser/react in a React 17 app (no useSyncExternalStore there), live in headless Chromium against the
// real Kratos: the app from tests/pack/react17.mjs (npm-installed tarball + react@17, bundled by esbuild) shows
// the session and a login flow through useSession/useFlow; a wrong password re-renders the flow with Kratos'
// message, the right one flips the session to signedIn.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { stack } from '../harness/context.mjs';
import { MIME } from '../harness/static.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { ensureReact17Bundle, REACT17 } from '../pack/react17.mjs';
import { sdkPage, register } from './sdk.mjs';

describe('React 17 app (kratos-browser/react)', () => {
  test('useSession + useFlow: signedOut, wrong password shows the flow message, login → signedIn', async () => {
    const s = stack();
    const out = ensureReact17Bundle();
    const off = s.server.route('/__react17__/*', (req, res, ctx) => {
      const file = path.join(out, path.normalize(ctx.url.pathname.slice('/__react17__/'.length) || 'index.html'));
      if (!file.startsWith(out + path.sep) || !fs.existsSync(file)) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(fs.readFileSync(file));
    });
    const email = uniqueEmail('react17');
    const password = strongPassword();
    const reg = await sdkPage(s);
    await register(reg, email, password);
    await reg.context().close();

    const page = await s.newPage(`/__react17__/index.html?kratos=${encodeURIComponent(s.publicUrl)}`);
    try {
      assert.equal(await page.textContent('#react'), REACT17);
      await page.waitForSelector('#status:text-is("signedOut")');
      await page.waitForSelector('#login[data-flow]');
      const flowId = await page.getAttribute('#login', 'data-flow');

      await page.fill('input[name=identifier]', email);
      await page.fill('input[name=password]', 'not-the-password-1');
      await page.click('#login button');
      await page.waitForSelector('#login .message:text-is("4000006")'); // Kratos: wrong credentials
      assert.equal(await page.textContent('#status'), 'signedOut');

      await page.fill('input[name=password]', password);
      await page.click('#login button');
      await page.waitForSelector(`#status:text-is("signedIn ${email}")`);
      assert.equal(await page.getAttribute('#login', 'data-flow'), flowId, 'the same flow, re-rendered by useFlow');
    } finally {
      off();
      await page.context().close();
    }
  });
});
