// The framework-free half of the flow components (pkg/src/components/model.ts, as built into pkg/dist):
// every flow fixture renders to a view without throwing (unknown node types, v26 `div`, captcha included),
// every control has a label and a unique id, bodies and ceremonies follow the clicked button, and the German
// locale covers every English message id with the same placeholders.
// Run after ./scripts/build.sh: node --test tests/types/components.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures');
const m = await import(path.join(ROOT, 'pkg/dist/components/model.js'));
const { KRATOS_MESSAGES } = await import(path.join(ROOT, 'pkg/dist/messages.js'));

const flows = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).flatMap((f) => {
  const j = JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
  const flow = [j, j.body, j.flow, j.body?.flow].find((x) => Array.isArray(x?.ui?.nodes));
  return flow ? [[f, flow]] : [];
});

test('every flow fixture renders to a view: labelled controls, unique ids, scripts dropped, unknown nodes marked', async () => {
  assert.ok(flows.length >= 15, `${flows.length} flow fixtures`);
  const de = await m.loadLocale('de');
  for (const [name, flow] of flows) {
    for (const t of [m.createTranslator(), m.createTranslator(de)]) {
      const view = m.flowView(flow, t, 'x');
      const all = [...view.byKey.values()];
      const ids = all.map((v) => v.id);
      assert.equal(new Set(ids).size, ids.length, `${name}: unique ids`);
      for (const v of all) {
        if (['input', 'checkbox', 'button', 'provider', 'webauthn'].includes(v.kind)) assert.ok(v.label.trim(), `${name}: ${v.name} has a label`);
        if (v.messages.length) assert.equal(v.describedBy, `${v.id}-messages`, `${name}: ${v.name} described by its messages`);
        assert.equal(v.invalid, v.messages.some((x) => x.type === 'error'));
      }
      assert.ok(!all.some((v) => v.node.type === 'script'), `${name}: webauthn.js nodes are not rendered`);
      const rendered = view.sections.flatMap((s) => s.nodes).length + view.hidden.length;
      assert.equal(rendered, all.length);
    }
  }
  const future = flows.find(([f]) => f === 'handwritten-flow-future-node-types.json')[1];
  const kinds = [...m.flowView(future, m.createTranslator()).byKey.values()].map((v) => v.kind);
  assert.deepEqual(kinds, ['unknown', 'unknown', 'hidden'], 'v26 div (captcha) and an unknown type: slot or skip, no crash');
});

test('a click submits its own group plus default, typed values, and the method', () => {
  const flow = flows.find(([f]) => f === 'recorded-login-flow.json')[1];
  const view = m.flowView(flow, m.createTranslator(), 'x');
  const typed = { identifier: 'a@b.c', password: 'hunter2-hunter2' };
  const read = (v) => typed[v.name];
  const byName = (n) => [...view.byKey.values()].find((v) => v.name === n);
  assert.deepEqual(m.bodyFor(view, byName('method'), read), { identifier: 'a@b.c', password: 'hunter2-hunter2', method: 'password' });
  const provider = byName('provider');
  assert.equal(provider.kind, 'provider');
  assert.deepEqual(m.bodyFor(view, provider, read), { identifier: 'a@b.c', provider: provider.value, method: 'oidc' });
  const passkey = byName('passkey_login_trigger');
  assert.equal(passkey.kind, 'webauthn');
  assert.equal(passkey.trigger, 'oryPasskeyLogin');
  assert.equal(typeof m.ceremonyFor({}, 'login', passkey, {}), 'function', 'the passkey button runs the native ceremony');
  assert.equal(m.ceremonyFor({}, 'login', byName('method'), {}), undefined, 'the password button is a plain submit');
  assert.ok(m.offersPasskeyAutofill(flow), 'identifier field with "username webauthn" + passkey challenge');
});

test('the German locale: every English message id, the same placeholders; per-id overrides win', async () => {
  const de = await m.loadLocale('de');
  const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
  for (const [id, en] of Object.entries(KRATOS_MESSAGES)) {
    assert.ok(typeof de.messages[id] === 'string', `de has ${id}`);
    assert.deepEqual(placeholders(de.messages[id]), placeholders(en), `${id}: placeholders`);
  }
  const t = m.createTranslator(de, { 4000006: 'Nope.' });
  assert.equal(t({ id: 1010022, text: 'Sign in with password', type: 'info' }), 'Mit Passwort anmelden');
  assert.equal(t({ id: 4000006, text: 'x', type: 'error' }), 'Nope.');
  assert.equal(t({ id: 4000002, text: 'x', type: 'error', context: { property: 'email' } }), 'Das Feld email fehlt.');
  assert.equal(t.ui.groups.password, 'Passwort');
  assert.equal(m.createTranslator()({ id: 9999999, text: 'Kratos says', type: 'info' }), 'Kratos says', 'unknown ids: Kratos\' text');
});
