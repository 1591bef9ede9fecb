// The web server's worker entry (dist/browserServer.js): the worker's global scope is the
// message endpoint. The extension falls back to running startServer in its own worker when it
// cannot create this one (see client/src/browser.ts).
import { startServer, type MessageEndpoint } from './browserServer';

startServer(globalThis as unknown as MessageEndpoint);
