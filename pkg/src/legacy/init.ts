/**
 * The legacy wasm build: everything of the v1 build plus Kratos v0.4–v0.6 (init by navigation,
 * native form posts, old flow shapes → v1), compiled with the crate's `legacy` feature. Only
 * `kratos-browser/legacy` loads it; found like the v1 build (`../load.ts`).
 */
import initWasm, { KratosClient as RawClient, csrfToken } from './wasm/kratos_browser_legacy.js';
import { loader } from '../load.js';
import type { WasmBackend } from '../backend.js';

const wasm = /* @__PURE__ */ loader({
  name: 'kratos_browser_legacy_bg.wasm',
  asset: () => new URL('./wasm/kratos_browser_legacy_bg.wasm', import.meta.url),
  inline: () => import('./wasm/kratos_browser_legacy_bg.inline.js'),
  instantiate: (input) => initWasm(input),
});

/** Loads the legacy wasm module (idempotent; every async call does this for you). */
export function init(): Promise<void> {
  return wasm.init();
}

/** Whether the legacy wasm module is loaded. */
export function isReady(): boolean {
  return wasm.isReady();
}

/** @internal The legacy build, for `kratos-browser/legacy`'s `KratosClient`. */
export const backend: WasmBackend = { init, isReady, Client: RawClient, csrfToken };
