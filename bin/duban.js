#!/usr/bin/env node
// The `duban` command. In a source checkout it runs the TypeScript directly (tsx); a built image runs dist/.
// A bare `duban worker` starts the worker's own entry, which leaves the CLI's modules out of the worker process.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const entry = args.length === 1 && args[0] === 'worker' ? path.join('worker', 'main') : 'cli';
const source = path.join(root, 'src', `${entry}.ts`);
const built = path.join(root, 'dist', 'src', `${entry}.js`);

if (fs.existsSync(source) && process.env.DUBAN_USE_DIST !== '1') {
  require('tsx/cjs');
  void require(source).main();
} else {
  void require(built).main();
}
