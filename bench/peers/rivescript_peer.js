// The RiveScript peer of peer_bench.sh: generates a brain from the same pack
// (one trigger per intent example, "+ [*] the example words [*]" answering
// the intent's id, and a catch-all "+ *"), then replies to every message of a
// JSON-lines file on this one thread, and prints one JSON line: messages, CPU
// and wall seconds of the reply loop only (loading and sorting excluded).
// RiveScript triggers are wildcards, not regular expressions, so the pack's
// patterns cannot be carried over; its examples can.
//
//   node rivescript_peer.js CONFIG EXAMPLES.json MESSAGES.jsonl
'use strict';
const fs = require('fs');
const RiveScript = require('rivescript');

// A trigger's words: lower case, letters and digits of any script.
function words(text) {
  return text.toLowerCase().normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

async function main() {
  const [, examplesPath, messagesPath] = process.argv.slice(2);
  const pack = JSON.parse(fs.readFileSync(examplesPath, 'utf8'));
  const seen = new Set();
  let brain = '! version = 2.0\n\n+ *\n- None\n';
  for (const intent of pack.intents) {
    for (const text of intent.examples) {
      const w = words(text);
      if (!w || seen.has(w)) continue;
      seen.add(w);
      brain += `\n+ [*] ${w} [*]\n- ${intent.id}\n`;
    }
  }
  const loadStart = process.hrtime.bigint();
  const bot = new RiveScript({ utf8: true });
  if (!bot.stream(brain)) throw new Error('the generated brain does not load');
  bot.sortReplies();
  const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
  const messages = fs.readFileSync(messagesPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  let matched = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let i = 0; i < messages.length; ++i) {
    const reply = await bot.reply('u' + i, messages[i].text);
    if (reply !== 'None') ++matched;
  }
  const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
  const cpuUsed = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ peer: 'RiveScript', version: require('rivescript/package.json').version,
                               triggers: seen.size, load_seconds: loadSeconds, messages: messages.length,
                               matched, cpu_seconds: (cpuUsed.user + cpuUsed.system) / 1e6, wall_seconds: wall }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
