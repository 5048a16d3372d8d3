#!/usr/bin/env node
// The `duban` command. In a source checkout it runs the TypeScript directly (tsx); a built image runs dist/.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'src', 'cli.ts');
const built = path.join(root, 'dist', 'src', 'cli.js');

if (fs.existsSync(source) && process.env.DUBAN_USE_DIST !== '1') {
  require('tsx/cjs');
  require(source).main();
} else {
  require(built).main();
}
