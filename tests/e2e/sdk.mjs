// Test-side helpers: load the built package (pkg/dist, served at /pkg/) into a blank page on the
// app origin, and record every response the page's fetch sees, so tests assert on what Kratos sent.
export const BLANK = '/__test__/blank.html';

/** A fresh page (own cookie jar) with `window.kb` = the package and `window.kratos` = a client. */
export async function sdkPage(s, { publicUrl = s.publicUrl, config = {}, path = BLANK } = {}) {
  const page = await s.newPage(path);
  await attachSdk(page, publicUrl, config);
  return page;
}

/** Installs `window.kb` / `window.kratos` and the wire log in the page's current document (again after a navigation). */
export async function attachSdk(page, publicUrl, config = {}) {
  await page.evaluate(async ({ publicUrl, config }) => {
    window.wire = [];
    const realFetch = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const res = await realFetch(input, init);
      const url = typeof input === 'string' ? input : input.url;
      if (!url.includes('/pkg/')) {
        // Only the headers CORS lets the page (and thus the SDK) read.
        const headers = {};
        res.headers.forEach((v, k) => { headers[k] = v; });
        window.wire.push({ url, method: (init?.method ?? input.method ?? 'GET'), status: res.status, headers });
      }
      return res;
    };
    window.kb = await import('/pkg/index.js');
    window.redirects = [];
    window.kratos = new window.kb.KratosClient({ baseUrl: publicUrl, onRedirect: (u) => { window.redirects.push(u); }, ...config });
  }, { publicUrl, config });
}

/** Runs `fn(kratos, kb, arg)` in the page; errors come back as plain `{ error: {...} }` objects. */
export async function inPage(page, fn, arg) {
  return page.evaluate(async ({ src, arg }) => {
    const f = new Function(`return (${src})`)();
    try {
      return { value: await f(window.kratos, window.kb, arg) };
    } catch (e) {
      return { error: { name: e?.name, kind: e?.kind, status: e?.status, id: e?.id, message: e?.message, reason: e?.reason,
        kratosMessage: e?.kratosMessage, details: e?.details, redirectTo: e?.redirectTo, useFlowId: e?.useFlowId, excerpt: e?.excerpt, setupProblems: e?.setupProblems, isKratosError: window.kb.isKratosError(e),
        isError: e instanceof Error, signedOut: window.kb.isSignedOut(e) } };
    }
  }, { src: fn.toString(), arg });
}

/** The last wire entry whose URL contains `part`. */
export async function lastWire(page, part) {
  const wire = await page.evaluate(() => window.wire);
  return [...wire].reverse().find((w) => w.url.includes(part));
}

/** Registers `email`/`password` through the SDK (two-step) and returns the success outcome. */
export async function register(page, email, password) {
  const r = await inPage(page, async (k, kb, { email, password }) => {
    const flow = await k.createBrowserRegistrationFlow();
    const step1 = await k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
    if (step1.kind !== 'flow') throw new Error('expected step 2 flow, got ' + step1.kind);
    return k.updateRegistrationFlow({ flow: step1.flow, updateRegistrationFlowBody: { method: 'password', traits: { email }, password } });
  }, { email, password });
  if (r.error || r.value.kind !== 'success') throw new Error(`registration failed: ${JSON.stringify(r)}`);
  return r.value;
}

/** Every wire entry whose URL contains `part`, oldest first. */
export async function wireOf(page, part) {
  const wire = await page.evaluate(() => window.wire);
  return wire.filter((w) => w.url.includes(part));
}

/** Password login through the SDK in `page`; returns the outcome (throws on a KratosError). */
export async function login(page, email, password, params = {}) {
  const r = await inPage(page, async (k, kb, { email, password, params }) => {
    const flow = await k.createBrowserLoginFlow(params);
    return k.updateLoginFlow({ flow, updateLoginFlowBody: { method: 'password', identifier: email, password } });
  }, { email, password, params });
  if (r.error) throw new Error(`login failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** A fresh page (own cookie jar) signed in as `email` by a password login. */
export async function signedInPage(s, email, password, opts = {}) {
  const page = await sdkPage(s, opts);
  const out = await login(page, email, password);
  if (out.kind !== 'success') throw new Error(`login did not succeed: ${JSON.stringify(out)}`);
  return page;
}

/** Message ids of a flow's `ui.messages` (Kratos omits the array when empty). */
export function messageIds(flow) {
  return (flow?.ui?.messages ?? []).map((m) => m.id);
}
