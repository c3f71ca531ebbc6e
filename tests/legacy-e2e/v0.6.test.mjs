// Kratos v0.6.3-alpha.1 built from its Go module: ui.nodes flows, one submit URL per flow, 302 only.
import { nativeSuite } from './native.mjs';
nativeSuite({ version: 'v0.6.3-alpha.1', api: 'v0.6', line: 'v0.6' });
