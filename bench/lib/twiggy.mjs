// `twiggy top` on the wasm built with names (wasm-bindgen output before wasm-opt), plus the same
// rows summed per crate / per kratos_browser module, so the size diagnosis has numbers.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Which bucket a twiggy row belongs to. */
export function bucketOf(name) {
  if (name === '"function names" subsection' || name.startsWith('custom section') || name === 'producers') {
    return 'name + custom sections (not shipped: wasm-opt drops names)';
  }
  if (name.startsWith('data segment')) return 'data segments (.rodata: strings, panic/fmt tables)';
  if (/future_to_promise/.test(name)) return 'async method bodies: future_to_promise<F> (one monomorph per exported method)';
  if (/^(export |import |elem\[|table\[|type\[|global\[|memory\[)/.test(name) || /externref shim|__wbindgen_|__externref_|^kratosclient_|^csrfToken|^__wbg_/.test(name)) {
    return 'wasm-bindgen exports, shims, tables';
  }
  if (/^<&?(str|char|bool|[iuf](8|16|32|64|128|size))\b/.test(name)) return 'core::fmt (formatting machinery, Display/Debug impls)';
  // The crate of the item: the first path segment, looking through `<`, `&`, `mut `, `dyn `.
  const m = name.replace(/^(<|&|mut |dyn |\*const |\*mut )+/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::(?:([A-Za-z_][A-Za-z0-9_]*)::)?/);
  if (!m) return 'other (compiler builtins, unnamed)';
  const crate = m[1];
  if (crate === 'kratos_browser') return `kratos_browser::${m[3] ?? '(root)'}`;
  if (crate === 'core' && m[3] === 'num') return 'core::num (float/int formatting: flt2dec, dragon, grisu)';
  if (crate === 'core' && m[3] === 'fmt') return 'core::fmt (formatting machinery, Display/Debug impls)';
  if (crate === 'serde_core' || crate === 'serde') return 'serde / serde_core (de machinery, error messages)';
  return crate;
}

export function runTwiggy(twiggy, wasmPath) {
  const top30 = execFileSync(twiggy, ['top', '-n', '30', wasmPath], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const all = JSON.parse(execFileSync(twiggy, ['top', '-n', '1000000', '-f', 'json', wasmPath], { encoding: 'utf8', maxBuffer: 256 << 20 }));
  const total = fs.statSync(wasmPath).size;
  const buckets = new Map();
  for (const row of all) {
    const b = bucketOf(row.name);
    const e = buckets.get(b) ?? { bucket: b, bytes: 0, items: 0 };
    e.bytes += row.shallow_size;
    e.items += 1;
    buckets.set(b, e);
  }
  const names = buckets.get('name + custom sections (not shipped: wasm-opt drops names)')?.bytes ?? 0;
  const groups = [...buckets.values()]
    .sort((a, b) => b.bytes - a.bytes)
    .map((g) => ({ ...g, pctOfCode: g.bucket.startsWith('name +') ? null : (100 * g.bytes) / (total - names) }));
  const futureRows = all.filter((r) => /future_to_promise/.test(r.name));
  return { top30, groups, total, names, futureToPromise: { count: futureRows.length, bytes: futureRows.reduce((s, r) => s + r.shallow_size, 0) } };
}
