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

const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CLAIM_BUTTON = /ajouter le badge à mon sac|récupérer le badge|réclamer le badge/i;

// Signs up through the link `linkName` of the page and checks that the page asks to confirm.
async function signUp(page, who, linkName = T.signUp) {
  await follow(run, page, linkName, 'sign-up link');
  await fill(page, T.email, who.email, 'sign-up form');
  await fill(page, T.password, who.password, 'sign-up form');
  await fillIfAny(page, T.passwordAgain, who.password);
  await fillIfAny(page, /^(votre nom|nom)/i, who.name);
  await press(run, page, /créer (mon|le|un) compte|s’inscrire|s'inscrire/i, 'sign-up form');
  await expectText(page, /consultez vos e-mails|confirmer votre adresse/i, 'after sign-up');
}

// Opens the confirmation link of the last e-mail to `who` and checks the page confirms.
async function confirmEmail(page, who) {
  const { link } = await waitForMail(args.data, who.email, /\/confirm\//, mailSeen);
  await open(run, page, link, 'confirmation link');
  await expectText(page, /adresse e-mail (est )?confirmée/i, 'confirmation page');
}

async function loggedIn(page) {
  return hasControl(page, 'button', T.logOut);
}

// Logs in through the link `linkName`; with keyboard, reaches each field with Tab as a person
// would and submits with Enter.
async function logIn(page, who, { keyboard = false, linkName = T.logIn } = {}) {
  await follow(run, page, linkName, 'log-in link');
  const email = await field(page, T.email, 'log-in form');
  const pw = await field(page, T.password, 'log-in form');
  if (keyboard) {
    await page.locator('body').focus();
    await tabTo(page, email, 'the e-mail field of the log-in form');
    await page.keyboard.type(who.email);
    await tabTo(page, pw, 'the password field of the log-in form');
    await page.keyboard.type(who.password);
    const button = await control(page, 'button', T.logIn, 'log-in form');
    await tabTo(page, button, 'the button of the log-in form');
    await navigate(run, page, 'log-in form', () => page.keyboard.press('Enter'));
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

// The issuer's page of the dashboard.
async function toIssuer(page) {
  await follow(run, page, T.dashboard, 'dashboard link');
  await follow(run, page, org.name, 'the issuer on the dashboard');
}

// Fills the badge editor; `image` is a file to upload (or null).
async function fillBadge(page, b, image) {
  await fill(page, /^nom du badge/i, b.name, 'badge editor');
  await fill(page, /^description/i, b.description, 'badge editor');
  await fill(page, /^critères/i, b.criteria, 'badge editor');
  if (image) {
    const radio = await field(page, /^envoyer une image/i, 'badge editor (upload choice)');
    await radio.check();
    const input = await field(page, /^fichier image/i, 'badge editor (image file)');
    await input.setInputFiles(image);
  }
}

// Awards the badge to `who` from the issuer's page.
async function award(page, who) {
  await toIssuer(page);
  await follow(run, page, new RegExp(`^décerner ${esc(badge.name)}`, 'i'), 'award link of the badge');
  await fill(page, T.email, who.email, 'award form');
  await fillIfAny(page, /^nom de la personne/i, who.name);
  await fillIfAny(page, /pourquoi/i, `${who.name} a mené l’exercice de bout en bout.`);
  await press(run, page, /^décerner le badge/i, 'award form', { ok: [200, 201] });
  await expectText(page, new RegExp(`décerné à ${esc(who.email)}`, 'i'), 'after the award');
}

// Claims with `page` from the e-mail's link: when signed out, signs up from the claim page,
// confirms the e-mail, logs in from the claim page and claims.
async function claim(page, claimUrl, who) {
  await open(run, page, claimUrl, 'claim link');
  await expectText(page, /vous avez reçu un badge/i, 'claim page');
  await expectText(page, new RegExp(esc(badge.name), 'i'), 'claim page');
  if (!(await hasControl(page, 'button', CLAIM_BUTTON))) {
    await signUp(page, who, /s.inscrire pour réclamer/i);
    await confirmEmail(page, who);
    await open(run, page, claimUrl, 'claim link after signing up');
    await logIn(page, who, { linkName: /se connecter pour réclamer/i });
    if (!(await hasControl(page, 'button', CLAIM_BUTTON))) {
      // the log-in did not come back to the claim page: open the link again
      await open(run, page, claimUrl, 'claim link after logging in');
    }
  }
  await press(run, page, CLAIM_BUTTON, 'claim page');
  await expectText(page, /sac à badges/i, 'after the claim');
  await expectNoText(page, /n.a pas passé la vérification|autre adresse/i, 'after the claim');
}

// Verifies `url` on the verify page the page is on; returns the text of the result.
async function verifyUrl(page, url, lang = 'fr') {
  const urlLabel = lang === 'fr' ? /^adresse d.un badge/i : /^address of a badge/i;
  const input = await field(page, urlLabel, 'verify page (URL)');
  await input.fill(url);
  const form = page.locator('form').filter({ has: input }).first();
  const b = form.getByRole('button', { name: lang === 'fr' ? /^vérifier$/i : /^verify$/i });
  if (!(await b.count())) throw new Fail(`verify page: no "Vérifier" button in the form of the URL on ${page.url()}`);
  await navigate(run, page, 'verify page', async () => {
    await b.first().focus();
    await page.keyboard.press('Enter');
  });
  return resultText(page);
}

// The text of the verification report on the page.
async function resultText(page) {
  const r = page.locator('.report').first();
  if (!(await r.count())) throw new Fail(`no verification report on ${page.url()}: ${(await mainText(page)).slice(0, 400)}`);
  return (await r.innerText()).replace(/\s+/g, ' ');
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
  return t;
}

// ------------------------------------------------------------------ the steps

async function home(step) {
  const page = step.page;
  await open(run, page, '/', 'home page');
  await expectLang(page, 'fr', 'home page');
  await control(page, 'heading', /open badges/i, 'home page');
  await control(page, 'link', T.verify, 'home page');
  await control(page, 'link', T.signUp, 'home page');
  // the first Tab reaches the skip link, which moves the focus to the main content
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
  if (!/aller au contenu principal/i.test(first || '')) throw new Fail(`keyboard: the first Tab reaches "${first}", not the skip link`);
  await page.keyboard.press('Enter');
  const inMain = await page.evaluate(() => !!document.activeElement.closest('main'));
  if (!inMain) throw new Fail('keyboard: the skip link does not move the focus to <main>');
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
  await follow(run, page, /^créer un émetteur/i, 'dashboard (new issuer)');
  await fill(page, /^nom de l.organisation/i, org.name, 'issuer form');
  await fillIfAny(page, /^site web/i, org.url);
  await fillIfAny(page, T.email, issuer.email);
  await fillIfAny(page, /^description/i, org.description);
  await press(run, page, /^créer l.émetteur/i, 'issuer form');
  await expectText(page, new RegExp(esc(org.name), 'i'), 'after creating the issuer');
  S.org = true;
}

async function badgeUploadNotImage(step) {
  const page = step.page;
  await toIssuer(page);
  await follow(run, page, /^créer un badge/i, 'issuer page (new badge)');
  const fake = path.join(tmp, 'pas-une-image.png');
  fs.writeFileSync(fake, 'Ceci est du texte, pas une image.\n');
  await fillBadge(page, { ...badge, name: 'Badge sans image valide' }, fake);
  await press(run, page, /^enregistrer le badge/i, 'badge editor', { ok: [200, 400, 415, 422] });
  const t = await expectText(page, /image/i, 'badge editor after a text file as image');
  const errors = page.locator('.error-summary, .error-message, .flash-error');
  if (!(await errors.count())) {
    throw new Fail(`badge editor: no error shown for a file that is not an image: ${t.slice(0, 300)}`);
  }
  const msg = (await errors.allInnerTexts()).join(' ');
  await run.shot(page, 'refused');
  if (!looksFrench(msg)) throw new Fail(`badge editor: the error is not in French: ${msg}`);
  await toIssuer(page);
  await expectNoText(page, /Badge sans image valide/, 'issuer page after a refused upload');
}

async function badgeUploadTooLarge(step) {
  const page = step.page;
  await toIssuer(page);
  await follow(run, page, /^créer un badge/i, 'issuer page (new badge)');
  const big = await makePng(path.join(tmp, 'trop-grande.png'), 460, 460, null, true);
  await fillBadge(page, { ...badge, name: 'Badge à l’image trop grande' }, big);
  await press(run, page, /^enregistrer le badge/i, 'badge editor', { ok: [200, 400, 413, 422] });
  const t = await mainText(page);
  await run.shot(page, 'refused');
  if (!/dépasse 512 Ko|trop volumineux/i.test(t) || !looksFrench(t)) {
    throw new Fail(`badge editor: an image of ${fs.statSync(big).size} bytes is not refused in French: ${t.slice(0, 300)}`);
  }
  await toIssuer(page);
  await expectNoText(page, /image trop grande/, 'issuer page after a refused upload');
}

async function issuerCreatesBadge(step) {
  const page = step.page;
  await toIssuer(page);
  await follow(run, page, /^créer un badge/i, 'issuer page (new badge)');
  await fillBadge(page, badge, await makePng(path.join(tmp, 'badge.png')));
  await press(run, page, /^enregistrer le badge/i, 'badge editor');
  await expectText(page, /badge est enregistré/i, 'after saving the badge');
  await toIssuer(page);
  await expectText(page, new RegExp(esc(badge.name), 'i'), 'issuer page after saving the badge');
  S.badge = true;
}

async function forgedCsrfRefused(step) {
  const page = step.page;
  await toIssuer(page);
  await follow(run, page, new RegExp(`^modifier ${esc(badge.name)}`, 'i'), 'issuer page (edit the badge)');
  await fill(page, /^nom du badge/i, 'Badge modifié par un faussaire', 'badge editor');
  await forgeCsrf(page);
  await press(run, page, /^enregistrer le badge/i, 'badge editor with a forged CSRF token', { ok: [400, 403] });
  await expectRefusedInFrench(page, [400, 403], 'forged CSRF token');
  await expectText(page, /rien n.a été modifié/i, 'forged CSRF token');
  await run.shot(page, 'refused');
  await toIssuer(page);
  await expectNoText(page, /faussaire/, 'issuer page after the forged request');
  await expectText(page, new RegExp(esc(badge.name), 'i'), 'issuer page after the forged request');
}

async function issuerAwards(step) {
  await award(step.page, earner);
  S.awarded = true;
}

async function issuerAwardsSecond(step) {
  await award(step.page, earner2);
  S.awarded2 = true;
}

async function issuerAwardsFromCsv(step) {
  const page = step.page;
  await toIssuer(page);
  await follow(run, page, new RegExp(`^décerner depuis un fichier csv ${esc(badge.name)}`, 'i'), 'issuer page (CSV award)');
  const csv = path.join(tmp, 'promotion.csv');
  fs.writeFileSync(csv, 'name,email,narrative\nAmina Diallo,amina.diallo@example.org,Exercice réussi\n' +
    'Sans adresse,pas-une-adresse,Ligne fautive\nYann Le Gall,yann.legall@example.org,Exercice réussi\n');
  await (await field(page, /^fichier csv/i, 'CSV form')).setInputFiles(csv);
  await press(run, page, /^envoyer le fichier/i, 'CSV form', { ok: [200, 201, 202] });
  await expectText(page, /attributions depuis un fichier csv/i, 'job page');
  try {
    await page.getByText(/terminé :/i).waitFor({ timeout: 30000 });
  } catch {
    throw new Fail(`job page: not finished after 30 s: ${(await mainText(page)).slice(0, 300)}`);
  }
  await page.waitForLoadState('load');
  await run.axe(page);
  const t = await expectText(page, /2 décernés, 1 refusés?, sur 3 lignes/i, 'job page');
  if (!/refusé/i.test(t)) throw new Fail(`job page: no row said refused: ${t.slice(0, 300)}`);
}

async function forgedSessionCookie(step) {
  const page = step.page;
  await page.context().addCookies([{ name: 'reco_session', value: 'forged0000000000000000000000000000000000000000', url: run.base }]);
  await open(run, page, '/dashboard', 'dashboard with a forged session cookie', { ok: [200, 401, 403] });
  if (await loggedIn(page)) throw new Fail('a forged session cookie is taken as signed in');
  await expectLang(page, 'fr', 'dashboard with a forged session cookie');
  await control(page, 'button', T.logIn, 'dashboard with a forged session cookie (the log-in form)');
  await page.context().clearCookies();
}

async function scriptInFieldsEscaped(step) {
  const page = step.page;
  const evil = '<script>window.__pwned = 1</script><b>gras</b> "guillemets" & \'apostrophes\'';
  let dialog = null;
  const onDialog = (d) => { dialog = d.message(); d.dismiss().catch(() => {}); };
  page.on('dialog', onDialog);
  try {
    await toIssuer(page);
    await fill(page, /^description/i, evil, 'issuer profile');
    await press(run, page, /^enregistrer le profil/i, 'issuer profile');
    await expectText(page, /modifications sont enregistrées/i, 'after saving the profile');
    await follow(run, page, /^page publique de l.émetteur/i, 'issuer page (public page)');
    const t = await mainText(page);
    if (!t.includes('<b>gras</b>')) throw new Fail(`public issuer page: the description is not shown as text: ${t.slice(0, 300)}`);
    const bad = await page.evaluate(() => ({ pwned: window.__pwned, bold: [...document.querySelectorAll('main b')].some((b) => b.textContent === 'gras') }));
    if (bad.pwned || bad.bold || dialog) throw new Fail('public issuer page: the description was rendered as HTML');
  } finally {
    page.off('dialog', onDialog);
  }
}

async function passwordReset(step) {
  const page = step.page;
  await open(run, page, '/', 'home page');
  await follow(run, page, T.logIn, 'log-in link');
  await follow(run, page, /mot de passe oublié/i, 'log-in page (forgotten password)');
  await fill(page, T.email, earner.email, 'reset form');
  await press(run, page, /^m.envoyer un lien/i, 'reset form');
  await expectText(page, /si un compte utilise cette adresse/i, 'after asking for a reset link');
  const { link } = await waitForMail(args.data, earner.email, /\/reset\//, mailSeen);
  await open(run, page, link, 'reset link');
  earner.password = 'Nouveau mot de passe 2026';
  await fill(page, /^nouveau mot de passe/i, earner.password, 'new password form');
  await press(run, page, /^enregistrer le nouveau mot de passe/i, 'new password form');
  await expectText(page, /nouveau mot de passe est enregistré/i, 'after the new password');
  if (!(await loggedIn(page))) await logIn(page, earner);
  await open(run, page, link, 'the reset link a second time', { ok: [200, 400, 404, 410] });
  await expectText(page, /n.est pas valable|a expiré|pas valide/i, 'the reset link a second time');
}

async function narrowScreen(step) {
  const page = step.page;
  await page.setViewportSize({ width: 360, height: 740 });
  await open(run, page, S.shareUrl, 'share page on a narrow screen');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 1) {
    const wide = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      return [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > w + 1 &&
        ![...e.children].some((c) => c.getBoundingClientRect().right > w + 1))
        .slice(0, 6).map((e) => `<${e.tagName.toLowerCase()}${e.className ? ' class="' + e.className + '"' : ''}> ${Math.round(e.getBoundingClientRect().right)} px: ${(e.textContent || '').trim().slice(0, 50)}`);
    });
    throw new Fail(`share page on a 360 px screen: ${overflow} px wider than the screen; too wide: ${wide.join('; ')}`);
  }
}

async function earnerOpensEmail(step) {
  const { message, link } = await waitForMail(args.data, earner.email, /\/claim\//, mailSeen);
  S.claimUrl = link;
  S.credentialUrl = message.links.find((l) => /\/credentials\//.test(l)) || null;
  if (!message.text.includes(badge.name)) throw new Fail(`claim e-mail: the badge name is not in it: ${message.text.slice(0, 300)}`);
  // what a person sees: the e-mail's text, as a page
  await step.page.setContent(`<!DOCTYPE html><html lang="fr"><title>${message.subject}</title><pre style="white-space:pre-wrap;font:14px sans-serif">${
    message.text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]))}</pre></html>`);
}

async function claimLinkNotOneRefused(step) {
  const page = step.page;
  await open(run, page, '/claim/pas-un-vrai-lien-0000000000000000', 'forged claim link', { ok: [400, 404, 410] });
  await expectRefusedInFrench(page, [400, 404, 410], 'forged claim link');
  await expectText(page, /lien de réception n.est pas valide/i, 'forged claim link');
}

async function earnerClaims(step) {
  await claim(step.page, S.claimUrl, earner);
  S.claimed = true;
}

async function earnerBackpack(step) {
  const page = step.page;
  await follow(run, page, T.myBadges, 'header (my badges)');
  await expectText(page, new RegExp(esc(badge.name), 'i'), 'backpack');
  await expectText(page, /privé/i, 'backpack (a claimed badge starts private)');
}

async function earnerMakesPublic(step) {
  const page = step.page;
  await press(run, page, new RegExp(`^rendre « ${esc(badge.name)} » public`, 'i'), 'backpack (make public)');
  await expectText(page, /le badge est public/i, 'after making the badge public');
  S.public = true;
}

async function earnerShares(step) {
  const page = step.page;
  await follow(run, page, new RegExp(`^page de partage de « ${esc(badge.name)} »`, 'i'), 'backpack (share page)');
  await expectText(page, new RegExp(esc(badge.name), 'i'), 'share page');
  const linkedin = await control(page, 'link', /ajouter à mon profil linkedin/i, 'share page');
  const href = await linkedin.getAttribute('href');
  if (!/^https:\/\/www\.linkedin\.com\/profile\/add\?/.test(href)) throw new Fail(`share: the LinkedIn link is not "add to profile": ${href}`);
  const lu = new URL(href);
  if (lu.searchParams.get('name') !== badge.name) throw new Fail(`share: the LinkedIn link does not name the badge: ${href}`);
  S.shareUrl = await (await field(page, /^lien vers cette page/i, 'share page')).inputValue();
  const cred = page.locator('main a[href*="/credentials/"]');
  if (await cred.count()) S.credentialUrl = new URL(await cred.first().getAttribute('href'), page.url()).href.replace(/\.(json|png|svg|jwt)$/, '');
  const png = await control(page, 'link', /image du badge \(png\)/i, 'share page (download the baked image)');
  S.bakedPng = path.join(tmp, 'badge-baked.png');
  if (await png.getAttribute('download') !== null) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), png.click()]);
    await download.saveAs(S.bakedPng);
  } else {
    const pngHref = new URL(await png.getAttribute('href'), page.url()).href;
    const res = await page.context().request.get(pngHref);
    if (!res.ok()) throw new Fail(`share: the baked image ${pngHref} answered ${res.status()}`);
    fs.writeFileSync(S.bakedPng, await res.body());
  }
  const head = fs.readFileSync(S.bakedPng).subarray(0, 8).toString('hex');
  if (head !== '89504e470d0a1a0a') throw new Fail('share: the downloaded image is not a PNG');
}

async function visitorOpensSharedLink(step) {
  const page = step.page;
  await open(run, page, S.shareUrl, 'shared link');
  await expectText(page, new RegExp(esc(badge.name), 'i'), 'share page seen by a visitor');
  for (const p of ['og:title', 'og:url', 'og:image']) {
    if (!(await page.locator(`meta[property="${p}"]`).count())) throw new Fail(`share page: no <meta property="${p}">`);
  }
  const og = await page.locator('meta[property="og:title"]').getAttribute('content');
  if (!og.includes(badge.name)) throw new Fail(`share page: og:title is "${og}"`);
  await expectText(page, /badge valide/i, 'share page (verification)');
}

async function credentialPage(step) {
  const page = step.page;
  await open(run, page, S.credentialUrl, 'credential page');
  await expectText(page, new RegExp(esc(badge.name), 'i'), 'credential page');
  await expectText(page, /non révoqué/i, 'credential page (status)');
  const t = await resultText(page);
  if (!/badge valide/i.test(t)) throw new Fail(`credential page: the live verification does not say valid: ${t.slice(0, 400)}`);
}

async function visitorVerifiesUrl(step) {
  const page = step.page;
  await open(run, page, '/', 'home page');
  await follow(run, page, T.verify, 'verify link');
  const t = await verifyUrl(page, S.credentialUrl);
  if (!/badge valide/i.test(t)) throw new Fail(`verify page: the credential is not said valid: ${t.slice(0, 400)}`);
  if (!/réussie/i.test(t)) throw new Fail(`verify page: no check said "Réussie": ${t.slice(0, 400)}`);
}

async function visitorVerifiesUpload(step) {
  const page = step.page;
  await open(run, page, '/verify', 'verify page');
  const input = await field(page, /^fichier du badge/i, 'verify page (file)');
  await input.setInputFiles(S.bakedPng);
  const form = page.locator('form').filter({ has: input }).first();
  const b = form.getByRole('button', { name: /^vérifier$/i }).first();
  await navigate(run, page, 'verify page (upload)', async () => {
    await b.focus();
    await page.keyboard.press('Enter');
  });
  const t = await resultText(page);
  if (!/badge valide/i.test(t)) throw new Fail(`verify page (baked PNG): not said valid: ${t.slice(0, 400)}`);
}

async function verifyInEnglish(step) {
  const page = step.page;
  await open(run, page, '/verify', 'verify page');
  await follow(run, page, 'English', 'language switch');
  await expectLang(page, 'en', 'verify page in English');
  await control(page, 'heading', /^verify a badge/i, 'verify page in English');
  const t = await verifyUrl(page, S.credentialUrl, 'en');
  if (!/valid badge/i.test(t)) throw new Fail(`verify page (English): not said valid: ${t.slice(0, 400)}`);
  await expectLang(page, 'en', 'verify report in English');
  await run.shot(page, 'en');
  if (/réussie|vérification/i.test(t)) throw new Fail(`verify page (English): French words in the report: ${t.slice(0, 400)}`);
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
  await press(run, page, CLAIM_BUTTON, 'claim by the wrong account', { ok: [200, 400, 403, 409] });
  const t = await mainText(page);
  await run.shot(page, 'refused');
  if (!/décerné à une autre adresse/i.test(t) || !looksFrench(t)) {
    throw new Fail(`claim by the wrong account: not refused in French: ${t.slice(0, 300)}`);
  }
  await follow(run, page, T.myBadges, 'header (my badges)');
  await expectNoText(page, new RegExp(esc(badge.name), 'i'), 'the issuer’s own badges after a refused claim');
}

async function claimWithoutJavaScript(step) {
  await claim(step.page, S.claimUrl2, earner2);
}

async function issuerRevokes(step) {
  const page = step.page;
  await toIssuer(page);
  await follow(run, page, new RegExp(`^révoquer ${esc(earner.email)}`, 'i'), 'recent awards (revoke)');
  await expectText(page, /vous allez révoquer/i, 'revocation page');
  await fill(page, /^motif/i, 'Attribué par erreur.', 'revocation form');
  await press(run, page, /^révoquer ce badge/i, 'revocation form');
  await expectText(page, /badge est révoqué/i, 'after revoking');
  S.revoked = true;
}

async function credentialPageSaysRevoked(step) {
  const page = step.page;
  await open(run, page, S.credentialUrl, 'credential page');
  await expectText(page, /ce badge a été révoqué par son émetteur/i, 'credential page after revocation');
  await expectText(page, /attribué par erreur/i, 'credential page (the reason)');
  const t = await resultText(page);
  if (/badge valide/i.test(t)) throw new Fail(`credential page after revocation: the report says valid: ${t.slice(0, 400)}`);
}

async function verifyPageSaysRevoked(step) {
  const page = step.page;
  await open(run, page, '/verify', 'verify page');
  const t = await verifyUrl(page, S.credentialUrl);
  if (/badge valide/i.test(t) || !/n.a pas pu être vérifié/i.test(t)) throw new Fail(`verify page after revocation: not refused: ${t.slice(0, 500)}`);
  const status = page.locator('.report tr.check-failed', { hasText: /révoqu|revoked/i });
  if (!(await status.count())) throw new Fail(`verify page after revocation: no failed check says revoked: ${t.slice(0, 800)}`);
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
  const issuerPage = track(await issuerCtx.newPage(), run);
  const earnerPage = track(await earnerCtx.newPage(), run);
  const visitorPage = track(await visitorCtx.newPage(), run);
  const noJsPage = track(await noJsCtx.newPage(), run);
  const noJsClaimPage = track(await noJsClaimCtx.newPage(), run);
  const resetPage = track(await (await ctx()).newPage(), run);
  const narrowPage = track(await (await ctx()).newPage(), run);
  for (const p of [issuerPage, earnerPage, visitorPage, noJsPage, noJsClaimPage, resetPage, narrowPage]) p.setDefaultTimeout(8000);

  const steps = [
    ['home', visitorPage, home],
    ['issuer-signs-up', issuerPage, issuerSignsUp],
    ['issuer-confirms', issuerPage, issuerConfirms, ['issuerSignedUp']],
    ['issuer-logs-in-with-keyboard', issuerPage, issuerLogsInWithKeyboard, ['issuerConfirmed']],
    ['issuer-creates-profile', issuerPage, issuerCreatesProfile, ['issuerIn']],
    ['badge-upload-not-an-image', issuerPage, badgeUploadNotImage, ['org']],
    ['badge-upload-too-large', issuerPage, badgeUploadTooLarge, ['org']],
    ['issuer-creates-badge', issuerPage, issuerCreatesBadge, ['org']],
    ['forged-csrf-refused', issuerPage, forgedCsrfRefused, ['badge']],
    ['issuer-awards', issuerPage, issuerAwards, ['badge']],
    ['issuer-awards-second-earner', issuerPage, issuerAwardsSecond, ['badge']],
    ['issuer-awards-from-csv', issuerPage, issuerAwardsFromCsv, ['badge']],
    ['forged-session-cookie', visitorPage, forgedSessionCookie],
    ['script-in-fields-escaped', issuerPage, scriptInFieldsEscaped, ['org']],
    ['earner-opens-email', earnerPage, earnerOpensEmail, ['awarded']],
    ['claim-link-not-one-refused', visitorPage, claimLinkNotOneRefused],
    ['earner-claims', earnerPage, earnerClaims, ['claimUrl']],
    ['earner-backpack', earnerPage, earnerBackpack, ['claimed']],
    ['earner-makes-public', earnerPage, earnerMakesPublic, ['claimed']],
    ['earner-shares', earnerPage, earnerShares, ['public']],
    ['visitor-opens-shared-link', visitorPage, visitorOpensSharedLink, ['shareUrl']],
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
    ['password-reset', resetPage, passwordReset, ['claimed']],
    ['narrow-screen', narrowPage, narrowScreen, ['shareUrl']],
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
console.log(`axe-core: ${run.axeRuns} runs on ${run.axePages.size} kinds of page (${[...run.axePages].sort().join(' ')})`);
console.log(`browser journey: ${run.passed} passed, ${run.failed} failed` +
  (run.failures.length ? ` (${run.failures.join(', ')})` : '') + `; screenshots in ${args.shots}`);
process.exit(code);
