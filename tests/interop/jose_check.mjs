// jose_check.mjs - the other side of reco's JOSE interoperability test, on the npm package
// "jose" (pinned in package.json). Files in, result on standard output:
//   node jose_check.mjs verify TOKEN_FILE JWK_FILE       compactVerify; prints the payload
//   node jose_check.mjs verify-jwt TOKEN_FILE JWK_FILE   jwtVerify (typ, nbf, exp checked);
//                                                         prints the claims as JSON
//   node jose_check.mjs sign ALG JWK_FILE PAYLOAD_FILE [KID]   prints a compact JWS, typ JWT
// Exit 1 when jose refuses the token.
import { readFileSync } from 'node:fs';
import * as jose from 'jose';

const [cmd, ...args] = process.argv.slice(2);
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));

try {
  if (cmd === 'verify' || cmd === 'verify-jwt') {
    const token = readFileSync(args[0], 'utf8').trim();
    const alg = jose.decodeProtectedHeader(token).alg;
    const key = await jose.importJWK(readJson(args[1]), alg);
    if (cmd === 'verify') {
      const { payload } = await jose.compactVerify(token, key, { algorithms: [alg] });
      process.stdout.write(new TextDecoder().decode(payload));
    } else {
      const { payload } = await jose.jwtVerify(token, key, { algorithms: [alg], typ: 'JWT' });
      process.stdout.write(JSON.stringify(payload));
    }
  } else if (cmd === 'sign') {
    const [alg, jwkFile, payloadFile, kid] = args;
    const key = await jose.importJWK(readJson(jwkFile), alg);
    const header = { alg, typ: 'JWT' };
    if (kid) header.kid = kid;
    const token = await new jose.CompactSign(readFileSync(payloadFile))
      .setProtectedHeader(header)
      .sign(key);
    process.stdout.write(token);
  } else {
    console.error('usage: jose_check.mjs verify|verify-jwt|sign ...');
    process.exit(2);
  }
} catch (e) {
  console.error(String(e));
  process.exit(1);
}
