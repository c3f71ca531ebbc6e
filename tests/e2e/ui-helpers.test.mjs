// The UI helpers on real Kratos flows: render-and-submit without digging through nodes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail, strongPassword } from '../harness/util.mjs';
import { sdkPage, inPage, register } from './sdk.mjs';

describe('UI node helpers', () => {
  test('settings flow: groups, node by name, csrf, labels, hidden split, formValues → submit', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const email = uniqueEmail();
    await register(page, email, strongPassword());
    const newEmail = uniqueEmail('changed');
    const r = await inPage(page, async (k, kb, newEmail) => {
      const flow = await k.createBrowserSettingsFlow();
      const out = {
        groups: kb.groups(flow),
        passwordNodes: kb.nodesByGroup(flow, 'password').map((n) => n.attributes.name),
        email: kb.nodeByName(flow, 'traits.email')?.attributes.value,
        emailLabel: kb.labelText(kb.nodeByName(flow, 'traits.email')),
        csrfSame: kb.csrfTokenOf(flow) === kb.csrfToken(flow) && typeof kb.csrfTokenOf(flow) === 'string',
        hidden: kb.splitVisibleHidden(flow).hidden.map((n) => n.attributes.name),
        profileBody: kb.formValues(flow, 'profile'),
        kind: kb.flowKindOf(flow),
      };
      const body = kb.formValues(flow, 'profile', { 'traits.email': newEmail });
      const res = await k.updateSettingsFlow({ flow, updateSettingsFlowBody: body });
      out.result = { kind: res.kind, state: res.flow?.state, messages: (res.flow?.ui.messages ?? []).map((m) => m.id) };
      out.after = (await k.toSession()).identity.traits.email;
      return out;
    }, newEmail);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const v = r.value;
    assert.ok(v.groups.includes('profile') && v.groups.includes('password') && v.groups.includes('totp'), v.groups.join());
    assert.deepEqual(v.passwordNodes, ['password', 'method']);
    assert.equal(v.email, email);
    assert.equal(v.emailLabel, 'E-Mail');
    assert.equal(v.csrfSame, true);
    assert.ok(v.hidden.includes('csrf_token'));
    assert.equal(v.profileBody.method, 'profile');
    assert.equal(v.profileBody.traits.email, email);
    assert.equal(v.kind, 'settings');
    assert.deepEqual(v.result, { kind: 'success', state: 'success', messages: [1050001] });
    assert.equal(v.after, newEmail);
  });
});

describe('i18n formatter', () => {
  test('real Kratos messages: English templates match Kratos, overrides interpolate context, gaps fall back', async () => {
    const page = await sdkPage(stack());
    const r = await inPage(page, async (k, kb) => {
      const flow = await k.createBrowserLoginFlow();
      const out = await k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: '', password: 'x' } });
      const msg = out.flow.ui.nodes.flatMap((n) => n.messages).find((m) => m.id === 4000002);
      const de = kb.createMessageFormatter({ 4000002: 'Das Feld {property} fehlt.', 4000006: (ctx, t) => `!${t.id}` });
      const wrong = await k.updateLoginFlow({ flow: out.flow, updateLoginFlowBody: { method: 'password', identifier: 'nobody@example.com', password: 'wrong-password-1' } });
      const invalid = wrong.flow.ui.messages[0];
      return {
        kratos: msg.text, context: msg.context, english: kb.formatMessage(msg), german: de(msg),
        fn: de(invalid), label: kb.formatMessage(kb.nodeByName(out.flow, 'password').meta.label),
        gap: kb.formatMessage({ id: 4000002, text: 'Kratos says so', type: 'error', context: {} }),
        unknown: kb.formatMessage({ id: 9999999, text: 'future message', type: 'info' }),
      };
    });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.value.english, r.value.kratos, 'the generated template reproduces Kratos\' own text');
    assert.match(r.value.german, /^Das Feld \S+ fehlt\.$/);
    assert.ok(r.value.german.includes(r.value.context.property));
    assert.equal(r.value.fn, '!4000006');
    assert.equal(r.value.label, 'Password');
    assert.equal(r.value.gap, 'Kratos says so', 'a placeholder without context falls back to Kratos\' text');
    assert.equal(r.value.unknown, 'future message');
  });
});
