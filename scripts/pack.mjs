#!/usr/bin/env node
// The npm tarball users install: `node scripts/pack.mjs` (after ./scripts/build.sh) prints its path,
// pkg/kratos-browser-<version>.tgz. It packs a staged copy (target/npm-package/) of what ships: pkg/dist,
// README.md, LICENSE and pkg/package.json without the build-only fields (devDependencies, scripts), so the
// published package.json carries no build tooling. tests/pack (and the example apps) use the same function.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.join(ROOT, 'pkg');
export const STAGE = path.join(ROOT, 'target', 'npm-package');
/** Build-time only: never in the published package.json. */
const BUILD_ONLY = ['devDependencies', 'scripts'];

/** Stages the package in target/npm-package/ and returns that directory. */
export function stagePackage() {
  if (!fs.existsSync(path.join(PKG, 'dist', 'index.js'))) throw new Error('pkg/dist is missing: run ./scripts/build.sh first');
  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.mkdirSync(STAGE, { recursive: true });
  fs.cpSync(path.join(PKG, 'dist'), path.join(STAGE, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(STAGE, 'README.md'));
  fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(STAGE, 'LICENSE'));
  const pj = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
  for (const k of BUILD_ONLY) delete pj[k];
  fs.writeFileSync(path.join(STAGE, 'package.json'), JSON.stringify(pj, null, 2) + '\n');
  return STAGE;
}

/** Stages and runs `npm pack` into pkg/; returns { tgz, info } (`info`: npm pack --json's entry). */
export function packPackage() {
  const stage = stagePackage();
  const r = spawnSync('npm', ['pack', '--json', '--pack-destination', PKG], {
    cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
  });
  if (r.status !== 0) throw new Error(`npm pack exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
  return { tgz: path.join(PKG, info.filename), info };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { tgz, info } = packPackage();
  process.stderr.write(`${info.files.length} files, ${info.size} B packed, ${info.unpackedSize} B unpacked\n`);
  console.log(path.relative(process.cwd(), tgz) || tgz);
}
