// loader.mjs - the documentLoader of the JavaScript side of the interoperability tests: JSON-LD
// contexts from the same pinned npm packages reco compiles in (contexts/manifest.json, packages
// installed in the project's node_modules by `npm ci` at the root), and did:key documents and
// verification methods from the did:key driver (@digitalbazaar/did-method-key with Ed25519
// Multikey keys). Nothing is fetched: any other URL is an error.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {loadContexts} from '../../contexts/load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');

export const contexts = loadContexts(root);

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
