// canon.mjs - the reference side of bench/canon_compare.sh: each credential (without its
// proof) through jsonld.js toRDF and rdf-canonize RDFC-1.0, single-threaded, contexts served
// locally from the same pinned npm packages reco compiles in (contexts/manifest.json).
//
// usage: node bench/js/canon.mjs [--iterations N] [--print] FILE...
//   --print       print each canonical form (after a "# FILE" line) instead of timing
//
// Prints: the cold first credential time, then credentials/second and µs/credential.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import jsonld from 'jsonld';
import canonize from 'rdf-canonize';
import {loadContexts} from '../../contexts/load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

function parseArgs(argv) {
  const opt = {iterations: 200, print: false, files: []};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--iterations' || a === '-n') opt.iterations = Number(argv[++i]);
    else if (a === '--print') opt.print = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node canon.mjs [--iterations N] [--print] FILE...\n');
      process.exit(0);
    } else opt.files.push(a);
  }
  if (!opt.files.length || !(opt.iterations > 0)) {
    process.stderr.write('error: give credential files and a positive --iterations\n');
    process.exit(2);
  }
  return opt;
}

const opt = parseArgs(process.argv.slice(2));
const contexts = loadContexts(root);
const documentLoader = async (url) => {
  const doc = contexts.get(url);
  if (!doc) throw new Error(`loading document failed: ${url} is not a bundled context`);
  return {contextUrl: null, documentUrl: url, document: doc};
};

const creds = opt.files.map((f) => {
  const doc = JSON.parse(fs.readFileSync(f, 'utf8'));
  delete doc.proof;
  return {file: f, doc};
});

async function canon(doc) {
  const dataset = await jsonld.toRDF(doc, {documentLoader});
  return canonize.canonize(dataset, {algorithm: 'RDFC-1.0'});
}

if (opt.print) {
  for (const c of creds) {
    process.stdout.write(`# ${path.basename(c.file)}\n`);
    process.stdout.write(await canon(c.doc));
  }
  process.exit(0);
}

const t0 = process.hrtime.bigint();
await canon(creds[0].doc);
const cold = Number(process.hrtime.bigint() - t0) / 1e3;

const start = process.hrtime.bigint();
for (let it = 0; it < opt.iterations; it++) {
  for (const c of creds) await canon(c.doc);
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
const n = opt.iterations * creds.length;
console.log(`jsonld.js ${JSON.parse(fs.readFileSync(path.join(here, 'node_modules', 'jsonld', 'package.json'))).version} + rdf-canonize: cold first credential ${cold.toFixed(0)} µs`);
console.log(`jsonld.js + rdf-canonize: ${n} credentials (${creds.length} files x ${opt.iterations}) in ${secs.toFixed(3)} s: ${(n / secs).toFixed(1)} credentials/s, ${((secs * 1e6) / n).toFixed(1)} µs/credential`);
