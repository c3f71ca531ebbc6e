// The TypeScript half of tests/helpers_parity.rs: the flow-rendering helpers of the npm package
// (pkg/src/ui.ts, pkg/src/second-factor.ts, pkg/src/webauthn.ts, as built into pkg/dist) must read every flow fixture exactly
// as tests/helpers-parity.expected.json says, the file the Rust helpers are pinned to. The two
// implementations stay separate on purpose (the TypeScript ones run on the app's flow objects without
// crossing into wasm); this keeps them one rule.
// Run after ./scripts/build.sh: node --test tests/types/helpers-parity.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures');
const ui = await import(path.join(ROOT, 'pkg/dist/ui.js'));
const sf = await import(path.join(ROOT, 'pkg/dist/second-factor.js'));
const wa = await import(path.join(ROOT, 'pkg/dist/webauthn.js'));
const expected = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/helpers-parity.expected.json'), 'utf8'));

function readings(flow) {
  const groups = ui.groups(flow);
  const byGroup = {};
  const formValues = {};
  for (const g of groups) {
    byGroup[g] = ui.nodesByGroup(flow, g).length;
    if (g !== 'default') formValues[g] = ui.formValues(flow, g);
  }
  const { visible, hidden } = ui.splitVisibleHidden(flow);
  const codes = sf.lookupSecretCodes(flow);
  return {
    webAuthnCeremonies: wa.webAuthnCeremonies(flow),
    webAuthnTriggers: wa.webAuthnTriggers(flow),
    needsWebAuthnScript: wa.needsWebAuthnScript(flow),
    flowKind: ui.flowKindOf(flow) ?? null,
    csrfToken: ui.csrfTokenOf(flow) ?? null,
    groups,
    byGroup,
    labels: flow.ui.nodes.map((n) => ui.labelText(n) ?? null),
    visible: visible.length,
    hidden: hidden.length,
    formValues,
    totpSecret: sf.totpSecret(flow) ?? null,
    totpQrCode: sf.totpQrCode(flow) ?? null,
    totpLinked: sf.totpLinked(flow),
    lookupSecretCodes: codes === undefined ? null : codes.map((c) => (c.used ? { used: true, usedAt: c.usedAt ?? null } : { code: c.code, used: false })),
    lookupSecretActions: sf.lookupSecretActions(flow),
    secondFactors: sf.secondFactors(flow),
  };
}

test('the expected file covers the flow fixtures', () => {
  assert.ok(Object.keys(expected).length >= 15, 'tests/helpers-parity.expected.json lists the flow fixtures');
});

for (const name of Object.keys(expected)) {
  test(`TypeScript helpers on ${name} read what the Rust helpers read`, () => {
    const flow = JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
    assert.deepStrictEqual(readings(flow), expected[name]);
  });
}
