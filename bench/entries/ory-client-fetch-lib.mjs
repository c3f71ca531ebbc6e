// What the benchmark page loads to call @ory/client-fetch (bundled by esbuild, ESM).
export { Configuration, FrontendApi } from '@ory/client-fetch';
