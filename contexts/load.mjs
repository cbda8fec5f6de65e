// load.mjs - the bundled JSON-LD contexts for the JavaScript sides of the benchmarks and the
// interoperability tests: every context of contexts/manifest.json read from the pinned npm
// package that reco compiles it from (installed by `npm ci` at the project root), so both
// sides read the same documents and nothing is fetched.
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);

// loadContexts(root): Map url -> context document; root is the project folder that holds
// contexts/manifest.json and node_modules/.
export function loadContexts(root) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'contexts', 'manifest.json')));
  const docs = new Map();
  for (const c of manifest.contexts) {
    const file = path.join(root, 'node_modules', c.package, c.path);
    let value;
    if (c.format === 'json') {
      value = JSON.parse(fs.readFileSync(file, 'utf8'));
    } else {
      value = require(file);
      if (value && value.__esModule && 'default' in value) value = value.default;
    }
    for (const url of c.urls) docs.set(url, value);
  }
  return docs;
}
