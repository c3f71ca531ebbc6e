import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// No wasm plugin and no optimizeDeps tweak: kratos-browser loads its .wasm through
// `new URL(…, import.meta.url)` (an emitted asset in `vite build`) and falls back to an inline copy
// when the dev server's dependency pre-bundling cannot serve it.
export default defineConfig({
  plugins: [react()],
  build: { target: 'es2022' },
});
