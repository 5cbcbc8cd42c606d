// End-to-end test of the agents' console (GET /agent, /agent.js, /agent.css)
// beside the chat widget on /demo, in a real browser: Debian's chromium
// driven by playwright-core, against `frontdesk serve` on the example shop
// with its store in a fresh temp dir, and agents made by `frontdesk agent add`.
// A visitor escalates in the widget; the console shows the ticket live with
// the bot's trace; the agent claims and replies (a canned reply); the visitor
// sees it live; the agent hands back; the bot answers the next message.
//
//   node tests/e2e/agent_console.test.mjs [FRONTDESK_BINARY [FRONTDESK_SOURCE_DIR]]
//
// or the same two paths in the environment variables of those names (defaults:
// build/frontdesk and this repository). CHROMIUM overrides /usr/bin/chromium.
// Needs `npm ci --prefix tests/e2e` and the `chromium` package; without them
// the test fails, it never skips. Screenshots go to FRONTDESK_E2E_ARTIFACTS
// (default <binary dir>/e2e-artifacts).
import { after, before, describe, it } from 'node:test';
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

// The starter pack's answers (intents/, rules/), its canned replies
// (intents/canned/), and the widget's own texts (adapters/http/pages/widget.js).
const XSS = '<img src=x onerror=alert(1)> where is my parcel?';
const HOURS_QUESTION = 'what are your opening hours?';
const HOURS_ANSWER = 'Customer support answers by chat and phone Monday to Friday';
const GREETING_TITLE = 'Greeting: a person is here';
const GREETING = 'Hello, thank you for waiting. I have read your conversation with our assistant';

const nfc = (s) => (s ?? '').normalize('NFC').trim();

let tmp;
let server;
let baseUrl;
let context;
let tokens;  // agent name -> token
const problems = new Map();  // page -> what it should never have done

cleanUpOnExit(() => tmp);

// A new tab (its own sessionStorage) that records console errors, page
// errors, failed responses, CSP violations and dialogs.
async function newPage(name) {
  const p = await context.newPage();
  const seen = [];
  p.on('console', (msg) => {
    if (/\/favicon\.ico$/.test(msg.location()?.url ?? '')) return;  // Chromium asks; the server has none
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
  problems.set(p, seen);
  p.label = name;
  return p;
}

function assertClean(p, allowed = []) {
  const left = problems.get(p).filter((x) => !allowed.some((re) => re.test(x)));
  assert.deepEqual(left, [], `${p.label} logged errors, CSP violations or dialogs:\n${left.join('\n')}`);
}

// What the viewport shows (a laptop's screen), scrolled to `at` if given.
async function screenshot(p, name, at) {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, name);
  if (at) await p.locator(at).scrollIntoViewIfNeeded();
  await p.screenshot({ path: file });
  const png = fs.readFileSync(file);
  assert.ok(png.length > 1000 && png.subarray(1, 4).toString('latin1') === 'PNG', `bad screenshot ${file}`);
  console.error(`screenshot: ${file}`);
  return file;
}

function addAgent(config, name, role) {
  return execFileSync(binary, ['agent', 'add', name, '--role', role, '-c', config],
    { cwd: path.dirname(config), encoding: 'utf8' }).trim();
}

// Opens /agent and signs in by keyboard only: the focus starts in the token
// field, Enter submits.
async function signIn(p, token) {
  const res = await p.goto(`${baseUrl}/agent`);
  assert.equal(res.status(), 200);
  await p.getByLabel('Agent token').waitFor();
  assert.equal(await p.evaluate(() => document.activeElement?.id), 'token', 'the token field has the focus');
  await p.keyboard.type(token);
  await p.keyboard.press('Enter');
  await p.locator('#whoami').waitFor({ state: 'visible' });
}

// The widget's parts on the visitor's page.
const widgetMessages = (p, kind) => p.locator(`.fdw-log > .fdw-${kind}`);
async function visitorSays(p, text) {
  const response = p.waitForResponse((r) => r.request().method() === 'POST' && /\/messages$/.test(r.url()));
  await p.locator('#fdw-input').fill(text);
  await p.locator('#fdw-input').press('Enter');
  const res = await response;
  assert.equal(res.status(), 200, await res.text());
  return res.json();
}

describe("Agents' console in Chromium", { timeout: 170000 }, () => {
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
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-agent-'));
    const config = writeShopConfig(tmp, sourceDir);
    tokens = { lan: addAgent(config, 'lan', 'agent'), minh: addAgent(config, 'minh', 'agent') };
    assert.match(tokens.lan, /^fda_/, 'frontdesk agent add printed no token');
    server = await startServer(binary, config);
    ({ baseUrl } = server);
    try {
      context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
        timeout: 60000,
        viewport: { width: 1366, height: 800 },  // a laptop
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

  it('serves the console with a strict CSP and takes only an agent token', async () => {
    const res = await fetch(`${baseUrl}/agent`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'an inline script');
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, 'inline style or event handler');
    for (const f of ['/agent.js', '/agent.css']) {
      const r = await fetch(`${baseUrl}${f}`);
      assert.equal(r.status, 200, f);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', f);
    }
    const js = await (await fetch(`${baseUrl}/agent.js`)).text();
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/,
      'the console must never parse text as HTML');
    // Every route behind the token refuses a request without one.
    for (const route of ['/v1/agent/me', '/v1/canned?lang=en', '/v1/agent/intents', '/v1/tickets'])
      assert.equal((await fetch(`${baseUrl}${route}`)).status, 401, route);

    const p = await newPage('sign-in page');
    await p.goto(`${baseUrl}/agent`);
    await p.getByLabel('Agent token').fill('fda_1_not-a-token');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('alert').filter({ hasText: 'not an agent token' }).waitFor();
    assert.equal(await p.locator('#console').isVisible(), false);
    await signIn(p, tokens.lan);
    assert.equal(nfc(await p.locator('#agent-name').textContent()), 'lan');
    assert.ok(!p.url().includes(tokens.lan), 'the token is in the URL');
    assert.equal(await p.evaluate(() => sessionStorage.getItem('frontdesk-agent-token')), tokens.lan);
    // The keys are documented on the page.
    await p.getByRole('heading', { name: 'Keyboard' }).waitFor();
    assert.ok(await p.locator('#help dt').count() >= 8);
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByLabel('Agent token').waitFor();
    assert.equal(await p.evaluate(() => sessionStorage.getItem('frontdesk-agent-token')), null);
    assertClean(p, [/HTTP 401 GET .*\/v1\/agent\/me$/, /status of 401/]);
    await p.close();
  });

  it('a visitor escalates; the agent sees it live with the trace, claims, replies, hands back', async () => {
    // The agent is signed in before anything happens: the ticket must arrive live.
    const agent = await newPage('console (lan)');
    await signIn(agent, tokens.lan);
    await agent.evaluate(() => { window.__sameDocument = true; });

    // The visitor writes markup, then asks for a person.
    const visitor = await newPage('visitor (/demo)');
    await visitor.goto(`${baseUrl}/demo`);
    await visitor.locator('button.fdw-launcher').click();
    await visitor.locator('#fdw-input').waitFor();
    await visitorSays(visitor, XSS);
    const escalated = visitor.waitForResponse((r) => /\/messages$/.test(r.url()));
    await visitor.getByRole('button', { name: 'Talk to a person' }).click();
    const d = await (await escalated).json();
    assert.equal(d.route, 'escalate', JSON.stringify(d));
    const ticket = d.ticket;
    assert.ok(Number.isInteger(ticket) && ticket > 0, JSON.stringify(d));

    // The console's queue shows it without a reload, from /v1/agent/events
    // (the console polls only every 30 s).
    const item = agent.locator(`#tk-${ticket}`);
    await item.waitFor({ timeout: 10000 });
    assert.equal(await agent.evaluate(() => window.__sameDocument), true, 'the console reloaded');
    assert.match(nfc(await item.textContent()), new RegExp(`#${ticket} · general · normal.*open · unclaimed`));
    assert.match(nfc(await item.textContent()), /why: human-request/);
    await agent.locator('#live').filter({ hasText: `New ticket #${ticket}` }).waitFor({ state: 'attached' });

    // Keyboard: j opens the (first) ticket of the queue.
    await agent.locator('#queue').focus();
    await agent.keyboard.press('j');
    await agent.locator('#ticket-title').filter({ hasText: `Ticket #${ticket}` }).waitFor();
    assert.equal(await agent.evaluate(() => document.activeElement?.id), 'ticket', 'opening moves the focus to the ticket');
    assert.equal(new URL(agent.url()).hash, `#ticket-${ticket}`);

    // The conversation with the bot's reasons beside each customer message.
    const customer = agent.locator('.msg-in');
    assert.equal(await customer.count(), 2);
    const first = customer.nth(0);
    assert.equal(await first.locator('.text').textContent(), XSS, 'the customer text is not shown as written');
    assert.equal(await agent.locator('#transcript img').count(), 0, 'customer text was parsed as HTML');
    const person = customer.nth(1);
    assert.equal(nfc(await person.locator('.text').textContent()), 'I want to talk to a person');
    const facts = await person.locator('.facts').innerText();
    assert.match(facts, /Intent\s+human\.request/);
    assert.match(facts, /Route\s+escalate/);
    const rows = await person.locator('.trace tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.cells).map((c) => c.textContent)));
    const match = rows.find((r) => r[0] === 'match' && r[1] === 'human.request');
    assert.ok(match, `no match step in ${JSON.stringify(rows)}`);
    assert.match(match[2], /intents\/en\/[a-z]+\.yaml:\d+$/, 'the match step names the pattern FILE:LINE');
    const rule = rows.find((r) => r[0] === 'rule' && r[1] === 'human-request');
    assert.ok(rule, `no rule step in ${JSON.stringify(rows)}`);
    assert.match(rule[2], /rules\/routing\.yaml:\d+$/);
    assert.equal(await agent.locator('.msg-bot').count() >= 2, true, 'the bot replies are in the transcript');
    await screenshot(agent, 'agent-console-ticket.png');

    // Claim by keyboard (c): the visitor is told at once.
    await agent.keyboard.press('c');
    await agent.locator('#ticket-done').filter({ hasText: `You own ticket #${ticket} now.` }).waitFor();
    await widgetMessages(visitor, 'note').filter({ hasText: 'lan joined the chat.' }).waitFor({ timeout: 10000 });
    assert.equal(nfc(await agent.locator('#claim').textContent()), 'Claimed by you');

    // Another agent's claim is refused, and says who owns the ticket.
    const other = await newPage('console (minh)');
    await signIn(other, tokens.minh);
    await other.goto(`${baseUrl}/agent#ticket-${ticket}`);
    await other.locator('#ticket-title').filter({ hasText: `Ticket #${ticket}` }).waitFor();
    assert.match(nfc(await other.locator('#claim').textContent()), /owned by lan/);
    await other.locator('#claim').click();
    await other.getByRole('alert').filter({ hasText: `Ticket ${ticket} is owned by lan.` }).waitFor();
    await screenshot(other, 'agent-console-409.png');
    assertClean(other, [new RegExp(`HTTP 409 POST .*/v1/tickets/${ticket}/claim$`), /status of 409/]);
    await other.close();

    // The customer writes while the ticket is open: it appears live, and the bot stays quiet.
    const waiting = 'Are you still there? I am waiting for my parcel.';
    const quiet = await visitorSays(visitor, waiting);
    assert.equal(quiet.route, 'escalate', JSON.stringify(quiet));
    assert.equal(quiet.reply ?? '', '', 'the bot talked while a person owns the ticket');
    await agent.locator('.msg-in .text').filter({ hasText: waiting }).waitFor({ timeout: 10000 });

    // A canned reply in the ticket's language, inserted and sent with Ctrl+Enter.
    await agent.getByLabel('Canned reply').selectOption({ label: GREETING_TITLE });
    await agent.getByRole('button', { name: 'Insert' }).click();
    assert.equal(await agent.evaluate(() => document.activeElement?.id), 'reply');
    assert.match(await agent.locator('#reply').inputValue(), new RegExp(`^${GREETING}`));
    await agent.keyboard.type(' <b>Lan</b> here.');
    const sent = agent.waitForResponse((r) => r.request().method() === 'POST' && /\/replies$/.test(r.url()));
    await agent.keyboard.press('Control+Enter');
    assert.equal((await sent).status(), 201);
    await agent.locator('#ticket-done').filter({ hasText: 'Sent to the chat.' }).waitFor();
    assert.equal(await agent.locator('#reply').inputValue(), '');
    const live = widgetMessages(visitor, 'agent').filter({ hasText: GREETING });
    await live.waitFor({ timeout: 10000 });
    assert.match(nfc(await live.textContent()), /^lan: Hello, thank you for waiting\..* <b>Lan<\/b> here\.$/);
    await agent.locator('.msg-agent .text').filter({ hasText: '<b>Lan</b> here.' }).waitFor();
    await screenshot(visitor, 'agent-console-visitor-reply.png');

    // A note stays among the agents.
    await agent.keyboard.press('Escape');
    await agent.keyboard.press('n');
    assert.equal(await agent.evaluate(() => document.activeElement?.id), 'note');
    await agent.keyboard.type('Customer asked for a person twice.');
    await agent.keyboard.press('Control+Enter');
    await agent.locator('#notes .note').filter({ hasText: 'Customer asked for a person twice.' }).waitFor();

    // Routed wrongly: the YAML that makes the markup message an example of order.status.
    await first.getByRole('button', { name: 'Routed wrongly? Make an example' }).click();
    assert.equal(await agent.getByLabel('Example text').inputValue(), XSS);
    await agent.getByLabel('Right intent').selectOption('order.status');
    assert.equal(await agent.getByLabel('Language').inputValue(), 'en');
    await agent.getByRole('button', { name: 'Make the YAML' }).click();
    const yaml = agent.locator('#example-yaml');
    await yaml.waitFor({ state: 'visible' });
    assert.equal(await yaml.textContent(), `      - ${JSON.stringify(XSS)}\n`);
    assert.match(nfc(await agent.locator('#example-note').textContent()),
      /^Insert this line at line \d+ of .*intents\/en\/orders\.yaml, before the first example of 'order\.status' in en\.$/);
    assert.equal(await agent.locator('img').count(), 0);
    await screenshot(agent, 'agent-console-example.png', '#example-form');

    // Hand back (h): the visitor is told, and the bot answers the next message.
    await agent.locator('#ticket').focus();
    await agent.keyboard.press('h');
    await agent.locator('#ticket-done').filter({ hasText: "Handed back: the bot answers the customer's next message." }).waitFor();
    await widgetMessages(visitor, 'note').filter({ hasText: 'lan left the chat.' }).waitFor({ timeout: 10000 });
    const answered = await visitorSays(visitor, HOURS_QUESTION);
    assert.equal(answered.route, 'answer', JSON.stringify(answered));
    await widgetMessages(visitor, 'bot').filter({ hasText: HOURS_ANSWER }).waitFor();
    await screenshot(visitor, 'agent-console-visitor-bot-again.png');
    await agent.locator('#ticket-meta').filter({ hasText: 'Status: solved' }).waitFor();
    assert.equal(await agent.evaluate(() => window.__xss), undefined);
    assertClean(agent);
    assertClean(visitor);
  });
});
