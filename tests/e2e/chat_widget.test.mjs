// End-to-end test of the chat widget (GET /widget.js, /widget.css) on the demo
// page (GET /demo) in a real browser: Debian's chromium driven by
// playwright-core, against `frontdesk serve` on the example shop, with its
// store and shop database in a fresh temp dir. Agent events are written into
// the store with the sqlite3 shell, as the agent console will write them.
//
//   node tests/e2e/chat_widget.test.mjs [FRONTDESK_BINARY [FRONTDESK_SOURCE_DIR]]
//
// or the same two paths in the environment variables of those names. The
// defaults are build/frontdesk and the repository this file is in. CHROMIUM
// overrides /usr/bin/chromium. Needs `npm ci --prefix tests/e2e`, the
// `chromium` and `sqlite3` packages; without them the test fails, it never
// skips. Screenshots go to FRONTDESK_E2E_ARTIFACTS (default
// build/e2e-artifacts next to the binary's build dir: <binary dir>/e2e-artifacts).
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

// Replies of the starter pack (intents/, rules/) and the widget's own texts
// (adapters/http/pages/widget.js).
const HOURS_QUESTION = 'what are your opening hours?';
const HOURS_ANSWER = 'Customer support answers by chat and phone Monday to Friday';
const HUMAN_EN = 'I want to talk to a person';
const HUMAN_VI = 'Tôi muốn nói chuyện với nhân viên';
const WAITING_EN = 'A person will answer here.';
const CLOSED_EN = "Outside our hours: leave your e-mail and we'll answer there.";
const XSS = '<img src=x onerror=alert(1)>';

const nfc = (s) => (s ?? '').normalize('NFC').trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let tmp;          // everything this test writes but the screenshots: config, store, shop.db, profile
let server;       // `frontdesk serve`, from startServer()
let baseUrl;
let context;      // playwright persistent browser context
let page;
let problems;     // console errors, page errors, CSP violations and dialogs of `page`

// A new tab (so a new sessionStorage: a new visitor) that records everything
// the page should never do.
async function newPage() {
  const p = await context.newPage();
  const seen = [];
  p.on('console', (msg) => {
    // /demo allows img-src 'self', so Chromium asks for /favicon.ico, which
    // the server does not have: not the widget's doing.
    if (/\/favicon\.ico$/.test(msg.location()?.url ?? '')) return;
    if (msg.type() === 'error' || msg.type() === 'warning') seen.push(`console ${msg.type()}: ${msg.text()}`);
  });
  p.on('pageerror', (err) => seen.push(`page error: ${err.message}`));
  p.on('response', (r) => {
    if (r.status() >= 400) seen.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
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

// The widget's parts.
const launcher = () => page.locator('button.fdw-launcher');
const panel = () => page.getByRole('dialog');
const input = () => page.getByLabel(/^(Your message|Tin nhắn của bạn|Tu mensaje)$/);
const messages = (kind) => page.locator(`.fdw-log > .fdw-${kind}`);
const activeId = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.className || '');

async function openDemo(query = '') {
  const res = await page.goto(`${baseUrl}/demo${query}`);
  assert.equal(res.status(), 200, `GET /demo${query}: ${res.status()} ${await res.text()}`);
  await launcher().waitFor({ state: 'visible' });
  return res;
}

// Tabs through the page until the launcher has the focus, then opens the
// panel with Enter: keyboard only.
async function openWidgetWithKeyboard() {
  for (let i = 0; i < 30 && !(await launcher().evaluate((b) => b === document.activeElement)); ++i)
    await page.keyboard.press('Tab');
  assert.ok(await launcher().evaluate((b) => b === document.activeElement), 'Tab never reached the chat launcher');
  await page.keyboard.press('Enter');
  await panel().waitFor({ state: 'visible' });
  assert.equal(await launcher().getAttribute('aria-expanded'), 'true');
  assert.equal(await activeId(), 'fdw-input', 'opening the chat puts the focus in its input');
}

// Types a message and sends it with Enter; returns the server's JSON answer.
async function ask(text) {
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && /\/messages$/.test(r.url()));
  await input().focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  const res = await response;
  const body = await res.text();
  assert.equal(res.status(), 200, body);
  return JSON.parse(body);
}

function chatState() {
  return page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; ++i) {
      const k = sessionStorage.key(i);
      if (k.startsWith('frontdesk-chat')) return JSON.parse(sessionStorage.getItem(k));
    }
    return null;
  });
}

// Writes one event into the store, as the agent console will.
function insertEvent(sessionId, kind, data) {
  assert.match(sessionId, /^[A-Za-z0-9-]+$/);
  const json = JSON.stringify(data).replaceAll("'", "''");
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(tmp, 'frontdesk.db'),
    `INSERT INTO chat_events(conversation_id, kind, data_json, created_at) VALUES ` +
    `((SELECT conversation_id FROM chat_sessions WHERE id='${sessionId}'), '${kind}', '${json}', strftime('%s','now'))`]);
}

async function screenshot(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file });
  const png = fs.readFileSync(file);
  assert.ok(png.length > 1000 && png.subarray(1, 4).toString('latin1') === 'PNG', `bad screenshot ${file}`);
  return file;
}

// Under ctest's TIMEOUT (180 s), so that node reports which step hung.
describe('Chat widget in Chromium', { timeout: 150000 }, () => {
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
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-chat-'));
    server = await startServer(binary, writeShopConfig(tmp, sourceDir));
    ({ baseUrl } = server);
    try {
      context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
        timeout: 60000,
        viewport: { width: 1000, height: 720 },
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

  it('serves the demo page, the script and the style sheet', async () => {
    const res = await openDemo();
    assert.equal(await page.title(), 'Demo shop');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('script[src="/widget.js"][defer]').count(), 1);
    assert.equal(await page.locator('a[href="/faq?lang=en"]').count(), 1);
    assert.equal(await page.locator('a[href="/contact?lang=en"]').count(), 1);
    assert.equal(await page.locator('a[href="/demo?lang=vi"]').count(), 1);
    const html = await res.text();
    assert.ok(!html.includes('{{'), 'the template was served unrendered');
    const js = await fetch(`${baseUrl}/widget.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    const size = (await js.arrayBuffer()).byteLength;
    assert.ok(size < 16 * 1024, `widget.js is ${size} bytes`);
    const css = await fetch(`${baseUrl}/widget.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    // The widget styled itself from its own server.
    assert.equal(await launcher().evaluate((b) => getComputedStyle(b.parentElement).position), 'fixed');
    assert.equal(await panel().count(), 0, 'the panel starts closed');
    assertCleanPage();
  });

  it('answers, escalates and shows agent messages live, as text', async () => {
    await openDemo();
    await openWidgetWithKeyboard();
    const panelEl = page.locator('#fdw-panel');
    assert.equal(await panelEl.getAttribute('aria-modal'), 'false');
    assert.equal(await panelEl.getAttribute('aria-labelledby'), 'fdw-title');
    assert.equal(nfc(await page.locator('#fdw-title').textContent()), 'Chat with us');
    assert.equal(await page.locator('.fdw-log').getAttribute('aria-live'), 'polite');

    // A question the pack answers: the answer appears at once, once.
    const hours = await ask(HOURS_QUESTION);
    assert.equal(hours.route, 'answer', JSON.stringify(hours));
    assert.equal(hours.trace, undefined, 'a public answer carries a trace');
    await messages('bot').filter({ hasText: HOURS_ANSWER }).waitFor();
    assert.equal(nfc(await messages('me').last().textContent()), `You: ${HOURS_QUESTION}`);
    await sleep(1500);  // the same reply also comes over the event stream
    assert.equal(await messages('bot').filter({ hasText: HOURS_ANSWER }).count(), 1, 'the answer is shown twice');

    // Escape closes and gives the focus back; Enter opens again.
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'hidden' });
    assert.ok(await launcher().evaluate((b) => b === document.activeElement), 'Escape left the focus nowhere');
    await page.keyboard.press('Enter');
    await panel().waitFor({ state: 'visible' });
    assert.equal(await activeId(), 'fdw-input');

    // "Talk to a person", by keyboard: Tab back from the input to the button.
    const human = page.getByRole('button', { name: 'Talk to a person' });
    for (let i = 0; i < 5 && !(await human.evaluate((b) => b === document.activeElement)); ++i)
      await page.keyboard.press('Shift+Tab');
    const escalated = page.waitForResponse((r) => /\/messages$/.test(r.url()));
    await page.keyboard.press('Enter');
    const res = await escalated;
    assert.equal(res.request().postDataJSON().text, HUMAN_EN);
    const d = await res.json();
    assert.equal(d.route, 'escalate', JSON.stringify(d));
    assert.ok(Number.isInteger(d.ticket) && d.ticket > 0, `no ticket: ${JSON.stringify(d)}`);
    assert.equal(typeof d.agent_available, 'boolean', JSON.stringify(d));
    await messages('bot').filter({ hasText: `#${d.ticket}` }).waitFor();
    assert.equal(await human.isVisible(), false, 'the button stays after the escalation');
    // Outside the business hours (+07:00, mon-fri 08-18, sat 09-12) the widget
    // asks for an e-mail; inside, it says that a person answers here.
    if (d.agent_available) {
      await messages('note').filter({ hasText: WAITING_EN }).waitFor();
      assert.equal(await page.locator('#fdw-email').isVisible(), false);
    } else {
      await messages('note').filter({ hasText: CLOSED_EN }).waitFor();
      assert.equal(await page.locator('#fdw-email').isVisible(), true);
    }

    // An agent joins and writes: it arrives over the event stream.
    const state = await chatState();
    assert.match(state?.s ?? '', /^s-/, `session not kept in sessionStorage: ${JSON.stringify(state)}`);
    insertEvent(state.s, 'agent_joined', { agent: 'Lan' });
    insertEvent(state.s, 'agent_message', { text: 'Hi, this is Lan', agent: 'Lan' });
    const lan = messages('agent').filter({ hasText: 'Hi, this is Lan' });
    await lan.waitFor({ timeout: 5000 });
    assert.equal(nfc(await lan.locator('.fdw-who').textContent()), 'Lan:');
    await messages('note').filter({ hasText: 'Lan joined the chat.' }).waitFor();
    const shot = await screenshot('chat-widget-agent.png');

    // Markup in an agent's (or anyone's) text stays text.
    insertEvent(state.s, 'agent_message', { text: XSS, agent: 'Lan' });
    const xss = messages('agent').last();
    await page.waitForFunction((t) => {
      const all = document.querySelectorAll('.fdw-log > .fdw-agent');
      return all.length && all[all.length - 1].textContent.endsWith(t);
    }, XSS, { timeout: 5000 });
    assert.equal(nfc(await xss.textContent()), `Lan: ${XSS}`);
    assert.equal(await page.locator('img').count(), 0, 'the message was parsed as markup');
    const mine = await ask('<script>alert(2)</script>');
    assert.ok(mine);
    assert.equal(nfc(await messages('me').last().textContent()), 'You: <script>alert(2)</script>');
    assert.equal(await page.locator('.fdw script').count(), 0);

    // A reload continues the conversation: the same session, every message
    // once, and the stream resumes after the last event shown.
    await page.reload();
    await launcher().waitFor({ state: 'visible' });
    await panel().waitFor({ state: 'visible' });  // it was open
    assert.equal((await chatState()).s, state.s);
    await messages('bot').filter({ hasText: `#${d.ticket}` }).waitFor();
    await sleep(2000);
    assert.equal(await messages('agent').filter({ hasText: 'Hi, this is Lan' }).count(), 1);
    assert.equal(await messages('bot').filter({ hasText: HOURS_ANSWER }).count(), 1);
    insertEvent(state.s, 'agent_message', { text: 'Still there?', agent: 'Lan' });
    await messages('agent').filter({ hasText: 'Still there?' }).waitFor({ timeout: 5000 });
    insertEvent(state.s, 'agent_left', { agent: 'Lan' });
    await messages('note').filter({ hasText: 'Lan left the chat.' }).waitFor({ timeout: 5000 });
    await sleep(1500);
    assert.equal(await messages('agent').filter({ hasText: 'Still there?' }).count(), 1);
    console.error(`screenshot: ${shot}`);
    assertCleanPage();
  });

  it('asks for an e-mail when nobody is at work, and leaves it on the session', async () => {
    // Whatever the time of the run: the server's answers say nobody is at work.
    await page.route('**/v1/chat/sessions/*/messages', async (route) => {
      const res = await route.fetch();
      const json = await res.json();
      if (json.route === 'escalate') json.agent_available = false;
      await route.fulfill({ response: res, json });
    });
    await openDemo();
    await openWidgetWithKeyboard();
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await messages('note').filter({ hasText: CLOSED_EN }).waitFor();
    const email = page.getByLabel('Your e-mail');
    await email.waitFor({ state: 'visible' });
    await email.focus();
    await page.keyboard.type('an.nguyen@example.com');
    const sent = page.waitForResponse((r) => /\/contact$/.test(r.url()));
    await page.keyboard.press('Enter');
    const contact = await sent;
    assert.equal(contact.status(), 200, await contact.text());
    assert.deepEqual(contact.request().postDataJSON(), { email: 'an.nguyen@example.com' });
    await messages('note').filter({ hasText: 'our answer will also be sent to an.nguyen@example.com' }).waitFor();
    assert.equal(await messages('me').filter({ hasText: 'an.nguyen@example.com' }).count(), 0, 'posted as a chat message');
    assert.equal(await email.isVisible(), false, 'the e-mail field stays after it was given');
    console.error(`screenshot: ${await screenshot('chat-widget-email.png')}`);
    assertCleanPage();
  });

  it('speaks the page language', async () => {
    await openDemo('?lang=vi');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    assert.equal(await launcher().getAttribute('aria-label'), 'Mở khung trò chuyện');
    await openWidgetWithKeyboard();
    assert.equal(nfc(await page.locator('#fdw-title').textContent()), nfc('Trò chuyện với chúng tôi'));
    const escalated = page.waitForResponse((r) => /\/messages$/.test(r.url()));
    await page.getByRole('button', { name: 'Nói chuyện với nhân viên' }).click();
    const res = await escalated;
    assert.equal(nfc(res.request().postDataJSON().text), nfc(HUMAN_VI));
    const d = await res.json();
    assert.equal(d.route, 'escalate', JSON.stringify(d));
    assert.equal(d.language, 'vi', JSON.stringify(d));
    await messages('bot').filter({ hasText: `#${d.ticket}` }).waitFor();
    console.error(`screenshot: ${await screenshot('chat-widget-vi.png')}`);
    assertCleanPage();
  });

  it('says what went wrong and recovers: too fast, offline, lost session', async () => {
    await openDemo();
    await openWidgetWithKeyboard();
    await ask(HOURS_QUESTION);
    const first = (await chatState()).s;

    // 429: the widget says how long to wait; "Try again" sends it again.
    await page.route('**/v1/chat/sessions/*/messages', (route) => route.fulfill({
      status: 429, headers: { 'Retry-After': '7' }, contentType: 'application/json',
      body: '{"error":{"code":"rate_limited","message":"slow down"}}' }), { times: 1 });
    await input().fill('do you deliver to Da Nang?');
    await input().press('Enter');
    const fast = messages('note').filter({ hasText: 'please wait 7 seconds' });
    await fast.waitFor();
    const replies = await messages('bot').count();
    await fast.getByRole('button', { name: 'Try again' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('.fdw-log > .fdw-bot').length > n, replies);
    assert.equal(await fast.count(), 0);

    // The network fails.
    await page.route('**/v1/chat/sessions/*/messages', (route) => route.abort('internetdisconnected'), { times: 1 });
    await input().fill('what is your return policy?');
    await input().press('Enter');
    const offline = messages('note').filter({ hasText: 'Your message was not sent' });
    await offline.waitFor();
    const before = await messages('bot').count();
    await offline.getByRole('button', { name: 'Try again' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('.fdw-log > .fdw-bot').length > n, before);

    // The session is gone (401): a new one, and the message still goes.
    await page.route('**/v1/chat/sessions/*/messages', (route) => route.fulfill({
      status: 401, contentType: 'application/json',
      body: '{"error":{"code":"unauthenticated","message":"this session needs its own token"}}' }), { times: 1 });
    const n = await messages('bot').count();
    await input().fill(HOURS_QUESTION);
    await input().press('Enter');
    await messages('note').filter({ hasText: 'this is a new one' }).waitFor();
    await page.waitForFunction((k) => document.querySelectorAll('.fdw-log > .fdw-bot').length > k, n);
    const second = (await chatState()).s;
    assert.match(second, /^s-/);
    assert.notEqual(second, first, 'the lost session was kept');
    // The failures made above, and nothing else.
    problems = problems.filter((p) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED|^HTTP (429|401) POST .*\/messages$/.test(p));
    assertCleanPage();
  });

  it('works on a page with a strict Content-Security-Policy', async () => {
    const host = `${baseUrl}/e2e-strict-host`;
    await page.route(host, (route) => route.fulfill({
      status: 200,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `default-src 'none'; script-src ${baseUrl}/widget.js; ` +
          `style-src ${baseUrl}/widget.css; connect-src ${baseUrl}/v1/chat/`,
      },
      body: `<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Strict</title>
<script src="${baseUrl}/widget.js" defer></script></head><body><h1>Tienda</h1></body></html>`,
    }));
    await page.goto(host);
    await launcher().waitFor({ state: 'visible' });
    await openWidgetWithKeyboard();
    const d = await ask('¿cuál es el horario de atención?');
    assert.ok(d.reply, JSON.stringify(d));
    await messages('bot').nth(1).waitFor();
    // The event stream was allowed too: an agent message arrives.
    insertEvent((await chatState()).s, 'agent_message', { text: 'Hola, soy Lan', agent: 'Lan' });
    await messages('agent').filter({ hasText: 'Hola, soy Lan' }).waitFor({ timeout: 5000 });
    assert.equal(await launcher().evaluate((b) => getComputedStyle(b).borderRadius), '50%');
    assertCleanPage();
  });
});

// Last resort if the run is interrupted before `after` runs: no stray server.
cleanUpOnExit(() => tmp);
