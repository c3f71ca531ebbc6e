// Convenience re-exports for test files.
export { startStack, CHROMIUM_ARGS } from './stack.mjs';
export { startKratos, kratosBin, DEFAULT_KRATOS_BIN, renderTemplate } from './kratos.mjs';
export { startMailCapture, codeFromMessage } from './mail.mjs';
export { startStaticServer, NEXT, MIME, REPO_ROOT } from './static.mjs';
export { pickPorts, freePort, freePorts } from './ports.mjs';
export { stack, setStack, hasStack } from './context.mjs';
export { uniqueEmail, strongPassword, delay, withTimeout } from './util.mjs';
