// End-to-end test of the FAQ web page (GET /faq) in a real browser: Debian's
// chromium driven by playwright-core, against `frontdesk serve` on the example
// shop, with its store and shop database in a fresh temp dir.
//
//   node tests/e2e/faq_page.test.mjs [FRONTDESK_BINARY [FRONTDESK_SOURCE_DIR]]
//
// or the same two paths in the environment variables of those names. The
// defaults are build/frontdesk and the repository this file is in. CHROMIUM
// overrides /usr/bin/chromium. Needs `npm ci --prefix tests/e2e` and the
// `chromium` package (scripts/install-deps.sh does both); without them the
// test fails, it never skips.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanUpOnExit, resolvePaths, startServer, stopServer, writeShopConfig } from './shop_server.mjs';

const { sourceDir, binary } = resolvePaths();
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Texts from the starter FAQ (intents/faq/*.yaml) and the page's labels
// (adapters/http/pages/faq_labels.json).
const REFUND_EN = 'How long does a refund take?';
const REFUND_VI = 'Bao lâu thì tôi nhận được tiền hoàn?';
const REFUND_ANSWER_EN = 'We refund within 2 working days after the returned item reaches our warehouse.';
const REFUND_ANSWER_VI = 'Chúng tôi hoàn tiền trong 2 ngày làm việc';
const NO_RESULTS_EN = 'No matching questions. Try other words, or contact us.';
// Messages that `frontdesk ask` answers with the FAQ entry "recycling"
// (category Products/Services, listed after "installation-service" while
// neither has been asked).
const RECYCLING_MESSAGES = [
  'do you recycle old appliances',
  'can you recycle my old phone',
  'bạn có thu gom đồ cũ để tái chế không',
];

const nfc = (s) => (s ?? '').normalize('NFC').trim();

let tmp;          // everything this test writes: config, store, shop.db, profile, screenshot
let server;       // `frontdesk serve`, from startServer()
let apiKey = '';   // the integration API's key, made with `frontdesk key add`
let baseUrl;
let context;      // playwright persistent browser context
let page;
let problems;     // console errors, page errors, CSP violations and dialogs of `page`

// Starts `frontdesk serve` on the shop's config, with a new key for POST
// /v1/messages: the shop's backend is who asks here.
async function serve(config) {
  server = await startServer(binary, config, { apiKey: true });
  ({ baseUrl, apiKey } = server);
}

// A new tab that records everything the page should never do.
async function newPage() {
  const p = await context.newPage();
  const seen = [];
  p.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') seen.push(`console ${msg.type()}: ${msg.text()}`);
  });
  p.on('pageerror', (err) => seen.push(`page error: ${err.message}`));
  p.on('dialog', async (dialog) => {
    seen.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  // Init scripts run outside the page's CSP; the listener reports violations
  // that Chromium might not log to the console.
  await p.exposeBinding('__reportCsp', (_, v) => seen.push(`CSP violation: ${v}`));
  await p.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`));
  });
  page = p;
  problems = seen;
  return p;
}

async function openFaq(query = '') {
  const res = await page.goto(`${baseUrl}/faq${query}`);
  assert.equal(res.status(), 200, `GET /faq${query}: ${res.status()} ${await res.text()}`);
  return res;
}

// Within one category's <ul> (rootList() for the top level): the names of its
// sub-categories and the ids of its entries, in page order.
async function childCategories(list) {
  return list.locator(':scope > li > details:not([id]) > summary').allTextContents();
}
async function childEntryIds(list) {
  return list.locator(':scope > li > details[id]').evaluateAll((ds) => ds.map((d) => d.id.replace(/^faq-/, '')));
}
function categoryList(parentList, name) {
  return parentList.locator(':scope > li > details:not([id])')
    .filter({ has: page.locator(':scope > summary', { hasText: new RegExp(`^${name}$`) }) })
    .locator(':scope > ul');
}
const rootList = () => page.locator('section[aria-labelledby="faq-all"] > ul');
const results = () => page.locator('section[aria-labelledby="faq-results"]');

async function search(text, { submit = 'enter' } = {}) {
  const input = page.locator('input#faq-q');
  const from = page.url();
  await input.fill(text);
  await Promise.all([
    page.waitForURL((u) => u.href !== from && u.searchParams.has('q'), { waitUntil: 'load' }),
    submit === 'enter' ? input.press('Enter') : page.locator('form[role="search"] button[type="submit"]').click(),
  ]);
  return new URL(page.url());
}

// Under ctest's TIMEOUT (180 s), so that node reports which step hung.
describe('FAQ page in Chromium', { timeout: 150000 }, () => {
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
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-'));
    await serve(writeShopConfig(tmp, sourceDir));
    try {
      context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
        timeout: 60000,
      });
    } catch (e) {
      throw new Error(`Chromium (${chromiumPath}) did not start under playwright-core: ${e.message}`);
    }
    context.setDefaultTimeout(15000);
  });

  after(async () => {
    // Each step runs even if an earlier one failed.
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

  // Every test ends with this: nothing went wrong in the browser.
  function assertCleanPage() {
    assert.deepEqual(problems, [], `the page logged errors, CSP violations or dialogs:\n${problems.join('\n')}`);
  }

  it('renders the English FAQ as a hierarchy of categories and entries', async () => {
    const res = await openFaq();
    const csp = res.headers()['content-security-policy'] ?? '';
    assert.match(csp, /default-src 'none'/, `Content-Security-Policy: ${csp}`);
    assert.equal(await page.title(), 'Frequently asked questions');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(nfc(await page.locator('main > h1').textContent()), 'Frequently asked questions');
    assert.equal(await page.locator('label[for="faq-q"]').textContent(), 'Search the FAQ');

    const root = rootList();
    const top = await childCategories(root);
    for (const name of ['Account', 'Orders', 'Payment', 'Products', 'Returns', 'Shipping', 'Warranty'])
      assert.ok(top.includes(name), `top-level categories ${JSON.stringify(top)} lack ${name}`);
    // Shipping has only sub-categories, each with its entries.
    const shipping = categoryList(root, 'Shipping');
    assert.deepEqual((await childCategories(shipping)).sort(), ['Domestic', 'International', 'Pickup']);
    assert.deepEqual(await childEntryIds(shipping), []);
    const domestic = categoryList(shipping, 'Domestic');
    assert.deepEqual((await childEntryIds(domestic)).sort(), ['delivery-options', 'delivery-time', 'express-delivery', 'shipping-cost']);
    assert.equal(await page.locator('#faq-shipping-cost > summary').textContent(), 'How much does shipping cost?');
    // Top-level categories start open, sub-categories folded.
    assert.equal(await root.locator(':scope > li > details:not([id])').first().getAttribute('open'), '');
    await assert.doesNotReject(page.locator('summary', { hasText: /^Domestic$/ }).waitFor({ state: 'visible' }));
    assert.equal(await page.locator('#faq-shipping-cost > summary').isVisible(), false);

    // An entry: its question, and its answer once opened.
    const returns = categoryList(root, 'Returns');
    assert.ok((await childEntryIds(returns)).includes('refund-time'));
    const entry = page.locator('details#faq-refund-time');
    assert.equal(await entry.locator(':scope > summary').textContent(), REFUND_EN);
    const answer = entry.locator(':scope > .faq-answer');
    assert.equal(await answer.isVisible(), false);
    await entry.locator(':scope > summary').click();
    await answer.waitFor({ state: 'visible' });
    assert.ok((await answer.innerText()).includes(REFUND_ANSWER_EN), await answer.innerText());
    const seeAlso = answer.locator('a[href="/faq?lang=en&entry=return-policy#faq-return-policy"]');
    assert.equal(await seeAlso.textContent(), 'What is your return policy?');
    // Following the link lands on the entry, unfolded, with no script.
    await Promise.all([page.waitForURL(/entry=return-policy/), seeAlso.click()]);
    const target = page.locator('details#faq-return-policy');
    assert.equal(await target.getAttribute('open'), '');
    await target.locator(':scope > .faq-answer').waitFor({ state: 'visible' });
    assert.equal(await page.locator('details#faq-refund-time').getAttribute('open'), null);
    assertCleanPage();
  });

  it('finds the refund-time entry for an English question (Enter)', async () => {
    await openFaq();
    const url = await search('how long does a refund take');
    assert.equal(url.pathname, '/faq');
    assert.equal(url.searchParams.get('q'), 'how long does a refund take');
    assert.equal(url.searchParams.get('lang'), 'en');
    assert.equal(await page.locator('input#faq-q').inputValue(), 'how long does a refund take');
    assert.equal(nfc(await results().locator('h2').textContent()), 'Results for “how long does a refund take”');
    const first = results().locator('ol > li').first();
    assert.equal(await first.locator('a').textContent(), REFUND_EN);
    assert.equal(await first.locator('a').getAttribute('href'), '/faq?lang=en&entry=refund-time#faq-refund-time');
    assert.ok((await first.locator('.faq-answer').innerText()).includes(REFUND_ANSWER_EN));
    // The page and the JSON search agree.
    const api = await (await fetch(`${baseUrl}/v1/faq/search?q=${encodeURIComponent(url.searchParams.get('q'))}`)).json();
    assert.equal(api.results[0]?.id, 'refund-time', JSON.stringify(api));
    assert.equal(api.results[0].question, REFUND_EN);
    assert.equal(api.confident, true, JSON.stringify(api));
    assertCleanPage();
  });

  it('finds the Vietnamese question for a query without diacritics (button)', async () => {
    await openFaq('?lang=vi');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    assert.equal(nfc(await page.locator('main > h1').textContent()), nfc('Câu hỏi thường gặp'));
    const url = await search('hoan tien bao lau', { submit: 'button' });
    assert.equal(url.searchParams.get('q'), 'hoan tien bao lau');
    assert.equal(url.searchParams.get('lang'), 'vi');
    const first = results().locator('ol > li').first();
    assert.equal(nfc(await first.locator('a').textContent()), nfc(REFUND_VI));
    assert.ok(nfc(await first.locator('.faq-answer').innerText()).includes(nfc(REFUND_ANSWER_VI)));
    // The whole page stays in Vietnamese.
    assert.equal(nfc(await page.locator('#faq-refund-time > summary').textContent()), nfc(REFUND_VI));
    assertCleanPage();
  });

  it('says there is no match for an out-of-scope question', async () => {
    await openFaq();
    await search('what is the weather tomorrow');
    const section = results();
    assert.equal(nfc(await section.locator('p').textContent()), NO_RESULTS_EN);
    assert.equal(await section.locator('ol, li, a').count(), 0, 'an out-of-scope query listed answers');
    assertCleanPage();
  });

  it('escapes HTML in the query', async () => {
    for (const payload of ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>\'']) {
      await openFaq();
      const url = await search(payload);
      assert.equal(url.searchParams.get('q'), payload);
      // The value round-trips intact: the attribute was escaped, not cut short.
      assert.equal(await page.locator('input#faq-q').inputValue(), payload);
      assert.equal(nfc(await results().locator('h2').textContent()), `Results for “${payload}”`);
      assert.equal(await page.locator('script, img').count(), 0, 'the query was parsed as markup');
      const html = await (await page.request.get(url.href)).text();
      assert.ok(!html.includes('<script>alert(1)') && !html.includes('<img src=x'), 'raw payload in the page');
      if (payload.startsWith('<script>'))
        assert.ok(html.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'), 'input value not escaped');
    }
    assertCleanPage();
  });

  it('lists the most asked entry first', async () => {
    await openFaq();
    const services = categoryList(categoryList(rootList(), 'Products'), 'Services');
    const unasked = await childEntryIds(services);
    assert.deepEqual(unasked, ['installation-service', 'recycling'], 'unasked entries are listed by id');
    assert.notEqual((await childCategories(rootList()))[0], 'Products', 'unasked categories are listed by name');

    for (const [i, text] of RECYCLING_MESSAGES.entries()) {
      const res = await fetch(`${baseUrl}/v1/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ text, channel: 'chat', conversation_id: `e2e-faq-${i}` }),
      });
      const body = await res.text();
      assert.equal(res.status, 200, body);
      const d = JSON.parse(body);
      const byFaq = d.intent === 'faq.recycling' ||
        (d.trace ?? []).some((s) => s.step === 'faq' && s.id === 'recycling');
      assert.ok(d.route === 'answer' && byFaq, `"${text}" was not answered by FAQ entry recycling: ${body}`);
    }

    await page.reload();
    assert.deepEqual(await childEntryIds(services), ['recycling', 'installation-service']);
    // Most asked first at every level: Products/Services, then Products.
    assert.equal((await childCategories(categoryList(rootList(), 'Products')))[0], 'Services');
    assert.equal((await childCategories(rootList()))[0], 'Products');
    // ... and the asked sub-category comes before Products' own, unasked entries.
    const firstInProducts = categoryList(rootList(), 'Products').locator(':scope > li > details').first();
    assert.equal(await firstInProducts.getAttribute('id'), null, 'Services is listed before the entries of Products');
    assert.equal(await firstInProducts.locator(':scope > summary').textContent(), 'Services');

    // The counts live in the store: a restarted server lists the same order.
    await stopServer(server);
    await serve(path.join(tmp, 'frontdesk.yaml'));
    await openFaq();
    assert.deepEqual(await childEntryIds(services), ['recycling', 'installation-service'],
      'after a restart, the most asked entry is still first');
    assert.equal((await childCategories(rootList()))[0], 'Products');
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    assert.match(metrics, /^frontdesk_faq_answers_total\{entry="recycling"\} 3$/m, metrics);
    assertCleanPage();
  });

  it('takes a screenshot', async () => {
    await openFaq('?q=refund');
    const file = path.join(tmp, 'faq.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = fs.readFileSync(file);
    assert.ok(png.length > 1000, `screenshot is ${png.length} bytes`);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assertCleanPage();
  });
});

// Last resort if the run is interrupted before `after` runs: no stray server
// (playwright-core kills its Chromium on exit by itself).
cleanUpOnExit(() => tmp);
