// Helpers for tests on Kratos profiles (tests/kratos/profiles/*.yml) and on what Chromium really sent.
import fs from 'node:fs';

/** The release under test where the two releases differ (env KRATOS_VERSION, default v1.3.1). */
export const KRATOS_VERSION = process.env.KRATOS_VERSION || 'v1.3.1';
export const V26 = /^v2[5-9]\./.test(KRATOS_VERSION);

/** The overlay text of tests/kratos/profiles/<name>.yml (for `stack().startProfile`). */
export function profile(name) {
  return fs.readFileSync(new URL(`../kratos/profiles/${name}.yml`, import.meta.url), 'utf8');
}

/**
 * Records every request Chromium sends from `page` to Kratos (`publicUrl`): method, URL, JSON body and,
 * for a followed redirect, the URL it came from. Reads the browser's own request log, not the SDK's.
 */
export function captureRequests(page, publicUrl) {
  const seen = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(publicUrl)) return;
    let body;
    try { body = r.postData() ? JSON.parse(r.postData()) : undefined; } catch { body = r.postData(); }
    seen.push({ method: r.method(), url: new URL(r.url()), body, redirectedFrom: r.redirectedFrom()?.url() });
  });
  return {
    all: () => seen,
    /** The requests whose path is `path`, oldest first. */
    to: (path) => seen.filter((r) => r.url.pathname === path),
    last: (path) => seen.filter((r) => r.url.pathname === path).at(-1),
  };
}
