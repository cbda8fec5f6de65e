// Turns a context shipped only as a CommonJS module (module.exports = {...}) into JSON text.
// Usage: node contexts/extract.cjs <module.js> <out.json>
// Run by cmake/contexts.cmake after the module's SHA-256 was checked against the manifest.
'use strict';
const fs = require('fs');
const path = require('path');

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  process.stderr.write('usage: extract.cjs <module.js> <out.json>\n');
  process.exit(2);
}
let value = require(path.resolve(src));
if (value && typeof value === 'object' && value.__esModule && 'default' in value) {
  value = value.default;
}
if (!value || typeof value !== 'object' || !('@context' in value)) {
  process.stderr.write(`${src}: the export is not a JSON-LD context document\n`);
  process.exit(1);
}
fs.writeFileSync(out, JSON.stringify(value, null, 2) + '\n');
