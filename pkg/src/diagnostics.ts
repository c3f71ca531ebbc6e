/**
 * Set-up problems that make Kratos' cookies silently go missing, found from the page's URL and
 * `baseUrl` alone (no request). They are the usual cause of a `network` error (CORS) or a
 * `security_csrf_violation` on a first integration:
 *
 * - `loopbackMismatch`: page on `localhost`, Kratos on `127.0.0.1` (or the other way round). Those
 *   are different sites: the CSRF and session cookies set for one are never sent to the other.
 * - `crossSite`: page and Kratos on different sites (registrable domain or scheme differ). Kratos'
 *   cookies are `SameSite=Lax`, so the browser leaves them off the SDK's requests: serve Kratos on a
 *   subdomain of the app's domain (e.g. `auth.example.com` for `app.example.com`) or behind a proxy.
 * - `mixedContent`: an `https:` page calling an `http:` Kratos; the browser blocks the request.
 * - `opaqueOrigin`: the page has no origin (`file:`, sandboxed frame); no CORS answer can allow it.
 * - `crossSiteFrame`: the app runs in a frame of another site; its Kratos cookies are third-party
 *   cookies there, which browsers block.
 *
 * The site comparison uses the last two host labels, so it can miss a cross-site pair under a
 * multi-label public suffix (`a.co.uk` vs `b.co.uk`) but never reports a same-site pair.
 */

export type SetupProblemCode = 'loopbackMismatch' | 'crossSite' | 'mixedContent' | 'opaqueOrigin' | 'crossSiteFrame';

export interface SetupProblem {
  code: SetupProblemCode;
  /** What is wrong and what to change, in one sentence or two. */
  message: string;
}

/** Where the app runs; read from `location` and the frame when omitted. */
export interface PageContext {
  /** The page's URL (`location.href`). */
  href: string;
  /** Whether the page is inside a frame whose top-level page is another site. */
  inCrossSiteFrame?: boolean;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The problems of calling Kratos at `baseUrl` from `page` (default: this page); `[]` outside a browser. */
export function setupProblems(baseUrl: string, page: PageContext | undefined = currentPage()): SetupProblem[] {
  if (!page) return [];
  let app: URL, kratos: URL;
  try {
    app = new URL(page.href);
    kratos = new URL(baseUrl, page.href);
  } catch {
    return [];
  }
  const problems: SetupProblem[] = [];
  if (app.origin === 'null' || !/^https?:$/.test(app.protocol)) {
    problems.push({ code: 'opaqueOrigin', message: `the page (${app.protocol}) has no origin Kratos' CORS can allow: serve the app over http(s)` });
  } else if (LOOPBACK.has(app.hostname) && LOOPBACK.has(kratos.hostname) && app.hostname !== kratos.hostname) {
    problems.push({
      code: 'loopbackMismatch',
      message: `the page is on ${app.hostname} but Kratos on ${kratos.hostname}: different sites, so Kratos' cookies (CSRF, session) are never sent; use ${app.hostname} in baseUrl (and in Kratos' serve.public.base_url)`,
    });
  } else if (site(app) !== site(kratos)) {
    problems.push({
      code: 'crossSite',
      message: `the page (${site(app)}) and Kratos (${site(kratos)}) are different sites, so the browser leaves Kratos' SameSite=Lax cookies off these requests: serve Kratos on a subdomain of the app's domain, or proxy it under the app's origin`,
    });
  }
  if (app.protocol === 'https:' && kratos.protocol === 'http:') {
    problems.push({ code: 'mixedContent', message: `an https page cannot call Kratos over http (${kratos.origin}): the browser blocks it` });
  }
  if (page.inCrossSiteFrame) {
    problems.push({ code: 'crossSiteFrame', message: "the app runs in a frame of another site, where Kratos' cookies are third-party cookies that browsers block: open it top-level" });
  }
  return problems;
}

/** `scheme://` + the last two host labels (the whole host for IP addresses and single labels). */
function site(u: URL): string {
  const host = u.hostname;
  const ip = /^[\d.]+$/.test(host) || host.startsWith('[');
  const labels = host.split('.');
  return `${u.protocol}//${ip || labels.length <= 2 ? host : labels.slice(-2).join('.')}`;
}

function currentPage(): PageContext | undefined {
  if (typeof location === 'undefined' || typeof location.href !== 'string') return undefined;
  return { href: location.href, inCrossSiteFrame: inCrossSiteFrame() };
}

function inCrossSiteFrame(): boolean {
  if (typeof window === 'undefined' || window.top === window.self) return false;
  try {
    // Readable only when the top page is same-origin with this one.
    const top = window.top?.location.href;
    return top === undefined ? true : site(new URL(top)) !== site(new URL(location.href));
  } catch {
    // A cross-origin top: it can still be same-site (another subdomain); the referrer's origin tells.
    const parent = document.referrer ? new URL(document.referrer) : undefined;
    return parent ? site(parent) !== site(new URL(location.href)) : true;
  }
}
