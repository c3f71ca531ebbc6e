/**
 * Loads the WebAssembly module on first use: no manual `init()`, no top-level await, nothing
 * touched at import time (safe to import during SSR). The asset is referenced with
 * `new URL(…, import.meta.url)` so Vite and webpack 5 emit it without plugins; when the asset is
 * not served (e.g. Vite dev pre-bundling), a lazily imported base64 copy is used instead.
 */
import initWasm from './wasm/kratos_browser.js';

async function inlineBytes(): Promise<Uint8Array> {
  const { default: b64 } = await import('./wasm/kratos_browser_bg.wasm.b64.js');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function load(): Promise<void> {
  try {
    const res = await fetch(new URL('./wasm/kratos_browser_bg.wasm', import.meta.url));
    if (res.ok && !/^text\/html/i.test(res.headers.get('content-type') || '')) {
      await initWasm({ module_or_path: res });
      return;
    }
  } catch {
    // fall through to the inline copy
  }
  await initWasm({ module_or_path: await inlineBytes() });
}

let ready: Promise<void> | null = null;
let loaded = false;

/** Loads the wasm module (idempotent; every async call does this for you). */
export function init(): Promise<void> {
  if (ready === null) {
    ready = load().then(
      () => { loaded = true; },
      (e) => { ready = null; throw e; },
    );
  }
  return ready;
}

/** Whether the wasm module is loaded. */
export function isReady(): boolean {
  return loaded;
}
