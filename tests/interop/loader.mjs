// loader.mjs - the documentLoader of the JavaScript side of the interoperability tests: JSON-LD
// contexts from the same pinned npm packages reco compiles in (contexts/manifest.json, packages
// installed in the project's node_modules by `npm ci` at the root), and did:key documents and
// verification methods from the did:key driver (@digitalbazaar/did-method-key with Ed25519
// Multikey keys). Nothing is fetched: any other URL is an error.
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);

// url -> context document, from the manifest of bundled contexts.
function loadContexts() {
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

export const contexts = loadContexts();

export const didKeyDriver = DidKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

export async function documentLoader(url) {
  const ctx = contexts.get(url);
  if (ctx) return {contextUrl: null, documentUrl: url, document: ctx};
  if (url.startsWith('did:key:')) {
    const document = await didKeyDriver.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`loading document failed: ${url} is neither a bundled context nor a did:key`);
}
