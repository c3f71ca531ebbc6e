/**
 * The v1 wasm build (Kratos v1 and v0.8–v0.11), loaded on first use (see `./load.ts` for how the
 * module is found). Kratos v0.4–v0.6 are in a separate build: `kratos-browser/legacy`.
 */
import initWasm, { KratosClient as RawClient, csrfToken } from './wasm/kratos_browser.js';
import { loader } from './load.js';
import type { WasmBackend } from './backend.js';

const wasm = /* @__PURE__ */ loader({
  name: 'kratos_browser_bg.wasm',
  asset: () => new URL('./wasm/kratos_browser_bg.wasm', import.meta.url),
  inline: () => import('./wasm/kratos_browser_bg.inline.js'),
  instantiate: (input) => initWasm(input),
});

/** Loads the wasm module (idempotent; every async call does this for you). */
export function init(): Promise<void> {
  return wasm.init();
}

/** Whether the wasm module is loaded. */
export function isReady(): boolean {
  return wasm.isReady();
}

/** @internal The v1 build, for `KratosClient`. */
export const backend: WasmBackend = { init, isReady, Client: RawClient, csrfToken };
