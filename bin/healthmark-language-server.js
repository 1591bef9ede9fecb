#!/usr/bin/env node
// The Healthmark language server for any LSP client: `healthmark-language-server --stdio`.
require('../dist/start.js');
