// The browser tests' shared setup: the example shop's config written into a
// temp dir, and `frontdesk serve` run on it on a free loopback port.
//
//   import { resolvePaths, writeShopConfig, startServer, stopServer, cleanUpOnExit } from './shop_server.mjs';
//
// Used by faq_page.test.mjs, chat_widget.test.mjs and contact_form.test.mjs.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// The `frontdesk serve` processes started here that have not exited yet.
const running = new Set();

// The frontdesk binary and source dir a test runs against: the arguments
// [FRONTDESK_BINARY [FRONTDESK_SOURCE_DIR]], else the environment variables of
// those names, else build/frontdesk and the repository this file is in.
export function resolvePaths(argv = process.argv, env = process.env) {
  const sourceDir = path.resolve(argv[3] || env.FRONTDESK_SOURCE_DIR || path.join(here, '..', '..'));
  const binary = path.resolve(argv[2] || env.FRONTDESK_BINARY || path.join(sourceDir, 'build', 'frontdesk'));
  return { sourceDir, binary };
}

// Writes the example shop's config (sourceDir/examples/shop/frontdesk.yaml)
// into `dir`, with every path that points into the repository made absolute,
// so the store (frontdesk.db) and shop.db are written to `dir` and never to
// examples/. Returns the config's path.
export function writeShopConfig(dir, sourceDir) {
  const exampleDir = path.join(sourceDir, 'examples', 'shop');
  const text = fs.readFileSync(path.join(exampleDir, 'frontdesk.yaml'), 'utf8');
  let packs = 0;
  let buildFrom = 0;
  const out = text
    .replace(/^packs:\s*\[(.*)\]\s*$/m, (_, list) => {
      ++packs;
      const abs = list.split(',').map((p) => JSON.stringify(path.resolve(exampleDir, p.trim())));
      return `packs: [${abs.join(', ')}]`;
    })
    .replace(/build_from:\s*([^,}\s]+)/g, (_, p) => {
      ++buildFrom;
      return `build_from: ${JSON.stringify(path.resolve(exampleDir, p))}`;
    });
  const fix = 'update writeShopConfig() in tests/e2e/shop_server.mjs';
  assert.equal(packs, 1, `${exampleDir}/frontdesk.yaml has no one-line 'packs: [...]': ${fix}`);
  assert.ok(buildFrom >= 1, `${exampleDir}/frontdesk.yaml has no 'build_from:': ${fix}`);
  assert.match(out, /^store:\s*\n\s+path:\s*frontdesk\.db\s*$/m,
    `${exampleDir}/frontdesk.yaml: expected a relative store path 'frontdesk.db': ${fix}`);
  const config = path.join(dir, 'frontdesk.yaml');
  fs.writeFileSync(config, out);
  return config;
}

// Starts `binary serve -c config` on a free loopback port (port 0: the server
// prints the port it bound on its first line, as tests/integration/cli_test.cc
// reads it), in the config's dir, and waits until /healthz answers ok.
//
// Options: apiKey: true (or a key name) first makes a key for the integration
// API with `frontdesk key add` (POST /v1/messages takes one), returned as
// apiKey.
//
// Returns { baseUrl, port, process, log(), apiKey }: log() is all the server
// has written to stderr so far. If the server does not come up, it is stopped
// and the error says why, with that log.
export async function startServer(binary, config, { apiKey = false } = {}) {
  const cwd = path.dirname(config);
  let key;
  if (apiKey) {
    const name = typeof apiKey === 'string' ? apiKey : `e2e-${Date.now()}`;
    key = execFileSync(binary, ['key', 'add', name, '-c', config], { cwd, encoding: 'utf8' }).trim();
  }
  const child = spawn(binary, ['serve', '-c', config, '--listen', '127.0.0.1:0'],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let serverLog = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { serverLog += d; });
  const server = { baseUrl: undefined, port: undefined, process: child, log: () => serverLog, apiKey: key };
  try {
    const banner = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`frontdesk serve printed no banner in 60 s\n${serverLog}`)), 60000);
      const lines = readline.createInterface({ input: child.stdout });
      lines.once('line', (line) => { clearTimeout(timer); resolve(line); });
      child.once('error', (e) => { clearTimeout(timer); reject(new Error(`cannot run ${binary}: ${e.message}`)); });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`frontdesk serve exited (${signal ?? code}) before listening:\n${serverLog}`));
      });
    });
    const m = /:(\d+)\s*$/.exec(banner);
    assert.ok(m, `unexpected banner from frontdesk serve: ${JSON.stringify(banner)}`);
    server.port = Number(m[1]);
    server.baseUrl = `http://127.0.0.1:${m[1]}`;
    const deadline = Date.now() + 30000;
    for (;;) {
      try {
        const res = await fetch(`${server.baseUrl}/healthz`);
        if (res.ok && (await res.json()).status === 'ok') return server;
      } catch { /* not up yet */ }
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${server.baseUrl}/healthz never answered ok\n${serverLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    await stopServer(server).catch(() => {});
    throw e;
  }
}

// Stops a server from startServer (or its child process): SIGTERM, then
// SIGKILL after 5 s. Does nothing for undefined or a server that has exited.
export async function stopServer(server) {
  const child = server?.process ?? server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

// Last resort if the run is interrupted before a test's `after` runs: on exit
// (and on SIGINT, SIGTERM, SIGHUP, which exit), kills every server still
// running and removes the temp dir that tmpDir() returns, unless
// FRONTDESK_E2E_KEEP is set.
export function cleanUpOnExit(tmpDir) {
  process.on('exit', () => {
    for (const child of running)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const tmp = tmpDir();
    if (tmp && !process.env.FRONTDESK_E2E_KEEP) {
      try { fs.rmSync(tmp, { recursive: true, force: true }); } catch { /* Chromium may still be writing */ }
    }
  });
  for (const [signal, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]])
    process.once(signal, () => process.exit(128 + n));
}
