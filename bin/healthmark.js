#!/usr/bin/env node
// The Healthmark command line: `healthmark check <files…>`.
require('../dist/cli.js');
