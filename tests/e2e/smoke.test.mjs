// Smoke tests for the e2e rig itself (no SDK): real Kratos, real courier, real Chromium, raw fetch.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';

const BLANK = '/__test__/blank.html';

/** Runs a JSON fetch inside the page (credentials: include, Accept: application/json). */
async function pageFetch(page, url, { method = 'GET', body } = {}) {
  return page.evaluate(
    async ({ url, method, body }) => {
      const headers = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(url, {
        method,
        credentials: 'include',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, url: res.url, contentType: res.headers.get('content-type'), json, text };
    },
    { url, method, body },
  );
}

function csrfOf(flow) {
  const node = flow?.ui?.nodes?.find((n) => n.type === 'input' && n.attributes?.name === 'csrf_token');
  return node?.attributes?.value;
}

function describeResponse(r) {
  return `HTTP ${r.status} ${r.contentType}: ${r.text.slice(0, 600)}`;
}

describe('smoke: rig without the SDK', () => {
  test('Kratos admin and public /health/ready are ok', async () => {
    const s = stack();
    for (const url of [`${s.adminUrl}/health/ready`, `http://127.0.0.1:${s.ports.publicPort}/health/ready`]) {
      const res = await fetch(url);
      assert.equal(res.status, 200, url);
      assert.deepEqual(await res.json(), { status: 'ok' });
    }
  });

  test('registration init from the app origin works with CORS + credentials', async () => {
    const s = stack();
    const page = await s.newPage(BLANK);
    try {
      assert.equal(new URL(page.url()).origin, s.appOrigin);
      const r = await pageFetch(page, `${s.publicUrl}/self-service/registration/browser`);
      assert.equal(r.status, 200, describeResponse(r));
      assert.match(r.contentType, /^application\/json/);
      assert.equal(r.json.type, 'browser');
      assert.ok(csrfOf(r.json), 'flow has a csrf_token input node');
      assert.ok(r.json.ui.action.startsWith(`${s.publicUrl}/self-service/registration?flow=`), r.json.ui.action);
      const cookies = await page.context().cookies(s.publicUrl);
      assert.ok(
        cookies.some((c) => c.name.startsWith('csrf_token_')),
        `CSRF cookie stored for localhost: ${cookies.map((c) => c.name).join(', ')}`,
      );
    } finally {
      await page.context().close();
    }
  });

  test('two-step registration: profile -> 400 + flow, password -> 200 + session (cookie sticks)', async () => {
    const s = stack();
    const page = await s.newPage(BLANK);
    try {
      const email = uniqueEmail('smoke-reg');
      const password = strongPassword();
      const init = await pageFetch(page, `${s.publicUrl}/self-service/registration/browser`);
      assert.equal(init.status, 200, describeResponse(init));

      const step1 = await pageFetch(page, init.json.ui.action, {
        method: 'POST',
        body: { method: 'profile', traits: { email }, csrf_token: csrfOf(init.json) },
      });
      assert.equal(step1.status, 400, describeResponse(step1));
      assert.equal(step1.json.error, undefined, 'a flow, not an error envelope');
      assert.equal(step1.json.id, init.json.id);
      assert.ok(
        step1.json.ui.nodes.some((n) => n.attributes?.name === 'password'),
        'step 2 offers a password input',
      );

      const step2 = await pageFetch(page, step1.json.ui.action, {
        method: 'POST',
        body: { method: 'password', traits: { email }, password, csrf_token: csrfOf(step1.json) },
      });
      assert.equal(step2.status, 200, describeResponse(step2));
      assert.equal(step2.json.session?.active, true, 'session issued');
      assert.equal(step2.json.identity.traits.email, email);

      const whoami = await pageFetch(page, `${s.publicUrl}/sessions/whoami`);
      assert.equal(whoami.status, 200, describeResponse(whoami));
      assert.equal(whoami.json.identity.traits.email, email);

      // Verification is enabled: registration also sends a verification code through the courier.
      const vcode = await s.mail.waitForCode(email, 'verification');
      assert.match(vcode, /^\d{6}$/);
    } finally {
      await page.context().close();
    }
  });

  test('recovery by code: the courier delivers the code to the mail capture', async () => {
    const s = stack();
    const email = uniqueEmail('smoke-rec');
    const password = strongPassword();

    // Create the identity through the admin API (fast, and independent of the previous test).
    const created = await fetch(`${s.adminUrl}/admin/identities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        schema_id: 'default',
        traits: { email },
        credentials: { password: { config: { password } } },
      }),
    });
    assert.equal(created.status, 201, await created.clone().text());

    const page = await s.newPage(BLANK);
    try {
      const init = await pageFetch(page, `${s.publicUrl}/self-service/recovery/browser`);
      assert.equal(init.status, 200, describeResponse(init));
      const sent = await pageFetch(page, init.json.ui.action, {
        method: 'POST',
        body: { method: 'code', email, csrf_token: csrfOf(init.json) },
      });
      assert.equal(sent.status, 200, describeResponse(sent));
      assert.equal(sent.json.state, 'sent_email');

      const msg = await s.mail.waitForMessage({ recipient: email, templateType: 'recovery_code_valid' });
      assert.match(msg.template_data.recovery_code, /^\d{6}$/);
      assert.equal(msg.template_data.to, email);
    } finally {
      await page.context().close();
    }
  });
});
