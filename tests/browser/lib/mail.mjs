// mail.mjs - reading the e-mails reco wrote to DATA/outbox/*.eml (when no SMTP server is
// configured): headers with RFC 2047 encoded words, MIME parts in 8bit, quoted-printable or
// base64, and the links of the text part.
import fs from 'node:fs';
import path from 'node:path';

// RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=) decoded, others kept.
function decodeWords(s) {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, cs, enc, text) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g,
      (m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  });
}

function parseHeaders(block) {
  const headers = {};
  const unfolded = block.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return headers;
}

function decodeBody(body, encoding) {
  const enc = (encoding || '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const raw = body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g,
      (m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(raw, 'latin1').toString('utf8');
  }
  return body;
}

// The text of a message: every text/plain part (or the body of a single-part message).
function textOf(headers, body) {
  const ct = headers['content-type'] || 'text/plain';
  const m = /boundary="?([^";]+)"?/i.exec(ct);
  if (/^multipart\//i.test(ct) && m) {
    const parts = body.split('--' + m[1]);
    let text = '';
    for (const part of parts.slice(1)) {
      if (part.startsWith('--')) break;
      const sep = part.search(/\r?\n\r?\n/);
      if (sep < 0) continue;
      const ph = parseHeaders(part.slice(0, sep).replace(/^\r?\n/, ''));
      const pb = part.slice(sep).replace(/^\r?\n\r?\n/, '');
      if (/^multipart\//i.test(ph['content-type'] || '')) text += textOf(ph, pb);
      else if (/^text\/plain/i.test(ph['content-type'] || 'text/plain'))
        text += decodeBody(pb, ph['content-transfer-encoding']);
    }
    return text;
  }
  return decodeBody(body, headers['content-transfer-encoding']);
}

// Every message of the outbox, oldest first: {file, to, subject, text, links}.
export function readOutbox(dataDir) {
  const dir = path.join(dataDir, 'outbox');
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => a.t - b.t || a.f.localeCompare(b.f));
  return files.map(({ f }) => {
    const raw = fs.readFileSync(path.join(dir, f), 'utf8');
    const sep = raw.search(/\r?\n\r?\n/);
    const headers = parseHeaders(sep < 0 ? raw : raw.slice(0, sep));
    const body = sep < 0 ? '' : raw.slice(sep).replace(/^\r?\n\r?\n/, '');
    const text = textOf(headers, body);
    const links = [...text.matchAll(/https?:\/\/[^\s<>"»]+/g)].map((x) => x[0].replace(/[.,;)]+$/, ''));
    return { file: f, to: headers.to || '', subject: headers.subject || '', text, links };
  });
}

// Waits up to timeoutMs for a message to `to` that has a link matching linkRe and that was not
// in `seen` (a Set of file names, updated); returns {message, link}.
export async function waitForMail(dataDir, to, linkRe, seen, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const m of readOutbox(dataDir)) {
      if (seen.has(m.file) || !m.to.toLowerCase().includes(to.toLowerCase())) continue;
      const link = m.links.find((l) => linkRe.test(l));
      if (link) {
        seen.add(m.file);
        return { message: m, link };
      }
    }
    if (Date.now() > end) {
      const all = readOutbox(dataDir).map((m) => `${m.file} to ${m.to}: ${m.subject}`);
      throw new Error(`no e-mail to ${to} with a link matching ${linkRe} in ${dataDir}/outbox ` +
        `(messages: ${all.length ? all.join('; ') : 'none'})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
