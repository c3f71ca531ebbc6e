// Helpers for the WebAuthn / MFA e2e tests: a CDP virtual authenticator and RFC 6238 TOTP codes.
import { inPage } from './sdk.mjs';
import { stack } from '../harness/context.mjs';

/**
 * Adds a CDP virtual authenticator to `page` (works on http://localhost, not on 127.0.0.1).
 * Default: a platform authenticator with resident keys and user verification (passkey-capable).
 */
export async function addAuthenticator(page, options = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true, ...options,
    },
  });
  return {
    cdp,
    authenticatorId,
    remove: () => cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId }),
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    setUserVerified: (isUserVerified) => cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified }),
  };
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) of a base32 secret at `time` ms. */
export { totp as totpCode } from '../harness/totp.mjs';

/**
 * Logs out through the SDK (204). `target`: the stack or profile whose Kratos the page talks to.
 * Waits for that Kratos' courier first: a registration just queued a verification mail, and on the rig's
 * in-memory SQLite the courier's writes and the logout's would collide (400 concurrent update).
 */
export async function logout(page, target = stack()) {
  await target.kratos.courierIdle();
  const r = await inPage(page, async (k) => {
    const f = await k.createBrowserLogoutFlow();
    await k.updateLogoutFlow({ token: f.logout_token });
    return true;
  });
  if (r.error) throw new Error(`logout failed: ${JSON.stringify(r.error)}`);
}

/** The names of a flow's input nodes. */
export const inputNames = (flow) => flow.ui.nodes.filter((n) => n.type === 'input').map((n) => n.attributes.name);

/**
 * Renders `flow` into the page as the plain HTML form `webauthn.js` expects (script mode): a
 * `<form action=ui.action method=ui.method>` with every input node as a named input; buttons keep
 * their `value` (the WebAuthn options) and get `data-trigger` = their `onclickTrigger`.
 */
export async function renderForm(page, flow) {
  await page.evaluate((flow) => {
    document.querySelector('#kratos-form')?.remove();
    const form = document.createElement('form');
    form.id = 'kratos-form';
    form.action = flow.ui.action;
    form.method = flow.ui.method;
    for (const n of flow.ui.nodes) {
      if (n.type !== 'input') continue;
      const a = n.attributes;
      const el = document.createElement(a.type === 'button' || a.type === 'submit' ? 'button' : 'input');
      el.name = a.name;
      el.type = a.type;
      if (a.value !== undefined && a.value !== null) el.value = typeof a.value === 'string' ? a.value : JSON.stringify(a.value);
      if (a.onclickTrigger) el.dataset.trigger = a.onclickTrigger;
      form.appendChild(el);
    }
    document.body.appendChild(form);
  }, flow);
}
