// Set-up diagnostics (user-pain #9, #10, #18): the page and Kratos on different sites lose Kratos'
// cookies silently. The SDK names the cause on the error and warns once, from the URLs alone.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stack } from '../harness/context.mjs';
import { uniqueEmail } from '../harness/util.mjs';
import { sdkPage, inPage } from './sdk.mjs';

const codes = (problems) => problems.map((p) => p.code);

describe('set-up diagnostics', () => {
  test('setupProblems classifies page/Kratos URL pairs', async () => {
    const s = stack();
    const page = await sdkPage(s);
    const r = await inPage(page, (k, kb) => {
      const at = (href, baseUrl, frame = false) => kb.setupProblems(baseUrl, { href, inCrossSiteFrame: frame });
      return {
        sameOrigin: at('https://example.com/app', 'https://example.com/.ory'),
        subdomains: at('https://app.example.com/', 'https://auth.example.com'),
        loopback: at('http://localhost:5173/', 'http://127.0.0.1:4433'),
        loopbackSame: at('http://localhost:5173/', 'http://localhost:4433'),
        otherSite: at('https://app.example.com/', 'https://auth.example.org'),
        httpKratos: at('https://app.example.com/', 'http://auth.example.com'),
        file: at('file:///tmp/index.html', 'http://localhost:4433'),
        framed: at('https://app.example.com/', 'https://auth.example.com', true),
        relative: at('https://app.example.com/x', '/.ory'),
        garbage: at('not a url', 'http://localhost:4433'),
        here: k.setupProblems(),
      };
    });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const v = Object.fromEntries(Object.entries(r.value).map(([name, p]) => [name, codes(p)]));
    assert.deepEqual(v, {
      sameOrigin: [], subdomains: [], loopback: ['loopbackMismatch'], loopbackSame: [], otherSite: ['crossSite'],
      httpKratos: ['crossSite', 'mixedContent'], file: ['opaqueOrigin'], framed: ['crossSiteFrame'], relative: [], garbage: [],
      here: [], // the test page and Kratos are both on localhost
    });
    assert.match(r.value.loopback[0].message, /localhost.*127\.0\.0\.1/);
  });

  test('page on localhost, Kratos as 127.0.0.1: the CSRF failure it really causes carries the cause, warned once', async () => {
    const s = stack();
    const kratosByIp = s.publicUrl.replace('//localhost:', '//127.0.0.1:');
    assert.notEqual(kratosByIp, s.publicUrl);
    const page = await sdkPage(s, { publicUrl: kratosByIp });
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    const email = uniqueEmail('diag');
    const attempt = () => inPage(page, async (k, kb, email) => {
      const flow = await k.createBrowserRegistrationFlow();
      return k.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
    }, email);
    const first = await attempt();
    // Kratos' CSRF cookie was set for 127.0.0.1 from a localhost page: a cross-site response, so
    // Chromium dropped the SameSite=Lax cookie and Kratos refuses the submit.
    assert.equal(first.error?.id, 'security_csrf_violation', JSON.stringify(first));
    assert.equal(first.error.status, 403);
    assert.deepEqual(codes(first.error.setupProblems), ['loopbackMismatch']);
    const second = await attempt();
    assert.equal(second.error?.id, 'security_csrf_violation');
    assert.equal(warnings.length, 1, `one warning per client: ${JSON.stringify(warnings)}`);
    assert.match(warnings[0], /kratos-browser: .*Likely cause: the page is on localhost but Kratos on 127\.0\.0\.1/);

    // The same page with baseUrl on localhost works, and a silenced client warns nothing.
    const ok = await inPage(page, async (k, kb, { url, email }) => {
      const right = new kb.KratosClient({ baseUrl: url, onRedirect: false });
      const flow = await right.createBrowserRegistrationFlow();
      const out = await right.updateRegistrationFlow({ flow, updateRegistrationFlowBody: { method: 'profile', traits: { email } } });
      const quiet = new kb.KratosClient({ baseUrl: url.replace('//localhost:', '//127.0.0.1:'), setupWarnings: false });
      const f2 = await quiet.createBrowserRegistrationFlow();
      const e = await quiet.updateRegistrationFlow({ flow: f2, updateRegistrationFlowBody: { method: 'profile', traits: { email } } }).catch((e) => e);
      return { kind: out.kind, quietId: e.id, quietProblems: e.setupProblems?.length };
    }, { url: s.publicUrl, email });
    assert.equal(ok.error, undefined, JSON.stringify(ok.error));
    assert.deepEqual(ok.value, { kind: 'flow', quietId: 'security_csrf_violation', quietProblems: 1 });
    assert.equal(warnings.length, 1, 'setupWarnings: false stays quiet');
  });
});
