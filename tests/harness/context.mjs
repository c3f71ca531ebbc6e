// Shared handle on the one stack that tests/e2e/run.mjs starts in its global `before`.
// Test files call `stack()` inside tests/hooks (not at module top level: the stack starts after import).
let current;

export function setStack(s) {
  current = s;
}

/** @returns {import('./stack.mjs').Stack} */
export function stack() {
  if (!current) throw new Error('e2e stack not started (use stack() inside a test, run via tests/e2e/run.mjs)');
  return current;
}

export function hasStack() {
  return !!current;
}
