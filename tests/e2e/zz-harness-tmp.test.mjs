import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';

async function pf(page, url, body) {
  return page.evaluate(async ({ url, body }) => {
    const r = await fetch(url, { method: body ? 'POST' : 'GET', credentials: 'include',
      headers: body ? { Accept: 'application/json', 'Content-Type': 'application/json' } : { Accept: 'application/json' },
      body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, json: await r.json().catch(() => null) };
  }, { url, body });
}
const csrf = (f) => f.ui.nodes.find((n) => n.attributes?.name === 'csrf_token').attributes.value;

test('overlay: one-step registration profile keeps base hooks', async () => {
  const s = stack();
  const p = await s.startProfile(`
selfservice:
  flows:
    registration:
      enable_legacy_one_step: true
      lifespan: 2s
    settings:
      privileged_session_max_age: 1s
`);
  const page = await p.newPage('/__test__/blank.html');
  try {
    const init = await pf(page, `${p.publicUrl}/self-service/registration/browser`);
    assert.equal(init.status, 200);
    const groups = [...new Set(init.json.ui.nodes.map((n) => n.group))];
    console.log('one-step groups', groups, 'lifespan', (Date.parse(init.json.expires_at) - Date.parse(init.json.issued_at)));
    assert.ok(init.json.ui.nodes.some((n) => n.attributes?.name === 'password'), 'password on first screen');
    const email = uniqueEmail('ovl');
    const r = await pf(page, init.json.ui.action, { method: 'password', traits: { email }, password: strongPassword(), csrf_token: csrf(init.json) });
    assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 400));
    assert.ok(r.json.session, 'session hook from the base config survived the overlay merge');
    console.log('continue_with', JSON.stringify(r.json.continue_with));
    // main kratos still two-step
    const main = await pf(page, `${s.publicUrl}/self-service/registration/browser`);
    assert.ok(!main.json.ui.nodes.some((n) => n.attributes?.name === 'password'), 'main is two-step');
  } finally {
    await page.context().close();
    await p.stop();
  }
});

test('deliberately failing test', async () => {
  assert.equal(1, 2, 'this test fails on purpose');
});
