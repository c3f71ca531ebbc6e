// The demo SPA: renders ANY Kratos flow generically from its UI nodes, using kratos-browser.
import {
  KratosClient, isKratosError, isSignedOut, isCsrfError, createMessageFormatter,
  passkeyLogin, passkeyRegister, passkeySettingsRegister, webAuthnLogin, webAuthnRegister,
} from '/pkg/index.js';

const params = new URLSearchParams(location.search);
const kratosUrl = params.get('kratos') || globalThis.KRATOS_PUBLIC_URL || `${location.protocol}//${location.hostname}:4433`;
const kratos = new KratosClient({
  baseUrl: kratosUrl,
  // SPA navigation for same-origin targets; full navigation for Kratos/OIDC.
  // Kratos' 422 navigations and a finished flow's `next` redirect (its return_to): stay in the SPA for our own
  // pages (the page already showing is not loaded again), navigate for everything else.
  onRedirect: (url) => {
    const u = new URL(url);
    if (u.origin !== location.origin) return location.assign(url);
    if (u.pathname + u.search !== location.pathname + location.search) go(u.pathname + u.search);
  },
});
const app = document.getElementById('app');

function go(path) {
  history.pushState(null, '', path);
  route();
}
window.addEventListener('popstate', route);
document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (a && a.origin === location.origin && !a.hasAttribute('download')) {
    e.preventDefault();
    go(a.pathname + a.search);
  }
});

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

// i18n: Kratos' English templates with overrides by message id (try ?lang=de).
const OVERRIDES = {
  de: { 4000006: 'Die Zugangsdaten sind ungültig.', 4000002: 'Das Feld {property} fehlt.', 1050001: 'Ihre Änderungen wurden gespeichert.', 1070001: 'Passwort', 1070004: 'Kennung' },
};
const t = createMessageFormatter(OVERRIDES[new URLSearchParams(location.search).get('lang')] ?? {});
const messages = (list = []) => list.map((m) => h('p', { class: `msg ${m.type}`, 'data-message-id': m.id }, t(m)));
const labelOf = (n) => {
  const label = n.meta?.label ?? n.attributes.label;
  return label ? t(label) : n.attributes.name;
};

/**
 * Renders a flow as ONE form (as Kratos designs it), nodes grouped by method. On submit only the
 * inputs of the clicked button's group (plus `default`) are sent; Kratos validates, so `novalidate`.
 */
function renderFlow(title, flow, submit) {
  const groups = new Map();
  for (const n of flow.ui.nodes) {
    if (!groups.has(n.group)) groups.set(n.group, []);
    groups.get(n.group).push(n);
  }
  const form = h('form', { novalidate: true, 'data-flow': flow.id });
  for (const [group, nodes] of groups) {
    const rendered = nodes.map((n) => {
      const el = renderNode(n);
      el?.querySelectorAll?.('input,button').forEach((i) => i.setAttribute('data-group', group));
      if (el?.matches?.('input,button')) el.setAttribute('data-group', group);
      return el;
    });
    form.append(group === 'default' ? h('div', {}, ...rendered) : h('fieldset', { 'data-group': group }, h('legend', {}, group), ...rendered));
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = e.submitter;
    const group = button?.getAttribute('data-group') ?? 'default';
    const data = {};
    for (const el of form.querySelectorAll('input')) {
      const g = el.getAttribute('data-group');
      if (!el.name || el.type === 'submit' || el.type === 'button' || (g !== group && g !== 'default')) continue;
      if (el.type === 'checkbox') setPath(data, el.name, el.checked);
      else if (el.value !== '') setPath(data, el.name, el.value);
    }
    if (button?.name) setPath(data, button.name, button.value);
    delete data.csrf_token; // the SDK echoes it
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    await submit(data, button?.getAttribute('data-trigger') ?? undefined);
  });
  app.replaceChildren(h('h1', {}, title), ...messages(flow.ui.messages), form);
}

function renderNode(n) {
  const a = n.attributes;
  const msgs = messages(n.messages);
  switch (a.node_type) {
    case 'input':
      if (a.type === 'hidden') return h('input', { type: 'hidden', name: a.name, value: a.value ?? '' });
      if (a.type === 'submit' || a.type === 'button') {
        // WebAuthn/passkey buttons carry the name of Kratos' script function; the demo runs the
        // ceremony natively through the SDK instead (no script, works under a strict CSP).
        return h('button', { type: 'submit', name: a.type === 'submit' ? a.name : undefined, value: a.value ?? '', disabled: a.disabled,
          'data-trigger': a.onclickTrigger, class: a.name === 'screen' ? 'secondary' : undefined }, labelOf(n));
      }
      if (a.type === 'checkbox') {
        return h('label', {}, h('span', {}, h('input', { type: 'checkbox', name: a.name, checked: a.value === true }), ' ', labelOf(n)), ...msgs);
      }
      return h('label', {}, labelOf(n),
        h('input', { name: a.name, type: a.type, value: a.value ?? '', 'aria-required': a.required, disabled: a.disabled, autocomplete: a.autocomplete, pattern: a.pattern, maxlength: a.maxlength }),
        ...msgs);
    case 'text': {
      const ctx = a.text.context ?? {};
      const secrets = Array.isArray(ctx.secrets) ? ctx.secrets.map((s) => s.text ?? s.id).join(' ') : ctx.secret;
      return h('div', { class: 'node-text', id: a.id }, n.meta?.label ? h('p', {}, n.meta.label.text) : null, h('code', {}, secrets ?? a.text.text));
    }
    case 'img':
      return h('img', { src: a.src, width: a.width, height: a.height, alt: labelOf(n) ?? '' });
    case 'a':
      return h('a', { href: a.href, id: a.id }, a.title.text);
    case 'script':
      return h('span', { hidden: true }); // WebAuthn scripts: not loaded by this demo
    default:
      return h('pre', {}, JSON.stringify(n));
  }
}

function setPath(obj, dotted, value) {
  const keys = dotted.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = cur[k] ??= {};
  cur[keys.at(-1)] = value;
}

function showError(e) {
  const text = isKratosError(e) ? `${e.kind}${e.status ? ' ' + e.status : ''}${e.id ? ' (' + e.id + ')' : ''}: ${e.reason ?? e.message}` : String(e);
  // The SDK names set-up causes (e.g. localhost vs 127.0.0.1) on network and CSRF errors.
  const causes = (e?.setupProblems ?? []).map((p) => h('p', { class: 'msg info', 'data-setup-problem': p.code }, `Likely cause: ${p.message}`));
  app.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'msg error', id: 'error' }, text), ...causes,
    h('p', {}, h('a', { href: location.pathname }, 'Start again')));
}

const flows = {
  login: { title: 'Log in', create: (p) => kratos.createBrowserLoginFlow(p), get: (id) => kratos.getLoginFlow({ id }),
    submit: (flow, body) => kratos.updateLoginFlow({ flow, updateLoginFlowBody: body }) },
  registration: { title: 'Sign up', create: (p) => kratos.createBrowserRegistrationFlow(p), get: (id) => kratos.getRegistrationFlow({ id }),
    submit: (flow, body) => kratos.updateRegistrationFlow({ flow, updateRegistrationFlowBody: body }) },
  settings: { title: 'Account settings', create: (p) => kratos.createBrowserSettingsFlow(p), get: (id) => kratos.getSettingsFlow({ id }),
    submit: (flow, body) => kratos.updateSettingsFlow({ flow, updateSettingsFlowBody: body }) },
  recovery: { title: 'Recover your account', create: (p) => kratos.createBrowserRecoveryFlow(p), get: (id) => kratos.getRecoveryFlow({ id }),
    submit: (flow, body) => kratos.updateRecoveryFlow({ flow, updateRecoveryFlowBody: body }) },
  verification: { title: 'Verify your address', create: (p) => kratos.createBrowserVerificationFlow(p), get: (id) => kratos.getVerificationFlow({ id }),
    submit: (flow, body) => kratos.updateVerificationFlow({ flow, updateVerificationFlowBody: body }) },
};

async function runFlow(kind) {
  const f = flows[kind];
  const id = new URLSearchParams(location.search).get('flow');
  const createParams = {};
  for (const k of ['refresh', 'aal', 'return_to']) {
    const v = new URLSearchParams(location.search).get(k);
    if (v) createParams[k === 'return_to' ? 'returnTo' : k] = k === 'refresh' ? v === 'true' : v;
  }
  let flow = id ? await f.get(id) : await f.create(createParams);
  if (!id) history.replaceState(null, '', `/${kind}?flow=${flow.id}`);
  const ceremonies = (fl, body) => ({
    oryPasskeyLogin: () => passkeyLogin(kratos, { flow: fl }),
    oryPasskeyRegistration: () => passkeyRegister(kratos, { flow: fl, traits: body.traits }),
    oryPasskeySettingsRegistration: () => passkeySettingsRegister(kratos, { flow: fl }),
    oryWebAuthnLogin: () => webAuthnLogin(kratos, { flow: fl, identifier: body.identifier }),
    oryWebAuthnRegistration: () => webAuthnRegister(kratos, { flow: fl, displayName: body.webauthn_register_displayname }),
  });
  const show = (fl) => renderFlow(f.title, fl, async (body, trigger) => {
    try {
      const ceremony = trigger && ceremonies(fl, body)[trigger];
      const out = ceremony ? await ceremony() : await f.submit(fl, body);
      if (['cancelled', 'unsupported', 'webauthnFailed'].includes(out.kind)) {
        show(out.flow);
        return app.prepend(h('p', { class: 'msg error', id: 'webauthn-error' }, `Security key / passkey: ${out.kind} (${out.message})`));
      }
      if (out.kind === 'flow') {
        flow = out.flow;
        if (kind === 'settings' && flow.state === 'success') return show(flow);
        return show(flow);
      }
      if (out.kind === 'restarted') {
        history.replaceState(null, '', `/${kind}?flow=${out.flow.id}`);
        return show((flow = out.flow));
      }
      if (out.kind === 'success') {
        if (kind === 'settings') return show(out.flow);
        // `out.next`: the SDK's decision from Kratos' continue_with; a redirect already went through onRedirect.
        if (out.next?.action === 'redirect') return;
        return go('/');
      }
      if (out.kind === 'aal2Required') return go(`/login?aal=aal2${out.returnTo ? `&return_to=${encodeURIComponent(out.returnTo)}` : ''}`);
      if (out.kind === 'refreshRequired') return go(`/login?refresh=true&return_to=${encodeURIComponent(location.href)}`);
      // kind === 'redirect': onRedirect already navigated.
    } catch (e) {
      if (isCsrfError(e)) return show((flow = await kratos.restartFlow(fl)));
      showError(e);
    }
  });
  show(flow);
}

async function home() {
  try {
    const s = await kratos.toSession();
    app.replaceChildren(h('h1', {}, 'Welcome'),
      h('p', { id: 'who' }, `Signed in as ${s.identity?.traits?.email ?? s.identity?.id}`),
      h('p', {}, `Assurance level: ${s.authenticator_assurance_level}; methods: ${(s.authentication_methods ?? []).map((m) => m.method).join(', ')}`),
      h('pre', {}, JSON.stringify(s.identity?.traits, null, 2)));
  } catch (e) {
    if (isSignedOut(e)) {
      app.replaceChildren(h('h1', {}, 'Welcome'), h('p', { id: 'who' }, 'You are not signed in.'),
        h('p', {}, h('a', { href: '/login' }, 'Log in'), ' or ', h('a', { href: '/registration' }, 'sign up')));
    } else showError(e);
  }
}

async function sessions() {
  const page = await kratos.listMySessions();
  const rows = page.sessions.map((s) => h('tr', {}, h('td', {}, s.id.slice(0, 8)), h('td', {}, s.devices?.[0]?.user_agent?.slice(0, 40) ?? ''),
    h('td', {}, h('button', { class: 'secondary', onclick: async () => { await kratos.disableMySession({ id: s.id }); sessions(); } }, 'Revoke'))));
  app.replaceChildren(h('h1', {}, 'Other sessions'), h('table', {}, h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {}, 'No other sessions')))),
    h('button', { onclick: async () => { const { count } = await kratos.disableMyOtherSessions(); app.prepend(h('p', { class: 'msg success' }, `Revoked ${count} session(s)`)); } }, 'Revoke all others'));
}

async function logout() {
  const { logout_token } = await kratos.createBrowserLogoutFlow();
  await kratos.updateLogoutFlow({ token: logout_token });
  go('/');
}

async function errorPage() {
  const id = new URLSearchParams(location.search).get('id');
  const err = id ? await kratos.getFlowError({ id }) : null;
  app.replaceChildren(h('h1', {}, 'Error'), h('pre', {}, JSON.stringify(err?.error ?? {}, null, 2)));
}

async function route() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  app.textContent = 'Loading…';
  try {
    const kind = path.slice(1);
    if (flows[kind]) await runFlow(kind);
    else if (path === '/sessions') await sessions();
    else if (path === '/logout') await logout();
    else if (path === '/error') await errorPage();
    else await home();
  } catch (e) {
    if (isKratosError(e, 'api') && e.status === 401 && path !== '/') return go('/login');
    if (isKratosError(e, 'api') && e.id === 'session_already_available') return go('/');
    showError(e);
  }
}
route();
