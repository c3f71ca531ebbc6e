import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// No wasm plugin and no optimizeDeps tweak needed for kratos-browser (see examples/react-vite).
export default defineConfig({
  plugins: [svelte()],
  build: { target: 'es2022' },
});
