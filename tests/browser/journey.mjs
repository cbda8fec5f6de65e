// journey.mjs - the web journey of reco in headless Chromium (issue 6): an issuer signs up,
// confirms, creates a badge and awards it; the earner opens the e-mail from the outbox,
// claims, makes the badge public and shares it; a visitor verifies it on the verify page (in
// French, then in English through the language switch); the issuer revokes; the credential
// page and the verify page then say revoked. Bad input on the way: a forged CSRF token, a
// claim link that is not one, a claim by an account whose e-mail does not match, an upload
// that is not an image. The verify page, the login and a claim are also done with JavaScript
// off.
//
// Every step is a named function; each writes SHOTS/NN-name.png (and NN-name.html when it
// fails), axe-core runs on every page a step lands on, and a line per step is printed.
//
// Usage: node journey.mjs --base http://127.0.0.1:PORT --data DATA_DIR --shots DIR
// (the server runs with --base-url BASE and --allow-private-network; DATA_DIR/outbox holds
// the e-mails). Exit status 0 when every step passed, 1 otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  Run, Fail, launch, track, open, navigate, follow, press, control, field, fill, fillIfAny, hasControl,
  expectText, expectNoText, expectLang, looksFrench, mainText, lastStatus, makePng,
} from './lib/harness.mjs';
import { waitForMail } from './lib/mail.mjs';

const { values: args } = parseArgs({
  options: { base: { type: 'string' }, data: { type: 'string' }, shots: { type: 'string' } },
});
if (!args.base || !args.data || !args.shots) {
  console.error('usage: node journey.mjs --base URL --data DATA_DIR --shots DIR');
  process.exit(2);
}

const run = new Run(args.base, args.shots);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reco-journey-'));
const mailSeen = new Set();

// The people of the journey and what the steps learn on the way.
const issuer = { email: 'formation@example.org', password: 'Cheval correct batterie 42', name: 'Camille Roux' };
const earner = { email: 'lea.martin@example.org', password: 'Agrafe solide pile 1984', name: 'Léa Martin' };
const earner2 = { email: 'sam.durand@example.org', password: 'Un autre mot de passe 7', name: 'Sam Durand' };
const org = { name: 'Mission locale de Brest', url: 'https://mission-locale.example.org', description: 'Accompagnement des jeunes vers l’emploi.' };
const badge = {
  name: 'Premiers secours en équipe',
  description: 'Sait porter secours à une personne en équipe.',
  criteria: 'Avoir suivi la formation et réussi la mise en situation.',
};
const S = {};

// French texts of the pages (the default language); regular expressions where the exact
// wording is the page's choice.
const T = {
  signUp: 'Créer un compte',
  logIn: 'Se connecter',
  logOut: 'Se déconnecter',
  dashboard: 'Tableau de bord',
  myBadges: 'Mes badges',
  verify: 'Vérifier un badge',
  email: /^adresse (électronique|e-mail|de courriel)/i,
  password: /^mot de passe/i,
  passwordAgain: /confirm|répét|retap|encore/i,
};

// ------------------------------------------------------------------ shared actions

// Signs up from the page's "Créer un compte" link and checks that the page asks to confirm.
async function signUp(page, who) {
  await follow(run, page, T.signUp, 'sign-up link');
  await fill(page, T.email, who.email, 'sign-up form');
  const pw = page.getByLabel(T.password);
  if (!(await pw.count())) throw new Fail(`sign-up form: no field labelled ${T.password} on ${page.url()}`);
  await pw.first().fill(who.password);
  await fillIfAny(page, T.passwordAgain, who.password);
  await fillIfAny(page, /^(nom|votre nom|nom complet|prénom et nom)/i, who.name);
  await press(run, page, /créer (mon|le|un) compte|s’inscrire|s'inscrire|inscription/i, 'sign-up form');
  await expectText(page, /confirm|courriel|adresse électronique|e-mail/i, 'after sign-up');
}

// Opens the confirmation link of the last e-mail to `who` and checks the page confirms.
async function confirmEmail(page, who) {
  const { link } = await waitForMail(args.data, who.email, /confirm|verify|activ/i, mailSeen);
  await open(run, page, link, 'confirmation link');
  await expectText(page, /confirmé|confirmée|vérifiée|activé/i, 'confirmation page');
}

async function loggedIn(page) {
  return hasControl(page, 'button', T.logOut);
}

// Logs in from the header link; with keyboard, reaches each field with Tab as a person would.
async function logIn(page, who, { keyboard = false } = {}) {
  await follow(run, page, T.logIn, 'log-in link');
  const email = await field(page, T.email, 'log-in form');
  const pw = await field(page, T.password, 'log-in form');
  if (keyboard) {
    await page.locator('body').focus();
    await tabTo(page, email, 'the e-mail field of the log-in form');
    await page.keyboard.type(who.email);
    await tabTo(page, pw, 'the password field of the log-in form');
    await page.keyboard.type(who.password);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
    if (focused !== 'BUTTON' && focused !== 'INPUT') throw new Fail(`log-in form: Tab after the password reaches ${focused}, not the button`);
    await press(run, page, T.logIn, 'log-in form');
  } else {
    await email.fill(who.email);
    await pw.fill(who.password);
    await press(run, page, T.logIn, 'log-in form');
  }
  if (!(await loggedIn(page))) {
    throw new Fail(`log-in: no "${T.logOut}" button after logging in as ${who.email}: ${(await mainText(page)).slice(0, 300)}`);
  }
}

// Presses Tab until `target` has the focus (at most 40 times).
async function tabTo(page, target, what) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((e) => e === document.activeElement)) return;
  }
  throw new Fail(`keyboard: ${what} is not reachable with Tab`);
}

async function logOut(page) {
  await press(run, page, T.logOut, 'log-out button');
  if (await loggedIn(page)) throw new Fail('log-out: still logged in');
}

// Fills the badge editor; `image` is a file to upload (or null).
async function fillBadge(page, b, image) {
  await fill(page, /^nom/i, b.name, 'badge editor');
  await fill(page, /^description/i, b.description, 'badge editor');
  await fill(page, /^critères/i, b.criteria, 'badge editor');
  if (image) {
    const input = await field(page, /^image/i, 'badge editor (image upload)');
    await input.setInputFiles(image);
  }
}

// Goes to the page of the badge on the issuer's dashboard.
async function toBadge(page) {
  await follow(run, page, T.dashboard, 'dashboard link');
  await follow(run, page, badge.name, 'badge on the dashboard');
}

// Awards the badge to `who` from the badge's page.
async function award(page, who) {
  await toBadge(page);
  await follow(run, page, /attribuer|décerner/i, 'award link of the badge page');
  await fill(page, T.email, who.email, 'award form');
  await fillIfAny(page, /^nom/i, who.name);
  await fillIfAny(page, /récit|narrati|commentaire/i, `${who.name} a mené l’exercice de bout en bout.`);
  await press(run, page, /attribuer|décerner|envoyer/i, 'award form');
  await expectText(page, new RegExp(`attribué|décerné|envoyé|${who.email.replace(/\./g, '\\.')}`, 'i'), 'after the award');
}

// Claims with `page` from the e-mail's link: signs up (from the claim page) when the page
// offers no claim button, confirms the e-mail, logs in and claims. Returns after the claim.
async function claim(page, claimUrl, who) {
  const claimButton = /récupérer|accepter|ajouter à mes badges|réclamer/i;
  await open(run, page, claimUrl, 'claim link');
  await expectText(page, new RegExp(badge.name, 'i'), 'claim page');
  if (!(await hasControl(page, 'button', claimButton))) {
    await signUp(page, who);
    await confirmEmail(page, who);
    if (!(await loggedIn(page))) await logIn(page, who);
    await open(run, page, claimUrl, 'claim link after signing up');
  }
  await press(run, page, claimButton, 'claim page');
  await expectText(page, /récupéré|ajouté|dans vos badges|mes badges/i, 'after the claim');
}

// Verifies `url` on the verify page the page is on; returns the main text.
async function verifyUrl(page, url, lang = 'fr') {
  const urlLabel = lang === 'fr' ? /adresse|lien|url/i : /address|link|url/i;
  await fill(page, urlLabel, url, 'verify page (URL)');
  const button = lang === 'fr' ? /^vérifier/i : /^verify/i;
  // the page may have one form per kind of input: press the button of the URL's form
  const form = page.locator('form').filter({ has: page.getByLabel(urlLabel) }).first();
  const b = form.getByRole('button', { name: button }).first();
  if (!(await b.count())) await press(run, page, button, 'verify page');
  else {
    await navigate(run, page, 'verify page', async () => {
      await b.focus();
      await page.keyboard.press('Enter');
    });
  }
  return mainText(page);
}

// Sets every CSRF field of the page to a forged value.
async function forgeCsrf(page) {
  const n = await page.locator('input[name=csrf]').evaluateAll((els) => {
    els.forEach((e) => { e.value = 'forged0000000000000000000000000000000000'; });
    return els.length;
  });
  if (!n) throw new Fail(`CSRF: the form on ${page.url()} has no csrf field`);
}

// Fails unless the page refuses: status in `codes`, a message, in French.
async function expectRefusedInFrench(page, codes, what) {
  const st = lastStatus(page);
  const t = await mainText(page);
  if (!codes.includes(st)) throw new Fail(`${what}: status ${st}, expected ${codes.join(' or ')}: ${t.slice(0, 300)}`);
  await expectLang(page, 'fr', what);
  if (!looksFrench(t)) throw new Fail(`${what}: the message is not in French: ${t.slice(0, 300)}`);
}

// ------------------------------------------------------------------ the steps

async function home(step) {
  const page = step.page;
  await open(run, page, '/', 'home page');
  await expectLang(page, 'fr', 'home page');
  await control(page, 'heading', /.+/, 'home page');
  await control(page, 'link', T.verify, 'home page');
  await control(page, 'link', T.signUp, 'home page');
}

async function issuerSignsUp(step) {
  await open(run, step.page, '/', 'home page');
  await signUp(step.page, issuer);
  S.issuerSignedUp = true;
}

async function issuerConfirms(step) {
  await confirmEmail(step.page, issuer);
  S.issuerConfirmed = true;
}

async function issuerLogsInWithKeyboard(step) {
  const page = step.page;
  if (await loggedIn(page)) await logOut(page);
  await logIn(page, issuer, { keyboard: true });
  S.issuerIn = true;
}

async function issuerCreatesProfile(step) {
  const page = step.page;
  await follow(run, page, T.dashboard, 'dashboard link');
  await follow(run, page, /(créer|nouvel|ajouter) (un )?émetteur|créer (une )?organisation/i, 'dashboard (new issuer)');
  await fill(page, /^nom/i, org.name, 'issuer form');
  await fillIfAny(page, /site|url|adresse web/i, org.url);
  await fillIfAny(page, T.email, issuer.email);
  await fillIfAny(page, /^description/i, org.description);
  await press(run, page, /créer|enregistrer/i, 'issuer form');
  await expectText(page, new RegExp(org.name, 'i'), 'after creating the issuer');
  S.org = true;
}

async function badgeUploadNotImage(step) {
  const page = step.page;
  await follow(run, page, T.dashboard, 'dashboard link');
  await follow(run, page, /(créer|nouveau|ajouter) (un )?badge/i, 'dashboard (new badge)');
  const fake = path.join(tmp, 'pas-une-image.png');
  fs.writeFileSync(fake, 'Ceci est du texte, pas une image.\n');
  await fillBadge(page, { ...badge, name: 'Badge sans image valide' }, fake);
  await press(run, page, /enregistrer|créer/i, 'badge editor', { ok: [200, 400, 415, 422] });
  const t = await expectText(page, /image/i, 'badge editor after a text file as image');
  if (!(await page.locator('[role=alert], .error-message, .flash-error').count())) {
    throw new Fail(`badge editor: no error shown for a file that is not an image: ${t.slice(0, 300)}`);
  }
  if (!looksFrench(t)) throw new Fail(`badge editor: the error is not in French: ${t.slice(0, 300)}`);
  await follow(run, page, T.dashboard, 'dashboard link');
  await expectNoText(page, /Badge sans image valide/, 'dashboard after a refused upload');
}

async function issuerCreatesBadge(step) {
  const page = step.page;
  await follow(run, page, T.dashboard, 'dashboard link');
  await follow(run, page, /(créer|nouveau|ajouter) (un )?badge/i, 'dashboard (new badge)');
  await fillBadge(page, badge, await makePng(path.join(tmp, 'badge.png')));
  await press(run, page, /enregistrer|créer/i, 'badge editor');
  await expectText(page, new RegExp(badge.name, 'i'), 'after saving the badge');
  S.badge = true;
}

async function forgedCsrfRefused(step) {
  const page = step.page;
  await toBadge(page);
  await follow(run, page, /modifier/i, 'badge page (edit link)');
  await fill(page, /^nom/i, 'Badge modifié par un faussaire', 'badge editor');
  await forgeCsrf(page);
  await press(run, page, /enregistrer/i, 'badge editor with a forged CSRF token', { ok: [400, 403] });
  await expectRefusedInFrench(page, [400, 403], 'forged CSRF token');
  await toBadge(page);
  await expectNoText(page, /faussaire/, 'badge page after the forged request');
}

async function issuerAwards(step) {
  await award(step.page, earner);
  S.awarded = true;
}

async function issuerAwardsSecond(step) {
  await award(step.page, earner2);
  S.awarded2 = true;
}

async function earnerOpensEmail(step) {
  const { message, link } = await waitForMail(args.data, earner.email, /\/claim\//, mailSeen);
  S.claimUrl = link;
  S.credentialUrl = message.links.find((l) => /\/credentials\//.test(l)) || null;
  if (!new RegExp(badge.name).test(message.text)) throw new Fail(`claim e-mail: the badge name is not in it: ${message.text.slice(0, 300)}`);
  // what a person sees: the e-mail's text, as a page
  await step.page.setContent(`<!DOCTYPE html><html lang="fr"><title>${message.subject}</title><pre style="white-space:pre-wrap;font:14px sans-serif">${
    message.text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]))}</pre></html>`);
}

async function claimLinkNotOneRefused(step) {
  const page = step.page;
  await open(run, page, '/claim/pas-un-vrai-lien-0000000000000000', 'forged claim link', { ok: [400, 404, 410] });
  await expectRefusedInFrench(page, [400, 404, 410], 'forged claim link');
}

async function earnerClaims(step) {
  await claim(step.page, S.claimUrl, earner);
  S.claimed = true;
}

async function earnerBackpack(step) {
  const page = step.page;
  await follow(run, page, T.myBadges, 'header (my badges)');
  await expectText(page, new RegExp(badge.name, 'i'), 'backpack');
}

async function earnerMakesPublic(step) {
  const page = step.page;
  await follow(run, page, badge.name, 'backpack (the badge)');
  const box = page.getByRole('checkbox', { name: /public/i });
  if (await box.count()) {
    await box.first().check();
    await press(run, page, /enregistrer|mettre à jour/i, 'visibility form');
  } else {
    await press(run, page, /rendre public|publier/i, 'badge in the backpack (make public)');
  }
  await expectText(page, /public/i, 'after making the badge public');
  S.public = true;
}

async function earnerShares(step) {
  const page = step.page;
  const linkedin = page.locator('a[href*="linkedin.com"]');
  if (!(await linkedin.count())) throw new Fail(`share: no LinkedIn "add to profile" link on ${page.url()}`);
  const href = await linkedin.first().getAttribute('href');
  if (!/linkedin\.com\/profile\/add/.test(href)) throw new Fail(`share: the LinkedIn link is not "add to profile": ${href}`);
  const cred = page.locator('a[href*="/credentials/"]');
  if (await cred.count()) S.credentialUrl = new URL(await cred.first().getAttribute('href'), page.url()).href.replace(/\.(json|png|svg|jwt)$/, '');
  const png = await control(page, 'link', /image|png/i, 'share (download the baked image)');
  S.bakedPng = path.join(tmp, 'badge-baked.png');
  const pngHref = new URL(await png.getAttribute('href'), page.url()).href;
  if (await png.getAttribute('download') !== null) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), png.click()]);
    await download.saveAs(S.bakedPng);
  } else {
    // a plain link to the image: what the browser would show, fetched with the page's cookies
    const res = await page.context().request.get(pngHref);
    if (!res.ok()) throw new Fail(`share: the baked image ${pngHref} answered ${res.status()}`);
    fs.writeFileSync(S.bakedPng, await res.body());
  }
  const head = fs.readFileSync(S.bakedPng).subarray(0, 8).toString('hex');
  if (head !== '89504e470d0a1a0a') throw new Fail('share: the downloaded image is not a PNG');
}

async function credentialPage(step) {
  const page = step.page;
  await open(run, page, S.credentialUrl, 'credential page');
  await expectText(page, new RegExp(badge.name, 'i'), 'credential page');
  for (const p of ['og:title', 'og:url', 'og:image']) {
    if (!(await page.locator(`meta[property="${p}"]`).count())) throw new Fail(`credential page: no <meta property="${p}">`);
  }
  await expectText(page, /badge valide/i, 'credential page (live verification)');
}

async function visitorVerifiesUrl(step) {
  const page = step.page;
  await open(run, page, '/', 'home page');
  await follow(run, page, T.verify, 'verify link');
  const t = await verifyUrl(page, S.credentialUrl);
  if (!/badge valide/i.test(t)) throw new Fail(`verify page: the credential is not said valid: ${t.slice(0, 400)}`);
  await expectText(page, /réussie/i, 'verify page (checks)');
}

async function visitorVerifiesUpload(step) {
  const page = step.page;
  await open(run, page, '/verify', 'verify page');
  const input = await field(page, /fichier|image|téléverser|déposer/i, 'verify page (file)');
  await input.setInputFiles(S.bakedPng);
  const form = page.locator('form').filter({ has: input }).first();
  const b = form.getByRole('button', { name: /^vérifier/i }).first();
  await navigate(run, page, 'verify page (upload)', async () => {
    await b.focus();
    await page.keyboard.press('Enter');
  });
  await expectText(page, /badge valide/i, 'verify page after the upload');
}

async function verifyInEnglish(step) {
  const page = step.page;
  await open(run, page, '/verify', 'verify page');
  await follow(run, page, 'English', 'language switch');
  await expectLang(page, 'en', 'verify page in English');
  await control(page, 'heading', /verify a badge/i, 'verify page in English');
  const t = await verifyUrl(page, S.credentialUrl, 'en');
  if (!/valid badge/i.test(t)) throw new Fail(`verify page (English): not said valid: ${t.slice(0, 400)}`);
  await expectLang(page, 'en', 'verify report in English');
  await follow(run, page, 'Français', 'language switch back');
  await expectLang(page, 'fr', 'back in French');
}

async function verifyWithoutJavaScript(step) {
  const page = step.page;
  await open(run, page, '/verify', 'verify page without JavaScript');
  const t = await verifyUrl(page, S.credentialUrl);
  if (!/badge valide/i.test(t)) throw new Fail(`verify page without JavaScript: not said valid: ${t.slice(0, 400)}`);
}

async function loginWithoutJavaScript(step) {
  const page = step.page;
  await open(run, page, '/', 'home page without JavaScript');
  await logIn(page, issuer);
  await logOut(page);
}

async function claimByWrongAccountRefused(step) {
  // the issuer, logged in as formation@…, opens the link sent to sam.durand@…
  const page = step.page;
  const { link } = await waitForMail(args.data, earner2.email, /\/claim\//, mailSeen);
  S.claimUrl2 = link;
  await open(run, page, link, 'claim link of another person');
  const claimButton = /récupérer|accepter|ajouter à mes badges|réclamer/i;
  if (await hasControl(page, 'button', claimButton)) {
    await press(run, page, claimButton, 'claim by the wrong account', { ok: [200, 400, 403, 409] });
  }
  const t = await mainText(page);
  if (!/ne correspond|pas à vous|autre adresse|adresse électronique/i.test(t) || !looksFrench(t)) {
    throw new Fail(`claim by the wrong account: not refused in French: ${t.slice(0, 300)}`);
  }
  await follow(run, page, T.myBadges, 'header (my badges)');
  await expectNoText(page, new RegExp(badge.name, 'i'), 'the issuer’s own badges after a refused claim');
}

async function claimWithoutJavaScript(step) {
  await claim(step.page, S.claimUrl2, earner2);
}

async function issuerRevokes(step) {
  const page = step.page;
  await toBadge(page);
  await follow(run, page, new RegExp(`${earner.name}|${earner.email.replace(/\./g, '\\.')}`, 'i'), 'awards of the badge');
  await fill(page, /motif|raison/i, 'Attribué par erreur.', 'revocation form');
  await press(run, page, /révoquer/i, 'revocation form');
  await expectText(page, /révoqué/i, 'after revoking');
  S.revoked = true;
}

async function credentialPageSaysRevoked(step) {
  const page = step.page;
  await open(run, page, S.credentialUrl, 'credential page');
  await expectText(page, /révoqué/i, 'credential page after revocation');
  await expectNoText(page, /badge valide/i, 'credential page after revocation');
}

async function verifyPageSaysRevoked(step) {
  const page = step.page;
  await open(run, page, '/verify', 'verify page');
  const t = await verifyUrl(page, S.credentialUrl);
  if (/badge valide/i.test(t) || !/révoqué/i.test(t)) throw new Fail(`verify page after revocation: ${t.slice(0, 400)}`);
}

// ------------------------------------------------------------------ main

const browser = await launch();
let code = 1;
try {
  const ctx = (opts = {}) => browser.newContext({
    locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' },
    viewport: { width: 1024, height: 800 }, bypassCSP: true, acceptDownloads: true, ...opts,
  });
  const issuerCtx = await ctx();
  const earnerCtx = await ctx();
  const visitorCtx = await ctx();
  const noJsCtx = await ctx({ javaScriptEnabled: false, bypassCSP: false });
  noJsCtx._recoJs = false;
  const noJsClaimCtx = await ctx({ javaScriptEnabled: false, bypassCSP: false });
  noJsClaimCtx._recoJs = false;
  const issuerPage = track(await issuerCtx.newPage());
  const earnerPage = track(await earnerCtx.newPage());
  const visitorPage = track(await visitorCtx.newPage());
  const noJsPage = track(await noJsCtx.newPage());
  const noJsClaimPage = track(await noJsClaimCtx.newPage());
  for (const p of [issuerPage, earnerPage, visitorPage, noJsPage, noJsClaimPage]) p.setDefaultTimeout(8000);

  const steps = [
    ['home', visitorPage, home],
    ['issuer-signs-up', issuerPage, issuerSignsUp],
    ['issuer-confirms', issuerPage, issuerConfirms, ['issuerSignedUp']],
    ['issuer-logs-in-with-keyboard', issuerPage, issuerLogsInWithKeyboard, ['issuerConfirmed']],
    ['issuer-creates-profile', issuerPage, issuerCreatesProfile, ['issuerIn']],
    ['badge-upload-not-an-image', issuerPage, badgeUploadNotImage, ['org']],
    ['issuer-creates-badge', issuerPage, issuerCreatesBadge, ['org']],
    ['forged-csrf-refused', issuerPage, forgedCsrfRefused, ['badge']],
    ['issuer-awards', issuerPage, issuerAwards, ['badge']],
    ['issuer-awards-second-earner', issuerPage, issuerAwardsSecond, ['badge']],
    ['earner-opens-email', earnerPage, earnerOpensEmail, ['awarded']],
    ['claim-link-not-one-refused', visitorPage, claimLinkNotOneRefused],
    ['earner-claims', earnerPage, earnerClaims, ['claimUrl']],
    ['earner-backpack', earnerPage, earnerBackpack, ['claimed']],
    ['earner-makes-public', earnerPage, earnerMakesPublic, ['claimed']],
    ['earner-shares', earnerPage, earnerShares, ['public']],
    ['credential-page', visitorPage, credentialPage, ['credentialUrl']],
    ['visitor-verifies-url', visitorPage, visitorVerifiesUrl, ['credentialUrl']],
    ['visitor-verifies-upload', visitorPage, visitorVerifiesUpload, ['bakedPng']],
    ['verify-in-english', visitorPage, verifyInEnglish, ['credentialUrl']],
    ['verify-without-javascript', noJsPage, verifyWithoutJavaScript, ['credentialUrl']],
    ['login-without-javascript', noJsPage, loginWithoutJavaScript, ['issuerConfirmed']],
    ['claim-by-wrong-account-refused', issuerPage, claimByWrongAccountRefused, ['awarded2', 'issuerIn']],
    ['claim-without-javascript', noJsClaimPage, claimWithoutJavaScript, ['claimUrl2']],
    ['issuer-revokes', issuerPage, issuerRevokes, ['claimed']],
    ['credential-page-says-revoked', visitorPage, credentialPageSaysRevoked, ['revoked', 'credentialUrl']],
    ['verify-page-says-revoked', visitorPage, verifyPageSaysRevoked, ['revoked', 'credentialUrl']],
  ];
  for (const [name, page, fn, needs] of steps) {
    await run.step(name, page, fn, S, needs || []);
  }
  code = run.failed ? 1 : 0;
} catch (e) {
  console.log('FAIL the journey stopped: ' + (e.stack || e));
} finally {
  await browser.close().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`browser journey: ${run.passed} passed, ${run.failed} failed` +
  (run.failures.length ? ` (${run.failures.join(', ')})` : '') + `; screenshots in ${args.shots}`);
process.exit(code);
