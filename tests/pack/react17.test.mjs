// React 17 apps (issue 13 §2): `npm install` of the tarball next to react@17 succeeds (no ERESOLVE: the optional
// peer is react >= 17), and `kratos-browser/react` runs on React 17 (which has no useSyncExternalStore): a server
// render of useSession/useFlow here, the live app in tests/e2e/react17.test.mjs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DIR, REACT17, installReact17, ensureReact17Bundle } from './react17.mjs';

describe('React 17 app', () => {
  test(`npm install react@${REACT17} react-dom@${REACT17} + the tarball: no ERESOLVE, React 17 installed`, () => {
    installReact17(); // throws with npm's output if the install fails
    const react = JSON.parse(fs.readFileSync(path.join(DIR, 'node_modules', 'react', 'package.json'), 'utf8'));
    assert.equal(react.version, REACT17);
    const kb = JSON.parse(fs.readFileSync(path.join(DIR, 'node_modules', 'kratos-browser', 'package.json'), 'utf8'));
    assert.equal(kb.peerDependencies.react, '>=17');
  });

  test('server render with React 17: useSession and useFlow give their loading state', () => {
    installReact17();
    fs.writeFileSync(path.join(DIR, 'ssr.mjs'), `
import React from 'react';
import { renderToString } from 'react-dom/server.js'; // React 17 has no exports map
import { KratosClient } from 'kratos-browser';
import { KratosProvider, useSession, useFlow } from 'kratos-browser/react';
const h = React.createElement;
function App() {
  const s = useSession();
  const f = useFlow('login');
  return h('p', null, React.version + ' ' + s.status + ' ' + (f.loading ? 'loading' : 'ready'));
}
console.log(renderToString(h(KratosProvider, { client: new KratosClient({ baseUrl: 'http://localhost:4433' }) }, h(App))));
`);
    const r = spawnSync(process.execPath, ['ssr.mjs'], { cwd: DIR, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`<p[^>]*>${REACT17.replace(/\./g, '\\.')} unknown loading</p>`));
  });

  test('the app bundles with esbuild (no missing export of react)', () => {
    const out = ensureReact17Bundle();
    assert.ok(fs.existsSync(path.join(out, 'app.js')));
    assert.doesNotMatch(fs.readFileSync(path.join(out, 'app.js'), 'utf8'), /useSyncExternalStore is not/);
  });
});
