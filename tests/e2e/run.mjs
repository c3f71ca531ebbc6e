#!/usr/bin/env node
// E2E entry point:  node tests/e2e/run.mjs [filter] [--node-test-flag ...]
//
//   filter          only import tests/e2e/*.test.mjs files whose name contains it (e.g. "smoke")
//   --test-*        passed to node (e.g. --test-name-pattern=recovery, --test-only)
//
// One stack (mail capture + static server + Kratos + Chromium) is started in a global `before` and shared
// through tests/harness/context.mjs (`stack()`); `after` stops it. Test files register node:test tests.
//
// Reporter: this file re-executes itself under `node --test-reporter=tap` so the output is the same on a TTY
// and in CI: TAP, ending with `# tests N`, `# pass N`, `# fail M`. Set KB_TEST_REPORTER=spec for the
// human-friendly spec reporter (ends with `ℹ pass N` / `ℹ fail M` plus a failing-test summary).
// Exit code: non-zero when any test fails (node:test sets it), 0 otherwise.
// On every failing test the last 60 Kratos log lines (and the browser console tail) are printed as
// diagnostics (`# ...` lines in TAP) right after that test.
//
// Env: KRATOS_BIN, KRATOS_VERSION (the release of KRATOS_BIN, e.g. v26.2.0: checked against `kratos version`,
// set from it when absent; tests read it through kratosVersion() in tests/harness/kratos.mjs), CHROMIUM_PATH, KB_PUBLIC_PORT/KB_ADMIN_PORT/KB_APP_PORT/KB_MAIL_PORT, KB_KEEP_TMP=1
// (keep Kratos temp dirs with config + kratos.log), KB_ECHO_CONSOLE=1 (print browser console live).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);
const nodeFlags = argv.filter((a) => a.startsWith('--'));
const positional = argv.filter((a) => !a.startsWith('--'));

if (process.env.KB_E2E_CHILD !== '1') {
  // ---- parent: re-exec with a fixed reporter, forward signals, propagate the exit code ----
  const reporter = process.env.KB_TEST_REPORTER || 'tap';
  const child = spawn(
    process.execPath,
    [`--test-reporter=${reporter}`, '--test-reporter-destination=stdout', ...nodeFlags, SELF, ...positional],
    { stdio: 'inherit', env: { ...process.env, KB_E2E_CHILD: '1' } },
  );
  // Ctrl-C reaches the child directly (same process group); SIGTERM from a supervisor is forwarded.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  process.on('SIGHUP', () => child.kill('SIGHUP'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1)));
} else {
  await runChild();
}

async function runChild() {
  const { before, after, afterEach, test } = await import('node:test');
  const { startStack } = await import('../harness/stack.mjs');
  const { setStack, hasStack, stack } = await import('../harness/context.mjs');
  const { binaryVersion, kratosBin } = await import('../harness/kratos.mjs');

  // Version-dependent tests branch on KRATOS_VERSION: it must name the binary that runs.
  const actual = binaryVersion(kratosBin());
  if (process.env.KRATOS_VERSION && process.env.KRATOS_VERSION !== actual) {
    throw new Error(`KRATOS_VERSION=${process.env.KRATOS_VERSION} but ${kratosBin()} is ${actual}`);
  }
  process.env.KRATOS_VERSION = actual;
  process.stdout.write(`# Kratos ${actual} (${kratosBin()})\n`);

  const filter = positional[0];
  const files = fs
    .readdirSync(HERE)
    .filter((f) => f.endsWith('.test.mjs'))
    .filter((f) => !filter || f.includes(filter))
    .sort();

  if (files.length === 0) {
    test(`no test file in tests/e2e matches ${JSON.stringify(filter)}`, () => {
      throw new Error(`no tests/e2e/*.test.mjs file matches ${JSON.stringify(filter)}`);
    });
    return;
  }

  let started;
  let anyFailed = false;
  before(
    async () => {
      started = await startStack();
      setStack(started);
    },
    { timeout: 180_000 },
  );

  afterEach((t) => {
    if (t.passed !== false) return;
    anyFailed = true;
    if (!hasStack()) return;
    const s = stack();
    const emit = (text) => {
      for (const line of String(text).split('\n')) t.diagnostic(line);
    };
    for (const k of s.kratosInstances()) {
      emit(`----- ${k.name} (${k.publicUrl}) log tail (last 60 lines; full log: ${k.logFile}) -----`);
      emit(k.logTail(60));
    }
    const consoleTail = s.consoleTail(30);
    if (consoleTail) {
      emit('----- browser console tail -----');
      emit(consoleTail);
    }
    emit('----- end of diagnostics -----');
  });

  after(
    async () => {
      if (!started) return;
      const dirs = started.kratosInstances().map((k) => k.dir);
      await started.stop({ keepLogs: anyFailed });
      if (anyFailed) process.stderr.write(`[e2e] a test failed: Kratos config + kratos.log kept in ${dirs.join(', ')}\n`);
    },
    { timeout: 60_000 },
  );

  for (const f of files) await import(pathToFileURL(path.join(HERE, f)).href);
}
