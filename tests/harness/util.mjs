// Small helpers shared by e2e tests.
import crypto from 'node:crypto';

let counter = 0;

/** A fresh, never-before-used email address (one identity per test). */
export function uniqueEmail(prefix = 'e2e') {
  counter += 1;
  const rnd = crypto.randomBytes(4).toString('hex');
  return `${prefix}-${Date.now().toString(36)}-${counter}-${rnd}@example.com`;
}

/** A random 20-char password that passes Kratos' policy and is unrelated to any email. */
export function strongPassword(length = 20) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-=';
  const bytes = crypto.randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** Resolve after `ms` — only for tests that are *about* time (flow expiry), never for waiting on readiness. */
export function delay(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Race a promise against a timeout with a helpful message. */
export function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}
