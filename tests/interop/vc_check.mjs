// vc_check.mjs - the reference JavaScript side of tests/e2e/interop_vc.sh: Data Integrity
// credentials through @digitalbazaar/vc (eddsa-rdfc-2022 and eddsa-jcs-2022 cryptosuites with
// DataIntegrityProof), VC-JWT through jose. Contexts and did:key documents come from
// loader.mjs; nothing is fetched.
//
//   node vc_check.mjs verify-di FILE          verifyCredential (proof, issuer = key controller)
//   node vc_check.mjs verify-jwt FILE         jwtVerify with the key named by the header (jwk,
//                                             or kid did:jwk / did:key), then iss = issuer
//   node vc_check.mjs issue-di SUITE FILE     sign FILE (an unsigned credential) with a new
//                                             Ed25519 key; issuer set to its did:key
//   node vc_check.mjs issue-jwt ALG FILE      a VC-JWT (VC 1.1 "vc" claim) signed with a new
//                                             RS256 (kid did:jwk) or EdDSA (kid did:key) key
//   node vc_check.mjs tamper FILE             the same credential or JWT with another name
//                                             (signature left as it was)
//
// verify-*: prints "verified" and exits 0, or prints the reason and exits 1.
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  createSignCryptosuite as jcsSign,
  createVerifyCryptosuite as jcsVerify
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as jose from 'jose';
import {documentLoader, didKeyDriver} from './loader.mjs';

const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));
const out = (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');
const b64url = (s) => Buffer.from(s).toString('base64url');

function setIssuer(credential, id) {
  if (credential.issuer && typeof credential.issuer === 'object') credential.issuer.id = id;
  else credential.issuer = {id, type: ['Profile'], name: 'JavaScript test issuer'};
}

function issuerId(credential) {
  const i = credential?.issuer;
  return typeof i === 'string' ? i : i?.id;
}

function describe(error) {
  if (!error) return 'not verified';
  const errs = error.errors || [error];
  return errs.map((e) => (e && (e.message || String(e)))).join('; ');
}

async function verifyDi(file) {
  const credential = readJson(file);
  const suite = [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
    new DataIntegrityProof({cryptosuite: jcsVerify()})
  ];
  const result = await vc.verifyCredential({credential, suite, documentLoader});
  if (result.verified) return out('verified');
  const reasons = [];
  if (result.error) reasons.push(describe(result.error));
  for (const r of result.results || []) if (r.error) reasons.push(describe(r.error));
  out(`not verified: ${reasons.join('; ') || 'no proof verified'}`);
  process.exitCode = 1;
}

// The public key a JWT header names: an embedded jwk, or a kid that is a did:jwk or did:key
// URL. Returns {key, controller}.
async function jwtKey(header) {
  if (header.jwk) return {key: await jose.importJWK(header.jwk, header.alg), controller: null};
  const kid = header.kid || '';
  const did = kid.split('#')[0];
  if (did.startsWith('did:jwk:')) {
    const jwk = JSON.parse(Buffer.from(did.slice(8), 'base64url').toString('utf8'));
    return {key: await jose.importJWK(jwk, header.alg), controller: did};
  }
  if (did.startsWith('did:key:')) {
    const vm = await didKeyDriver.get({url: kid.includes('#') ? kid : did});
    const method = vm.verificationMethod ? vm.verificationMethod[0] : vm;
    const keyPair = await Ed25519Multikey.from(method);
    const jwk = await Ed25519Multikey.toJwk({keyPair});
    return {key: await jose.importJWK(jwk, 'EdDSA'), controller: did};
  }
  throw new Error(`no key: the header has neither jwk nor a did:jwk / did:key kid (${kid})`);
}

async function verifyJwt(file) {
  const token = readFileSync(file, 'utf8').trim();
  const header = jose.decodeProtectedHeader(token);
  const {key, controller} = await jwtKey(header);
  const {payload} = await jose.jwtVerify(token, key, {algorithms: [header.alg]});
  const credential = payload.vc || payload;
  const issuer = issuerId(credential);
  if (payload.iss !== undefined && payload.iss !== issuer)
    throw new Error(`iss ${payload.iss} is not the credential's issuer ${issuer}`);
  if (controller && controller !== issuer)
    throw new Error(`the key's DID ${controller} is not the issuer ${issuer}`);
  if (payload.vc && payload.sub !== undefined) {
    const sub = [].concat(credential.credentialSubject)[0]?.id;
    if (sub !== undefined && sub !== payload.sub)
      throw new Error(`sub ${payload.sub} is not credentialSubject.id ${sub}`);
  }
  out('verified');
}

async function issueDi(suiteName, file) {
  const credential = readJson(file);
  const keyPair = await Ed25519Multikey.generate();
  const {didDocument, methodFor} = await didKeyDriver.fromKeyPair({verificationKeyPair: keyPair});
  const method = methodFor({purpose: 'assertionMethod'});
  const signingKey = await Ed25519Multikey.from({...keyPair, id: method.id,
                                                 controller: didDocument.id});
  setIssuer(credential, didDocument.id);
  let cryptosuite;
  if (suiteName === 'eddsa-rdfc-2022') cryptosuite = eddsaRdfc2022;
  else if (suiteName === 'eddsa-jcs-2022') cryptosuite = jcsSign();
  else throw new Error(`unknown suite ${suiteName}`);
  const suite = new DataIntegrityProof({signer: signingKey.signer(), cryptosuite});
  const signed = await vc.issue({credential, suite, documentLoader});
  out(JSON.stringify(signed, null, 2));
}

async function issueJwt(alg, file) {
  const credential = readJson(file);
  let privateKey, kid, did;
  if (alg === 'RS256') {
    const pair = await jose.generateKeyPair('RS256', {modulusLength: 2048, extractable: true});
    privateKey = pair.privateKey;
    const jwk = await jose.exportJWK(pair.publicKey);
    did = `did:jwk:${b64url(JSON.stringify({kty: jwk.kty, n: jwk.n, e: jwk.e}))}`;
    kid = `${did}#0`;
  } else if (alg === 'EdDSA') {
    const keyPair = await Ed25519Multikey.generate();
    const {didDocument, methodFor} =
      await didKeyDriver.fromKeyPair({verificationKeyPair: keyPair});
    did = didDocument.id;
    kid = methodFor({purpose: 'assertionMethod'}).id;
    const jwk = await Ed25519Multikey.toJwk({keyPair, secretKey: true});
    // The multikey secret is seed || public key; a JWK "d" is the 32-byte seed.
    jwk.d = Buffer.from(jwk.d, 'base64url').subarray(0, 32).toString('base64url');
    privateKey = await jose.importJWK(jwk, 'EdDSA');
  } else {
    throw new Error(`unknown alg ${alg}`);
  }
  setIssuer(credential, did);
  const claims = {vc: credential};
  const subject = [].concat(credential.credentialSubject)[0]?.id;
  if (subject) claims.sub = subject;
  if (credential.id) claims.jti = credential.id;
  const from = credential.issuanceDate || credential.validFrom;
  const until = credential.expirationDate || credential.validUntil;
  let jwt = new jose.SignJWT(claims).setProtectedHeader({alg, typ: 'JWT', kid}).setIssuer(did)
    .setNotBefore(Math.floor(Date.parse(from) / 1000));
  if (until) jwt = jwt.setExpirationTime(Math.floor(Date.parse(until) / 1000));
  out(await jwt.sign(privateKey));
}

function tamper(file) {
  const text = readFileSync(file, 'utf8').trim();
  const change = (c) => {
    const s = [].concat(c.credentialSubject)[0];
    if (s && s.achievement && typeof s.achievement.name === 'string') s.achievement.name += ' (altered)';
    else c.name = `${c.name || ''} (altered)`;
  };
  if (text.startsWith('{')) {
    const credential = JSON.parse(text);
    change(credential);
    return out(JSON.stringify(credential, null, 2));
  }
  const [h, p, s] = text.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  change(payload.vc || payload);
  out(`${h}.${b64url(JSON.stringify(payload))}.${s}`);
}

const [cmd, ...args] = process.argv.slice(2);
try {
  if (cmd === 'verify-di') await verifyDi(args[0]);
  else if (cmd === 'verify-jwt') await verifyJwt(args[0]);
  else if (cmd === 'issue-di') await issueDi(args[0], args[1]);
  else if (cmd === 'issue-jwt') await issueJwt(args[0], args[1]);
  else if (cmd === 'tamper') tamper(args[0]);
  else {
    process.stderr.write('usage: vc_check.mjs verify-di|verify-jwt|issue-di|issue-jwt|tamper ...\n');
    process.exitCode = 2;
  }
} catch (e) {
  out(`not verified: ${e && e.message ? e.message : String(e)}`);
  process.exitCode = cmd && cmd.startsWith('verify') ? 1 : 2;
}
