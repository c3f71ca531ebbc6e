// The demo SPA (www/) clicked through in Chromium against the real Kratos: sign up (two steps),
// settings, log out, log in, recovery page. Saves a screenshot to tests/.artifacts/demo-*.png
// (docs/demo.png in the README is a copy of one).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { stack } from '../harness/context.mjs';
import { REPO_ROOT } from '../harness/static.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { addAuthenticator } from './webauthn-util.mjs';

const shots = path.join(REPO_ROOT, 'tests', '.artifacts');

describe('demo SPA (www/)', () => {
  before(() => {
    const s = stack();
    s.server.route('/config.js', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(`globalThis.KRATOS_PUBLIC_URL = ${JSON.stringify(s.publicUrl)};\n`);
    });
  });

  test('sign up, change the password in settings, log out, log in', async () => {
    const s = stack();
    const page = await s.newPage('/registration');
    const email = uniqueEmail('demo');
    const password = strongPassword();
    await page.fill('input[name="traits.email"]', email);
    await page.click('button[name="method"][value="profile"]');
    await page.fill('input[name="password"]', password);
    await page.click('button[name="method"][value="password"]');
    await page.waitForSelector('#who');
    assert.equal(await page.textContent('#who'), `Signed in as ${email}`);

    await page.click('nav a[href="/settings"]');
    await page.waitForSelector('fieldset[data-group="password"]');
    await page.screenshot({ path: path.join(shots, 'demo-settings.png'), fullPage: true });
    const newPassword = strongPassword();
    await page.fill('fieldset[data-group="password"] input[name="password"]', newPassword);
    await page.click('fieldset[data-group="password"] button[value="password"]');
    await page.waitForSelector('p.msg.success[data-message-id="1050001"]');

    await page.click('#logout-link');
    await page.waitForFunction(() => document.querySelector('#who')?.textContent === 'You are not signed in.');

    await page.click('nav a[href="/login"]');
    await page.fill('input[name="identifier"]', email);
    await page.fill('input[name="password"]', password);
    await page.click('button[name="method"][value="password"]');
    await page.waitForSelector('p.msg.error[data-message-id="4000006"]');

    await page.fill('input[name="identifier"]', email);
    await page.fill('input[name="password"]', newPassword);
    await page.click('button[name="method"][value="password"]');
    await page.waitForSelector('#who');
    assert.equal(await page.textContent('#who'), `Signed in as ${email}`);
    await page.screenshot({ path: path.join(shots, 'demo-home.png') });
  });

  test('recovery and verification pages render their flows', async () => {
    const s = stack();
    const page = await s.newPage('/recovery');
    await page.waitForSelector('fieldset[data-group="code"] input[name="email"]');
    assert.match(page.url(), /\/recovery\?flow=[0-9a-f-]{36}$/);
    await page.goto(`${s.appOrigin}/verification`);
    await page.waitForSelector('fieldset[data-group="code"] input[name="email"]');
  });

  test('passkey sign-up and sign-in through the demo UI (native ceremony, virtual authenticator)', async () => {
    const s = stack();
    const page = await s.newPage('/registration');
    await addAuthenticator(page);
    const email = uniqueEmail('demo-passkey');
    await page.fill('input[name="traits.email"]', email);
    await page.click('button[name="method"][value="profile"]');
    await page.click('button[data-trigger="oryPasskeyRegistration"]');
    await page.waitForSelector('#who');
    assert.equal(await page.textContent('#who'), `Signed in as ${email}`);
    await page.click('#logout-link');
    await page.waitForFunction(() => document.querySelector('#who')?.textContent === 'You are not signed in.');
    await page.click('nav a[href="/login"]');
    await page.click('button[data-trigger="oryPasskeyLogin"]');
    await page.waitForSelector('#who');
    assert.equal(await page.textContent('#who'), `Signed in as ${email}`);
    assert.match(await page.textContent('main'), /methods: passkey/);
  });
});
