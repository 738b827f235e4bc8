#!/usr/bin/env node
// The installed `redline` command; the tool is built into dist/ by `npm ci` (the prepare script).
const { main } = await import('../dist/app/cli/cli.js');
await main();
