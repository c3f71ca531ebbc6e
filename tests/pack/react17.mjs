// A React 17 app built from the packed tarball (issue 13 §2: React 17 apps stopped at npm's ERESOLVE on the
// `react >= 18` peer). Shared by tests/pack/react17.test.mjs (install, Node SSR render) and
// tests/e2e/react17.test.mjs (the bundle live in Chromium against Kratos). Cached in tests/.artifacts/react17/
// (reinstalled when the tarball changes, rebundled when the app changes).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packTarball, run, ROOT } from './lib.mjs';

export const REACT17 = '17.0.2';
export const DIR = path.join(ROOT, 'tests', '.artifacts', 'react17');

/** The app: React 17's ReactDOM.render, KratosProvider, useSession, useFlow('login'). */
export const APP = `
import React from 'react';
import ReactDOM from 'react-dom';
import { KratosClient } from 'kratos-browser';
import { KratosProvider, useSession, useFlow } from 'kratos-browser/react';

const kratos = new KratosClient({ baseUrl: new URL(location.href).searchParams.get('kratos'), onRedirect: false });

function Status() {
  const s = useSession();
  return <p id="status">{s.status === 'signedIn' ? 'signedIn ' + s.session.identity.traits.email : s.status}</p>;
}

function Login() {
  const { flow, submit, submitting } = useFlow('login', { syncUrl: false });
  if (!flow) return <p id="loading">Loading…</p>;
  const onSubmit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    await submit({ method: 'password', identifier: String(f.get('identifier')), password: String(f.get('password')) });
  };
  return (
    <form id="login" data-flow={flow.id} onSubmit={onSubmit}>
      {(flow.ui.messages || []).map((m) => <p className="message" key={m.id}>{m.id}</p>)}
      <input name="identifier" /> <input name="password" type="password" />
      <button disabled={submitting}>Log in</button>
    </form>
  );
}

ReactDOM.render(
  <KratosProvider client={kratos}><p id="react">{React.version}</p><Status /><Login /></KratosProvider>,
  document.getElementById('root'),
);
`;

const sha256 = (d) => crypto.createHash('sha256').update(d).digest('hex');

/** `npm install react@17 react-dom@17 <tarball>` (no flags: it must not stop at ERESOLVE). Returns the npm output. */
export function installReact17() {
  const { tgz, sha } = packTarball();
  const key = sha256([sha, REACT17, process.version].join('\0'));
  const stamp = path.join(DIR, 'node_modules', '.kb-install-stamp');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === key) return { installed: false, output: '' };
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(path.join(DIR, 'package.json'), JSON.stringify({ name: 'react17-app', private: true, type: 'module' }));
  const output = run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error',
    `react@${REACT17}`, `react-dom@${REACT17}`, tgz], { cwd: DIR });
  fs.writeFileSync(stamp, key);
  return { installed: true, output };
}

/** Installs (cached) and bundles the app with esbuild (bench/node_modules); returns the output folder. */
export function ensureReact17Bundle() {
  installReact17();
  const out = path.join(DIR, 'out');
  const key = sha256(APP + fs.readFileSync(path.join(DIR, 'node_modules', '.kb-install-stamp'), 'utf8'));
  const stamp = path.join(out, '.kb-build-stamp');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === key) return out;
  fs.rmSync(out, { recursive: true, force: true });
  fs.writeFileSync(path.join(DIR, 'app.jsx'), APP);
  const esbuild = path.join(ROOT, 'bench', 'node_modules', '.bin', 'esbuild');
  if (!fs.existsSync(esbuild)) throw new Error('bench/node_modules is missing: cd bench && npm ci');
  run(esbuild, ['app.jsx', '--bundle', '--format=esm', '--splitting', `--outdir=${out}`, '--define:process.env.NODE_ENV="production"',
    '--log-level=warning'], { cwd: DIR });
  fs.writeFileSync(path.join(out, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>React 17</title></head><body><div id="root"></div><script type="module" src="app.js"></script></body></html>');
  fs.writeFileSync(stamp, key);
  return out;
}
