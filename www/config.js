// Where Kratos' public API is. The demo server (scripts/demo.mjs) and the tests serve their own
// version of this file; opened by hand, the SPA assumes Kratos on port 4433 of the same host.
globalThis.KRATOS_PUBLIC_URL = globalThis.KRATOS_PUBLIC_URL || `${location.protocol}//${location.hostname}:4433`;
