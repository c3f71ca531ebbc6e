// `kratos-browser/svelte` for Svelte apps (the `svelte` export condition, which Vite's Svelte plugin and
// SvelteKit resolve): the stores of ../../svelte.js plus the <KratosFlow> component (compiled by the app).
export * from '../../svelte.js';
export { loadLocale, createTranslator } from '../model.js';
export { default as KratosFlow } from './KratosFlow.svelte';
