// Kratos v0.5.5-alpha.1 built from its Go module: methods-based flows, per-method submit URLs.
import { nativeSuite } from './native.mjs';
// v0.5's serve has no --watch-courier/--sqa-opt-out (its courier runs inside serve).
nativeSuite({ version: 'v0.5.5-alpha.1', api: 'v0.5', line: 'v0.5', serveFlags: ['--dev', '--disable-telemetry'] });
