// Kratos v0.4.6-alpha.1, built by scripts/setup.sh from the shared source tarball (the module proxy
// refuses every v0.4.x): /self-service/browser/flows/*, ?request= ids, request contexts, 302 only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeSuite } from './native.mjs';

const version = 'v0.4.6-alpha.1';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tarball = path.join(process.env.KB_KRATOS_SRC || path.join(root, '..', 'shared', 'kratos'), `kratos-${version}-src.tar.gz`);
const notBuilt = fs.existsSync(tarball)
  ? `kratos ${version} not built (scripts/setup.sh kratos-legacy builds it from ${tarball})`
  : `kratos ${version} not in the cache and no source tarball at ${tarball} (set KB_KRATOS_SRC)`;

nativeSuite({
  version, api: 'v0.4', line: 'v0.4', idParam: 'request', notBuilt,
  // v0.4 has no CORS settings: its public API is served same-origin through the app server.
  proxyPrefix: '/.ory/kratos/public',
  // `dsn: memory` panics on v0.4: the template's sqlite file is migrated first.
  migrate: true,
  serveFlags: ['--dev', '--disable-telemetry'],
  verifiedUi: 'verified',
});
