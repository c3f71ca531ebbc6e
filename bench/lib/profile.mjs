// A sampled CPU profile (Chrome DevTools protocol) of one page-side operation, summed by function
// (self time), with wasm-bindgen glue frames named after the import they implement.
import fs from 'node:fs';

/** `file:line` of the glue → the `__wbg_…` import shim (with what it calls) or the glue function containing that line. */
export function glueNamer(gluePath) {
  const lines = fs.existsSync(gluePath) ? fs.readFileSync(gluePath, 'utf8').split('\n') : [];
  return (line) => {
    for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
      const shim = lines[i].match(/^\s*(__wbg_\w*?)_[0-9a-f]{16}\s*:\s*function/);
      if (shim) {
        const body = lines.slice(i + 1, i + 5).map((l) => l.trim());
        const stmt =
          body.find((l) => l.includes('passStringToWasm0'))?.replace(/^.*?(passStringToWasm0\([^,]*).*$/, '$1, …) (string into wasm memory)') ??
          body.find((l) => /^(const ret = |return |[A-Za-z_$][\w$.]*\()/.test(l)) ??
          '';
        return `${shim[1]} \`${stmt.replace(/^const ret = /, '').replace(/;$/, '').slice(0, 60)}\``;
      }
      const fn = lines[i].match(/^\s*(?:async\s+)?function\s+([A-Za-z0-9_$]+)/) ?? lines[i].match(/^\s*([A-Za-z0-9_$]+)\s*:\s*function/);
      if (fn) return fn[1];
    }
    return `line ${line}`;
  };
}

function frameName(cf, nameGlue) {
  const file = cf.url.split('/').pop() || '';
  if (!cf.url) return cf.functionName || '(anonymous)';
  if (file === 'kratos_browser_bg.wasm') return 'wasm code (kratos_browser_bg.wasm, all functions)';
  if (file === 'kratos_browser.js') return `glue ${nameGlue(cf.lineNumber)}`;
  return `${file}: ${cf.functionName || '(anonymous)'}`;
}

/** Runs `body()` under the sampling profiler and returns the top self-time entries. */
export async function profile(page, body, { gluePath, intervalUs = 50, top = 18 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  await body();
  const { profile: p } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const nameGlue = glueNamer(gluePath);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  p.samples.forEach((id, i) => {
    const cf = byId.get(id).callFrame;
    if (cf.functionName === '(idle)') return;
    const k = frameName(cf, nameGlue);
    const dt = p.timeDeltas[i] ?? 0;
    self.set(k, (self.get(k) ?? 0) + dt);
    total += dt;
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, pct: (100 * us) / total }));
  return { totalMs: total / 1000, top: rows.slice(0, top) };
}
