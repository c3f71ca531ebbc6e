// Defaults (Svelte 5, runes allowed). This file only silences vite-plugin-svelte's 'no config' notice.
export default {};
