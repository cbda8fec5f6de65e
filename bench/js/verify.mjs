// verify.mjs - the reference side of bench/verify_compare.sh: the signed credentials that
// verify_bench --write produced, verified with @digitalbazaar/vc (verifyCredential,
// DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite), single-threaded. Each credential's
// embedded EndorsementCredentials (on the credential, its issuer and its achievement) are
// verified too, as reco does, so both sides check the same signatures. Contexts come from the
// same pinned npm packages reco compiles in (contexts/manifest.json), did:key documents from
// @digitalbazaar/did-method-key; nothing is fetched. credentialStatus is not checked (reco
// verifies offline, where status lists are not fetched either).
//
// usage: node bench/js/verify.mjs [--iterations N] FILE...
// Prints the first pass time, then credentials/s and signatures/s, and raw Ed25519
// verifications/s of node:crypto on the same machine.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {fileURLToPath} from 'node:url';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {loadContexts} from '../../contexts/load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

const contexts = loadContexts(root);
const didKeyDriver = DidKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
const documentLoader = async (url) => {
  const ctx = contexts.get(url);
  if (ctx) return {contextUrl: null, documentUrl: url, document: ctx};
  if (url.startsWith('did:key:'))
    return {contextUrl: null, documentUrl: url, document: await didKeyDriver.get({url})};
  throw new Error(`loading document failed: ${url} is neither a bundled context nor a did:key`);
};
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const checkStatus = async () => ({verified: true});

// The credential and its embedded endorsements, each a document with its own proof.
function signedDocuments(credential) {
  const docs = [credential];
  const holders = [credential, credential.issuer,
    [].concat(credential.credentialSubject)[0]?.achievement];
  for (const h of holders) {
    if (h && typeof h === 'object' && h.endorsement) docs.push(...[].concat(h.endorsement));
  }
  return docs;
}

async function verifyAll(docs) {
  for (const credential of docs) {
    const r = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
    if (!r.verified) {
      const e = r.error || (r.results || []).find((x) => x.error)?.error;
      throw new Error(`${credential.id}: not verified: ${e?.errors?.[0]?.message || e?.message}`);
    }
  }
}

function parseArgs(argv) {
  const opt = {iterations: 20, files: []};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--iterations' || a === '-n') opt.iterations = Number(argv[++i]);
    else opt.files.push(a);
  }
  if (!opt.files.length || !(opt.iterations > 0)) {
    process.stderr.write('usage: node verify.mjs [--iterations N] FILE...\n');
    process.exit(2);
  }
  return opt;
}

function rawRate(count) {
  const {publicKey, privateKey} = crypto.generateKeyPairSync('ed25519');
  const msg = Buffer.alloc(64, 0x5a);
  const sig = crypto.sign(null, msg, privateKey);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    if (!crypto.verify(null, msg, publicKey, sig)) throw new Error('raw Ed25519 failed');
  }
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

const opt = parseArgs(process.argv.slice(2));
const creds = opt.files.map((f) => signedDocuments(JSON.parse(fs.readFileSync(f, 'utf8'))));
const sigsPerPass = creds.reduce((n, d) => n + d.length, 0);

let t = process.hrtime.bigint();
for (const docs of creds) await verifyAll(docs);
const first = Number(process.hrtime.bigint() - t) / 1e3;

t = process.hrtime.bigint();
for (let i = 0; i < opt.iterations; i++) {
  for (const docs of creds) await verifyAll(docs);
}
const secs = Number(process.hrtime.bigint() - t) / 1e9;
const total = opt.iterations * creds.length;
const sigs = opt.iterations * sigsPerPass;
console.log(`@digitalbazaar/vc: first pass over ${creds.length} credentials ${first.toFixed(0)} µs`);
console.log(`@digitalbazaar/vc: ${total} verifications (${creds.length} credentials x ` +
  `${opt.iterations}, ${sigsPerPass} signatures each pass) in ${secs.toFixed(3)} s: ` +
  `${(total / secs).toFixed(1)} credentials/s, ${(secs * 1e6 / total).toFixed(1)} ` +
  `µs/credential, ${(sigs / secs).toFixed(1)} signatures/s`);
console.log(`node:crypto raw Ed25519: ${rawRate(20000).toFixed(1)} verifications/s`);
