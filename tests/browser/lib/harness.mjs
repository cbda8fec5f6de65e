// harness.mjs - what the browser journey stands on: Debian's chromium launched by
// playwright-core (never a downloaded browser), named steps with a screenshot each, axe-core on
// every page a step lands on, and navigation helpers that act as a person would (links and
// buttons found by their role and accessible name, fields by their label) and fail with the
// page and the reason when a page or a control is missing.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic'];

export function launch() {
  return chromium.launch({
    executablePath: process.env.RECO_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: 60000,
  });
}

// A test failure whose message is the whole story (no stack trace printed).
export class Fail extends Error {}

// ------------------------------------------------------------------ the run

export class Run {
  constructor(base, shots) {
    this.base = base.replace(/\/$/, '');
    this.shots = shots;
    this.n = 0;
    this.passed = 0;
    this.failed = 0;
    this.failures = [];
    this.current = null;
    this.axeSeen = new Set();
    this.axeRuns = 0;
    this.axePages = new Set();
    fs.mkdirSync(shots, { recursive: true });
    for (const f of fs.readdirSync(shots)) {
      if (/^\d\d-.*\.(png|html)$/.test(f)) fs.rmSync(path.join(shots, f));
    }
  }

  url(p) {
    return this.base + p;
  }

  // Runs fn(step) as step NN name; page (or step.page set by fn) is screenshot at the end.
  // needs: names of state the step uses; when one is missing the step fails without running.
  async step(name, page, fn, state = {}, needs = []) {
    this.n += 1;
    const nn = String(this.n).padStart(2, '0');
    const step = { name, nn, page, problems: [] };
    this.current = step;
    const t0 = Date.now();
    let error = null;
    const missing = needs.filter((k) => state[k] === undefined || state[k] === null);
    if (missing.length) {
      error = new Fail(`not run: it needs ${missing.join(', ')} from an earlier step that failed`);
    } else {
      try {
        await fn(step);
      } catch (e) {
        error = e;
      }
    }
    const shot = path.join(this.shots, `${nn}-${name}.png`);
    const p = step.page;
    if (p && !p.isClosed() && !missing.length) {
      try {
        await p.screenshot({ path: shot, fullPage: true, timeout: 15000 });
      } catch (e) {
        step.problems.push(`screenshot: ${e.message.split('\n')[0]}`);
      }
      if (error || step.problems.length) {
        try {
          fs.writeFileSync(path.join(this.shots, `${nn}-${name}.html`), await p.content());
        } catch {
          /* the page is gone */
        }
      }
    }
    if (error) step.problems.unshift(error instanceof Fail ? error.message : (error.stack || String(error)));
    const ms = Date.now() - t0;
    if (step.problems.length) {
      this.failed += 1;
      this.failures.push(`${nn} ${name}`);
      const where = p && !p.isClosed() && !missing.length ? ` [at ${p.url()}]` : '';
      console.log(`FAIL ${nn} ${name} (${ms} ms)${where}`);
      for (const pr of step.problems) console.log('     ' + pr.split('\n').join('\n     '));
    } else {
      this.passed += 1;
      console.log(`ok   ${nn} ${name} (${ms} ms)`);
    }
    this.current = null;
    return !step.problems.length;
  }

  // A screenshot in the middle of the current step: NN-name-label.png.
  async shot(page, label) {
    const c = this.current;
    if (!c) return;
    await page.screenshot({ path: path.join(this.shots, `${c.nn}-${c.name}-${label}.png`), fullPage: true });
  }

  // A problem that does not stop the step (an axe violation): the step fails at its end.
  problem(msg) {
    if (this.current) this.current.problems.push(msg);
    else console.log('     ' + msg);
  }

  // ---------------------------------------------------------------- axe-core

  // Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is; serious and critical
  // violations are problems of the current step, each with its target and help URL.
  async axe(page, label = '') {
    const where = label || new URL(page.url()).pathname;
    this.axeRuns += 1;
    this.axePages.add(where.replace(/\/[A-Za-z0-9_-]{16,}/g, '/{id}'));
    await page.addScriptTag({ path: AXE_PATH });
    const res = await page.evaluate(async (tags) =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS);
    for (const v of res.violations) {
      const targets = v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ');
      const line = `axe ${v.impact} ${v.id} on ${where}: ${v.help} (${v.helpUrl}) at ${targets}`;
      if (v.impact === 'serious' || v.impact === 'critical') this.problem(line);
      else if (!this.axeSeen.has(v.id + where)) console.log('     note: ' + line);
      this.axeSeen.add(v.id + where);
    }
  }
}

// ------------------------------------------------------------------ pages

// Every page remembers the response of its last main-frame navigation; a file of the page
// (style sheet, image, script) that fails to load and a script error are problems of the step.
export function track(page, run) {
  page.on('response', (r) => {
    const req = r.request();
    if (req.isNavigationRequest() && r.frame() === page.mainFrame()) {
      if (!(r.status() >= 300 && r.status() < 400)) page._recoLast = r;
    } else if (r.status() >= 400 && !/\/favicon\.ico$/.test(r.url()) && run) {
      run.problem(`a file of the page ${pathOf(page)} did not load: ${req.method()} ${r.url()} answered ${r.status()}`);
    }
  });
  page.on('requestfailed', (req) => {
    if (run && !req.isNavigationRequest() && !/net::ERR_ABORTED/.test(req.failure()?.errorText || '')) {
      run.problem(`a file of the page ${pathOf(page)} did not load: ${req.url()} (${req.failure()?.errorText})`);
    }
  });
  page.on('pageerror', (e) => run && run.problem(`script error on ${pathOf(page)}: ${e.message}`));
  return page;
}

// What a person would see is wrong: template text left unrendered, a style sheet that did not
// apply, an image that did not load.
export async function lookCheck(run, page) {
  let r;
  try {
    r = await page.evaluate(() => ({
      mustache: (document.body.innerText.match(/[^\n]{0,40}(\{\{|\}\})[^\n]{0,40}/) || [null])[0],
      sheets: [...document.querySelectorAll('link[rel=stylesheet]')]
        .filter((l) => !l.sheet || !l.sheet.cssRules.length).map((l) => l.href),
      images: [...document.images].filter((i) => i.complete && i.naturalWidth === 0 && i.src).map((i) => i.src),
    }));
  } catch {
    return; // JavaScript off: nothing can be evaluated
  }
  const where = pathOf(page);
  if (r.mustache) run.problem(`unrendered template text on ${where}: "${r.mustache.trim()}"`);
  for (const h of r.sheets) run.problem(`style sheet not applied on ${where}: ${h}`);
  for (const h of r.images) run.problem(`image not shown on ${where}: ${h}`);
}

export function lastStatus(page) {
  return page._recoLast ? page._recoLast.status() : 0;
}

function pathOf(page) {
  try {
    const u = new URL(page.url());
    return u.pathname + u.search;
  } catch {
    return page.url();
  }
}

// The text of <main> (or of the body when there is no main), spaces collapsed.
export async function mainText(page) {
  const main = page.locator('main');
  const t = (await main.count()) ? await main.first().innerText() : await page.locator('body').innerText();
  return t.replace(/\s+/g, ' ').trim();
}

// Fails unless the page answered a status in `ok` (a missing page is named as such).
async function checkStatus(run, page, what, ok) {
  const st = lastStatus(page);
  if (ok.includes(st)) return st;
  const text = (await mainText(page).catch(() => '')).slice(0, 300);
  if (st === 404) throw new Fail(`${what}: the page ${pathOf(page)} is missing (404): ${text}`);
  throw new Fail(`${what}: ${pathOf(page)} answered ${st}, expected ${ok.join(' or ')}: ${text}`);
}

// Waits for the navigation that action() starts, checks its status and runs axe-core on the
// page it lands on. Returns the status.
export async function navigate(run, page, what, action, { ok = [200], axe = true } = {}) {
  // the response of the last redirect, once the new page has loaded
  let resp;
  try {
    [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 15000 }), action()]);
  } catch (e) {
    if (e instanceof Fail) throw e;
    throw new Fail(`${what}: no page was loaded from ${pathOf(page)}: ${e.message.split('\n')[0]}`);
  }
  if (resp) page._recoLast = resp;
  const st = await checkStatus(run, page, what, ok);
  if (axe && page.context()._recoJs !== false) await run.axe(page);
  await lookCheck(run, page);
  return st;
}

// Opens a URL as a person following a link from outside (an e-mail, a shared link).
export async function open(run, page, url, what, opts = {}) {
  const full = /^https?:/.test(url) ? url : run.url(url);
  const { ok = [200], axe = true } = opts;
  let resp;
  try {
    resp = await page.goto(full, { waitUntil: 'load', timeout: 15000 });
  } catch (e) {
    throw new Fail(`${what}: ${full} could not be loaded: ${e.message.split('\n')[0]}`);
  }
  if (resp) page._recoLast = resp;
  const st = await checkStatus(run, page, what, ok);
  if (axe && page.context()._recoJs !== false) await run.axe(page);
  await lookCheck(run, page);
  return st;
}

// Finds one visible control of the given role and name; the message names the page when none.
// Those inside <main> come first (a page's own "Créer un compte" link before the header's).
export async function control(page, role, name, what) {
  for (const scope of [page.locator('main'), page]) {
    const loc = scope.getByRole(role, { name });
    const n = await loc.count();
    for (let i = 0; i < n; i++) {
      if (await loc.nth(i).isVisible()) return loc.nth(i);
    }
  }
  const names = await page.getByRole(role).evaluateAll((els) =>
    els.map((e) => (e.innerText || e.value || e.getAttribute('aria-label') || '').trim())
      .filter(Boolean).slice(0, 20));
  throw new Fail(`${what}: no ${role} named ${name} on ${pathOf(page)} ` +
    `(${role}s there: ${names.length ? names.map((x) => JSON.stringify(x)).join(', ') : 'none'})`);
}

// Follows the link named `name` (keyboard: focus it and press Enter).
export async function follow(run, page, name, what, opts = {}) {
  const link = await control(page, 'link', name, what);
  return navigate(run, page, what, async () => {
    await link.focus();
    await page.keyboard.press('Enter');
  }, opts);
}

// Presses the button named `name` to submit its form (keyboard: focus it and press Enter).
export async function press(run, page, name, what, opts = {}) {
  const button = await control(page, 'button', name, what);
  return navigate(run, page, what, async () => {
    await button.focus();
    await page.keyboard.press('Enter');
  }, opts);
}

// The control labelled `label` (a field without a label cannot be found: the test fails).
export async function field(page, label, what) {
  const loc = page.getByLabel(label);
  const n = await loc.count();
  for (let i = 0; i < n; i++) {
    if (await loc.nth(i).isVisible()) return loc.nth(i);
  }
  const labels = await page.locator('label').evaluateAll((els) =>
    els.map((e) => e.innerText.trim()).filter(Boolean));
  throw new Fail(`${what}: no field labelled ${label} on ${pathOf(page)} ` +
    `(labels there: ${labels.length ? labels.map((x) => JSON.stringify(x)).join(', ') : 'none'})`);
}

export async function fill(page, label, value, what) {
  const f = await field(page, label, what);
  await f.fill(value);
  return f;
}

// Fills the field labelled `label` when the page has one (optional fields of a form).
export async function fillIfAny(page, label, value) {
  const loc = page.getByLabel(label);
  const n = await loc.count();
  for (let i = 0; i < n; i++) {
    const f = loc.nth(i);
    if (await f.isVisible()) {
      const tag = await f.evaluate((e) => e.tagName.toLowerCase() + ':' + (e.type || ''));
      if (tag.startsWith('select')) await f.selectOption({ index: 1 }).catch(() => {});
      else if (/checkbox|radio/.test(tag)) await f.check();
      else await f.fill(value);
      return true;
    }
  }
  return false;
}

export async function hasControl(page, role, name) {
  const loc = page.getByRole(role, { name });
  const n = await loc.count();
  for (let i = 0; i < n; i++) if (await loc.nth(i).isVisible()) return true;
  return false;
}

// Fails unless the main text of the page matches re.
export async function expectText(page, re, what) {
  const t = await mainText(page);
  if (!re.test(t)) {
    throw new Fail(`${what}: ${pathOf(page)} does not say ${re}; it says: ${t.slice(0, 400)}`);
  }
  return t;
}

export async function expectNoText(page, re, what) {
  const t = await mainText(page);
  const m = re.exec(t);
  if (m) throw new Fail(`${what}: ${pathOf(page)} says "${m[0]}" and should not: ${t.slice(0, 400)}`);
}

// Fails unless <html lang> is `lang`.
export async function expectLang(page, lang, what) {
  const l = await page.locator('html').getAttribute('lang');
  if (l !== lang) throw new Fail(`${what}: ${pathOf(page)} has <html lang="${l}">, expected "${lang}"`);
}

// A message is in French when it has French words or accents and none of the usual English
// ones (the pages of an error must speak the page's language).
export function looksFrench(text) {
  const fr = /[éèêàçù]|\b(le|la|les|du|des|une?|ce|cette|est|pas|votre|vos)\b/i.test(text);
  const en = /\b(the|please|invalid|your|is not|was|expired|forbidden|not found)\b/i.test(text);
  return fr && !en;
}

// ------------------------------------------------------------------ files

// A small valid PNG (w x h, RGB, one colour) built with zlib, for the badge image upload.
export async function makePng(file, w = 96, h = 96, rgb = [0x1d, 0x4e, 0x89], noise = false) {
  const zlib = await import('node:zlib');
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const crypto = await import('node:crypto');
  const row = () => Buffer.concat([Buffer.from([0]),
    noise ? crypto.randomBytes(w * 3) : Buffer.from(Array(w).fill(rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, row));
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  fs.writeFileSync(file, png);
  return file;
}
