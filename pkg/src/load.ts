import { KratosError } from './errors.js';

/**
 * @internal Finds and instantiates one wasm build, on first use: no manual `init()`, no top-level
 * await, nothing touched at import time (safe to import during SSR).
 *
 * Two copies of each build ship: the `.wasm` asset, referenced as
 * `new URL('./wasm/…_bg.wasm', import.meta.url)` so Vite, webpack 5, Next.js and Parcel emit it
 * without plugins, and an inline copy (a lazily imported chunk: the module gzip-compressed, as
 * base64, inflated with `DecompressionStream`; served gzip-compressed it costs a little less
 * than the asset, though more than a brotli-served asset).
 *
 * Which one, decided before any request, from the asset URL alone:
 * - a bundler rewrote it (hashed name, its own folder): it emitted the asset, so fetch it
 *   (streaming compile) — Vite builds, webpack 5, Next.js, Parcel;
 * - it is untouched (`…/wasm/<name>` next to this module): nothing guarantees an asset there
 *   (esbuild, Rollup without an asset plugin, Bun and Vite dev's dependency pre-bundling leave the
 *   URL pointing beside their bundle, where no asset was copied), so the inline copy is used
 *   without asking for the asset (no 404, no index.html). Pages that load `dist/` as it is
 *   (import maps) take this path too: the inline copy costs them no more than the asset.
 * A fetch that fails anyway (a 404, `text/html`) also falls back to the inline copy.
 * (Deliberately no bare `import.meta.url`: webpack would bake the build machine's file path in.)
 */
export interface WasmSource {
  /** The asset's file name, as the package ships it (`kratos_browser_bg.wasm`). */
  name: string;
  /** `new URL('./wasm/<name>', import.meta.url)`, written literally in the calling module. */
  asset(): URL;
  /** `import()` of the inline copy: `export default "<base64 of the gzip-compressed module>"`. */
  inline(): Promise<{ default: string }>;
  /** wasm-bindgen's init of this build. */
  instantiate(input: { module_or_path: Response }): Promise<unknown>;
}

/** The asset URL to fetch when a bundler emitted the asset, else `null` (see above). */
export function assetUrl(src: WasmSource): URL | null {
  try {
    const url = src.asset();
    return url.pathname.endsWith(`/wasm/${src.name}`) ? null : url;
  } catch {
    return null; // no usable import.meta.url (e.g. an IIFE bundle)
  }
}

function base64(b64: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (native) return native(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The inline copy as a streaming `application/wasm` response (inflated while it compiles). */
async function inline(src: WasmSource): Promise<Response> {
  const { default: b64 } = await src.inline();
  const body = new Blob([base64(b64) as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(body, { headers: { 'content-type': 'application/wasm' } });
}

async function load(src: WasmSource): Promise<void> {
  const url = assetUrl(src);
  if (url) {
    try {
      const res = await fetch(url);
      if (res.ok && !/^text\/html/i.test(res.headers.get('content-type') || '')) {
        await src.instantiate({ module_or_path: res });
        return;
      }
    } catch {
      // fall through to the inline copy
    }
  }
  await src.instantiate({ module_or_path: await inline(src) });
}

/** @internal The browser refused WebAssembly for the page's CSP (Chromium, Firefox and Safari wordings). */
export function isCspWasmBlock(e: unknown): boolean {
  let message = '';
  try { message = e instanceof Error ? e.message : String(e); } catch { return false; }
  return /Content Security Policy|\bCSP\b|'(?:wasm-)?unsafe-eval'/i.test(message);
}

/** @internal `wasmBlocked`, naming the directive the page's policy lacks. */
export function wasmBlockedError(e: unknown): KratosError {
  return new KratosError({
    kind: 'wasmBlocked',
    message: `kratos-browser: the page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' to script-src (e.g. script-src 'self' 'wasm-unsafe-eval'). The browser said: ${e instanceof Error ? e.message : String(e)}`,
  });
}

/** `init()` / `isReady()` of one build: one cached load, reset if it fails. */
export function loader(src: WasmSource): { init(): Promise<void>; isReady(): boolean } {
  let ready: Promise<void> | null = null;
  let loaded = false;
  return {
    init() {
      if (ready === null) {
        ready = load(src).then(
          () => { loaded = true; },
          (e) => { ready = null; throw isCspWasmBlock(e) ? wasmBlockedError(e) : e; },
        );
      }
      return ready;
    },
    isReady: () => loaded,
  };
}
