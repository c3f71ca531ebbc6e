// Packaging helpers shared by tests/pack/*.test.mjs and tests/e2e/examples.test.mjs:
// `npm pack` of pkg/ (the real tarball users get), and cached install + build of the example apps from it.
//
// Caching (so ./scripts/test.sh stays fast): each example keeps two stamps, both git-ignored:
//   node_modules/.kb-install-stamp  sha256(lockfile, package.json, tarball)  → else a clean install from the lockfile
//   .kb-build-stamp                 sha256(install stamp, sources, configs)  → else the example's build command
// The tarball is byte-for-byte reproducible (npm pack fixes mtimes), so an unchanged package reuses the builds.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPackage } from '../../scripts/pack.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PKG = path.join(ROOT, 'pkg');
export const EXAMPLES = path.join(ROOT, 'examples');

/** Runs a command; throws with its output when it fails. Returns stdout. */
export function run(cmd, args, { cwd = ROOT, env = {}, timeout = 20 * 60_000, quiet = false } = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    cwd, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env },
    encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024,
  });
  const where = `${cmd} ${args.join(' ')} (in ${path.relative(ROOT, cwd) || '.'})`;
  if (r.error) throw new Error(`${where}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${where} exited ${r.status}:\n${(r.stdout ?? '').slice(-4000)}\n${(r.stderr ?? '').slice(-6000)}`);
  }
  if (!quiet) process.stderr.write(`[pack] ${where}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return r.stdout;
}

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

let packed;
/**
 * `npm pack` of the staged package (scripts/pack.mjs) into pkg/ (where the examples' `file:../../pkg/kratos-browser-<v>.tgz` points).
 * Needs pkg/dist (./scripts/build.sh). Once per process.
 */
export function packTarball() {
  if (packed) return packed;
  const { tgz, info } = packPackage(); // scripts/pack.mjs: what users get (no build-only package.json fields)
  packed = { tgz, info, sha: sha256(fs.readFileSync(tgz)) };
  return packed;
}

function listFiles(dir, skip) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (skip.has(e.name)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The example apps: how each is built and where its output goes. */
export const EXAMPLE_APPS = {
  'react-vite': { build: ['node_modules/.bin/vite', ['build']], out: 'dist' },
  'svelte-vite': { build: ['node_modules/.bin/vite', ['build']], out: 'dist' },
  webpack: { build: [process.execPath, ['build.mjs']], out: 'dist' },
  nextjs: { build: ['node_modules/.bin/next', ['build']], out: '.next', env: { NEXT_TELEMETRY_DISABLED: '1' } },
};
const NOT_SOURCE = new Set(['node_modules', 'dist', '.next', '.kb-build-stamp', 'next-env.d.ts']);

/**
 * Installs (the committed lockfile's versions, then the freshly packed tarball) and builds one example,
 * each step skipped when its stamp matches. Returns { dir, out, installed, built, ms }.
 */
export function ensureExample(name) {
  const app = EXAMPLE_APPS[name];
  if (!app) throw new Error(`unknown example ${name}`);
  const t0 = Date.now();
  const dir = path.join(EXAMPLES, name);
  const { tgz, sha } = packTarball();
  const installKey = sha256([
    fs.readFileSync(path.join(dir, 'package-lock.json')), fs.readFileSync(path.join(dir, 'package.json')), sha, process.version,
  ].join('\0'));
  const installStamp = path.join(dir, 'node_modules', '.kb-install-stamp');
  let installed = false;
  if (!fs.existsSync(installStamp) || fs.readFileSync(installStamp, 'utf8') !== installKey) {
    // Not `npm ci`: the registry reachable here lacks some optional platform packages (e.g. rollup's
    // android/darwin/win32 builds), so no lockfile written here lists them and `npm ci` refuses it as out of
    // sync. `npm install --no-save` installs the locked versions and never rewrites package-lock.json.
    fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
    // npm trusts its cache for file: tarballs whose lockfile entry has an integrity; ours carry none, and
    // this makes sure the tarball just packed is what the app gets.
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', path.relative(dir, tgz)], { cwd: dir });
    fs.writeFileSync(installStamp, installKey);
    installed = true;
  }
  const installedIndex = fs.readFileSync(path.join(dir, 'node_modules', 'kratos-browser', 'dist', 'index.js'));
  if (!installedIndex.equals(fs.readFileSync(path.join(PKG, 'dist', 'index.js')))) {
    throw new Error(`${name}: node_modules/kratos-browser is not the freshly packed tarball`);
  }

  const sources = listFiles(dir, NOT_SOURCE).map((f) => `${path.relative(dir, f)}\0${sha256(fs.readFileSync(f))}`);
  const buildKey = sha256([installKey, ...sources, JSON.stringify(app)].join('\n'));
  const buildStamp = path.join(dir, '.kb-build-stamp');
  const out = path.join(dir, app.out);
  let built = false;
  if (!fs.existsSync(buildStamp) || fs.readFileSync(buildStamp, 'utf8') !== buildKey || !fs.existsSync(out)) {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(buildStamp, { force: true });
    run(path.resolve(dir, app.build[0]), app.build[1], { cwd: dir, env: app.env ?? {} });
    fs.writeFileSync(buildStamp, buildKey);
    built = true;
  }
  return { dir, out, installed, built, ms: Date.now() - t0 };
}

/** Every file under `dir` (relative paths, `/`-separated). */
export function filesUnder(dir) {
  return listFiles(dir, new Set()).map((f) => path.relative(dir, f).split(path.sep).join('/'));
}
