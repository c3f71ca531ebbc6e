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
import { demoRoutes } from '../../www/bundle.mjs';

const shots = path.join(REPO_ROOT, 'tests', '.artifacts');

describe('demo SPA (www/)', () => {
  before(async () => {
    const s = stack();
    s.server.route('/config.js', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(`globalThis.KRATOS_PUBLIC_URL = ${JSON.stringify(s.publicUrl)};\n`);
    });
    for (const [p, h] of Object.entries(await demoRoutes())) s.server.route(p, h);
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
    await page.waitForSelector('.kratos-message--success[data-message-id="1050001"]');

    await page.click('#logout-link');
    await page.waitForFunction(() => document.querySelector('#who')?.textContent === 'You are not signed in.');

    await page.click('nav a[href="/login"]');
    await page.fill('input[name="identifier"]', email);
    await page.fill('input[name="password"]', password);
    await page.click('button[name="method"][value="password"]');
    await page.waitForSelector('.kratos-message--error[data-message-id="4000006"]');

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
    // ?lang=de: the German locale (loaded on demand) for Kratos' labels and the component's own strings.
    await page.goto(`${s.appOrigin}/login?lang=de`);
    await page.waitForSelector('button[name="method"][value="password"]');
    assert.equal((await page.textContent('button[name="method"][value="password"]')).trim(), 'Mit Passwort anmelden');
    assert.equal((await page.textContent('fieldset[data-group="password"] legend')).trim(), 'Passwort');
  });

  test('identifier-first login (selfservice.flows.login.style: identifier_first): two screens, "use another account" goes back', async () => {
    const s = stack();
    const p = await s.startProfile({ selfservice: { flows: { login: { style: 'identifier_first' } } } }, { name: 'identifier-first' });
    try {
      const q = `kratos=${encodeURIComponent(p.publicUrl)}`;
      const page = await p.newPage(`/registration?${q}`);
      const email = uniqueEmail('demo-idfirst');
      const password = strongPassword();
      await page.fill('input[name="traits.email"]', email);
      await page.click('button[name="method"][value="profile"]');
      await page.fill('input[name="password"]', password);
      await page.click('button[name="method"][value="password"]');
      await page.waitForFunction(() => document.querySelector('#who')?.textContent?.startsWith('Signed in as'));
      await page.context().clearCookies();

      await page.goto(`${s.appOrigin}/login?${q}`);
      await page.fill('input[name="identifier"]', email);
      assert.equal(await page.$('input[name="password"]'), null, 'screen 1: the identifier only');
      await page.click('button[name="method"][value="identifier_first"]');
      await page.waitForSelector('input[name="password"]');
      await page.click('button.kratos-back'); // "Use another account": a fresh flow, screen 1 again
      await page.waitForSelector('input[name="identifier"]:not([type="hidden"])');
      assert.equal(await page.$('input[name="password"]'), null);
      await page.fill('input[name="identifier"]', email);
      await page.click('button[name="method"][value="identifier_first"]');
      await page.fill('input[name="password"]', password);
      await page.click('button[name="method"][value="password"]'); // sends the identifier carried by the hidden input
      await page.waitForFunction(() => document.querySelector('#who')?.textContent?.startsWith('Signed in as'));
    } finally {
      await p.stop();
    }
  });

  test('passkey sign-up, sign-in by autofill and by the button through the demo UI (native ceremonies, virtual authenticator)', async () => {
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
    // Passkey autofill: the identifier field's conditional request; the virtual authenticator answers it at once.
    await page.click('nav a[href="/login"]');
    await page.waitForFunction(() => document.querySelector('#who')?.textContent?.startsWith('Signed in as'));
    assert.equal(await page.textContent('#who'), `Signed in as ${email}`);
    assert.match(await page.textContent('main'), /methods: passkey/);
    await page.click('#logout-link');
    await page.waitForFunction(() => document.querySelector('#who')?.textContent === 'You are not signed in.');
    // The button (autofill off): the modal ceremony.
    await page.goto(`${s.appOrigin}/login?autofill=off`);
    await page.click('button[data-trigger="oryPasskeyLogin"]');
    await page.waitForFunction(() => document.querySelector('#who')?.textContent?.startsWith('Signed in as'));
    assert.equal(await page.textContent('#who'), `Signed in as ${email}`);
    assert.match(await page.textContent('main'), /methods: passkey/);
  });
});
