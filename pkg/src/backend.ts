/**
 * @internal What the TypeScript wrapper needs from one wasm build: the v1 build (`./init.ts`) and
 * the legacy build (`./legacy/init.ts`, Kratos v0.4–v0.6 too) each provide one, and
 * `KratosClient` runs on the one its class names (`kratos-browser/legacy` subclasses it).
 */
export interface WasmBackend {
  /** Loads the module (idempotent). */
  init(): Promise<void>;
  /** Whether the module is loaded. */
  isReady(): boolean;
  /** wasm-bindgen's `KratosClient` class of this build. */
  Client: new (config: object) => unknown;
  /** The CSRF token of a flow (needs the module loaded). */
  csrfToken(flow: unknown): string | undefined;
}
