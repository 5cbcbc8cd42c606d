// End-to-end test of the feedback form (GET/POST /contact, GET /v1/suggest,
// /contact.js) in a real browser: Debian's chromium driven by
// playwright-core, against `frontdesk serve` on the example shop, with its
// store and shop database in a fresh temp dir.
//
//   node tests/e2e/contact_form.test.mjs [FRONTDESK_BINARY [FRONTDESK_SOURCE_DIR]]
//
// or the same two paths in the environment variables of those names. The
// defaults are build/frontdesk and the repository this file is in. CHROMIUM
// overrides /usr/bin/chromium. Needs `npm ci --prefix tests/e2e`, the
// `chromium` and `sqlite3` packages; without them the test fails, it never
// skips. Screenshots go to FRONTDESK_E2E_ARTIFACTS (default
// <binary dir>/e2e-artifacts).
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanUpOnExit, resolvePaths, startServer, stopServer, writeShopConfig } from './shop_server.mjs';

const { sourceDir, binary } = resolvePaths();
const artifacts = path.resolve(process.env.FRONTDESK_E2E_ARTIFACTS || path.join(path.dirname(binary), 'e2e-artifacts'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// The starter pack's FAQ (intents/faq/shipping.yaml) and the form's labels
// (adapters/http/pages/contact_labels.json).
const QUESTION = 'How long does delivery take?';
const ANSWER_START = 'We deliver within Vietnam and Spain.';
const SUGGEST_TITLE = 'Answers that may help';
const XSS = '<img src=x onerror=alert(1)>';

const nfc = (s) => (s ?? '').normalize('NFC').trim();

let tmp;          // everything this test writes but the screenshots
let server;       // `frontdesk serve`, from startServer()
let baseUrl;
let context;      // playwright persistent browser context
let page;
let problems;     // console errors, page errors, HTTP errors, CSP violations and dialogs of `page`

async function newPage() {
  const p = await context.newPage();
  const seen = [];
  p.on('console', (msg) => {
    if (/\/favicon\.ico$/.test(msg.location()?.url ?? '')) return;  // not the form's doing
    if (msg.type() === 'error' || msg.type() === 'warning') seen.push(`console ${msg.type()}: ${msg.text()}`);
  });
  p.on('pageerror', (err) => seen.push(`page error: ${err.message}`));
  p.on('response', (r) => {
    if (r.status() >= 400 && !/\/favicon\.ico$/.test(r.url())) seen.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  p.on('dialog', async (dialog) => {
    seen.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  await p.exposeBinding('__reportCsp', (_, v) => seen.push(`CSP violation: ${v}`));
  await p.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`));
  });
  page = p;
  problems = seen;
  return p;
}

// Rows of the store (the sqlite3 shell; WAL lets it read while serve writes).
function count(table) {
  return Number(execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(tmp, 'frontdesk.db'),
    `SELECT COUNT(*) FROM ${table}`], { encoding: 'utf8' }).trim());
}

function outbox() {
  const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 5000', path.join(tmp, 'frontdesk.db'),
    'SELECT channel, recipient, subject, body FROM outbox ORDER BY id'], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

async function screenshot(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage: true });
  const png = fs.readFileSync(file);
  assert.ok(png.length > 1000 && png.subarray(1, 4).toString('latin1') === 'PNG', `bad screenshot ${file}`);
  console.error(`screenshot: ${file}`);
  return file;
}

async function openForm(query = '?lang=en') {
  const res = await page.goto(`${baseUrl}/contact${query}`);
  assert.equal(res.status(), 200, `GET /contact${query}: ${res.status()}`);
  await page.locator('form.fd-form').waitFor();
  return res;
}

// Types like a person: key by key, so the page sees every input event.
async function type(label, text) {
  const field = page.getByLabel(label, { exact: false });
  await field.focus();
  await page.keyboard.type(text, { delay: 5 });
}

// Under ctest's TIMEOUT (180 s), so that node reports which step hung.
describe('Contact form in Chromium', { timeout: 150000 }, () => {
  before(async () => {
    let chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch (e) {
      throw new Error(`playwright-core is not installed: run \`npm ci --prefix tests/e2e\` (${e.message})`);
    }
    try {
      fs.accessSync(chromiumPath, fs.constants.X_OK);
    } catch {
      throw new Error(`no Chromium at ${chromiumPath}: run \`apt-get install chromium\` (or set CHROMIUM)`);
    }
    try {
      fs.accessSync(binary, fs.constants.X_OK);
    } catch {
      throw new Error(`no frontdesk binary at ${binary}: build it, or pass its path as the first argument`);
    }
    try {
      execFileSync('sqlite3', ['-version']);
    } catch {
      throw new Error('no sqlite3 shell: run `apt-get install sqlite3`');
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-contact-'));
    server = await startServer(binary, writeShopConfig(tmp, sourceDir));
    ({ baseUrl } = server);
    try {
      context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
        timeout: 60000,
        viewport: { width: 1000, height: 900 },
      });
    } catch (e) {
      throw new Error(`Chromium (${chromiumPath}) did not start under playwright-core: ${e.message}`);
    }
    context.setDefaultTimeout(15000);
  });

  after(async () => {
    await context?.close().catch((e) => console.error(`closing Chromium: ${e.message}`));
    await stopServer(server).catch((e) => console.error(`stopping frontdesk: ${e.message}`));
    if (tmp && !process.env.FRONTDESK_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
    else if (tmp) console.error(`kept ${tmp}`);
  });

  beforeEach(async () => { await newPage(); });

  afterEach(async () => {
    const p = page;
    page = undefined;
    await p?.close().catch(() => {});
  });

  function assertCleanPage() {
    assert.deepEqual(problems, [], `the page logged errors, CSP violations or dialogs:\n${problems.join('\n')}`);
  }

  it('suggests the FAQ answer while the question is typed, then answers it on submit', async () => {
    await openForm();
    assert.equal(await page.title(), 'Contact us');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const region = page.locator('#fd-suggestions');
    assert.equal(await region.getAttribute('aria-live'), 'polite');
    assert.equal(await region.textContent(), '', 'suggestions before anything was typed');
    // The honeypot is out of sight, out of the keyboard's way and hidden
    // from screen readers.
    const trap = page.locator('#fd-website');
    const box = await trap.boundingBox();
    assert.ok(box && box.x + box.width <= 0, `the honeypot is on screen: ${JSON.stringify(box)}`);
    assert.equal(await trap.getAttribute('tabindex'), '-1');
    assert.equal(await page.locator('.fd-hp').getAttribute('aria-hidden'), 'true');

    await type('Your name', 'An');
    await type('Your e-mail', 'an.e2e@example.com');
    await type('Subject', 'Delivery');
    const suggested = page.waitForResponse((r) => r.url().includes('/v1/suggest?'));
    await type('Your message', QUESTION);
    const res = await suggested;
    assert.equal(res.status(), 200);
    await region.getByRole('heading', { name: SUGGEST_TITLE }).waitFor();
    const first = region.locator('li').first();
    await first.waitFor();
    assert.equal(nfc(await first.locator('strong').textContent()), QUESTION);
    assert.ok(nfc(await first.locator('p').textContent()).startsWith(ANSWER_START));
    assert.equal(await first.getByRole('link').getAttribute('href'), '/faq?lang=en&entry=delivery-time#faq-delivery-time');
    assert.ok(await region.locator('li').count() <= 3);
    await screenshot('contact-form-suggestion.png');

    const messagesBefore = count('messages');
    const outboxBefore = outbox().length;
    await Promise.all([page.waitForURL(`${baseUrl}/contact`), page.getByRole('button', { name: 'Send' }).click()]);
    await page.getByRole('heading', { name: 'Thank you, An', level: 1 }).waitFor();
    assert.ok(nfc(await page.locator('.fd-reply').textContent()).startsWith(ANSWER_START));
    assert.match(nfc(await page.locator('main').textContent()), /A confirmation is on its way to an\.e2e@example\.com/);
    await screenshot('contact-form-answer.png');
    assert.equal(count('messages'), messagesBefore + 2, 'the message and its reply are recorded');
    const queued = outbox();
    assert.equal(queued.length, outboxBefore + 1, 'one confirmation');
    assert.equal(queued.at(-1).recipient, 'an.e2e@example.com');
    assert.equal(queued.at(-1).channel, 'form');
    assert.equal(queued.at(-1).subject, 'Delivery');
    assertCleanPage();
  });

  it('escalates in the visitor\'s language, and shows markup as text', async () => {
    // No ?lang=: the browser's languages decide.
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'vi-VN,vi;q=0.9,en;q=0.5' });
    await openForm('');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    assert.equal(nfc(await page.locator('h1').textContent()), nfc('Liên hệ với chúng tôi'));
    await type('Tên của bạn', XSS);
    await type('Email của bạn', 'lan.e2e@example.com');
    await type('Tiêu đề', 'Khiếu nại');
    await type('Nội dung', 'Tôi muốn nói chuyện với nhân viên');
    await Promise.all([page.waitForURL(`${baseUrl}/contact`), page.getByRole('button', { name: 'Gửi' }).click()]);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    assert.equal(nfc(await heading.textContent()), nfc(`Cảm ơn bạn, ${XSS}`));
    assert.equal(await page.locator('main img').count(), 0, 'the name was parsed as markup');
    const ticket = nfc(await page.locator('.fd-ticket').textContent());
    assert.match(ticket, /^Phiếu #\d+: nhân viên sẽ trả lời bạn qua email tại lan\.e2e@example\.com\.$/);
    await screenshot('contact-form-ticket-vi.png');
    assertCleanPage();
  });

  it('keeps everything typed when a field is wrong', async () => {
    await openForm();
    // The browser's own checks would stop this post; the server's are tested here.
    await page.locator('form.fd-form').evaluate((f) => { f.noValidate = true; });
    await type('Your e-mail', 'not-an-address');
    await type('Subject', 'Where is it');
    await type('Your message', 'A long story about my parcel.');
    const before = count('messages');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/contact')),
      page.getByRole('button', { name: 'Send' }).click(),
    ]);
    assert.equal(res.status(), 400);
    await page.locator('#fd-email-error').waitFor();
    assert.equal(await page.title(), 'Error: Contact us');
    assert.equal(await page.locator('#fd-email').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#fd-subject').inputValue(), 'Where is it');
    assert.equal(await page.locator('#fd-text').inputValue(), 'A long story about my parcel.');
    assert.equal(count('messages'), before);
    await screenshot('contact-form-error.png');
    problems = problems.filter((p) => !/^HTTP 400 POST .*\/contact$|status of 400/.test(p));
    assertCleanPage();
  });

  it('the demo page links the form in its language', async () => {
    const res = await page.goto(`${baseUrl}/demo?lang=es`);
    assert.equal(res.status(), 200);
    const link = page.locator('a[href="/contact?lang=es"]');
    assert.equal(await link.count(), 1);
    await Promise.all([page.waitForURL(`${baseUrl}/contact?lang=es`), link.click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'es');
    assert.equal(nfc(await page.locator('h1').textContent()), 'Contacto');
  });
});

// Last resort if the run is interrupted before `after` runs: no stray server.
cleanUpOnExit(() => tmp);
