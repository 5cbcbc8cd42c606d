// The nlp.js peer of peer_bench.sh: trains node-nlp's NlpManager on a pack's
// examples (export_examples.py), then classifies every message of a JSON-lines
// file (make_messages.py) one after the other on this one thread, and prints
// one JSON line: messages, CPU and wall seconds of the classifying loop only
// (start-up and training excluded), and the intents it chose.
//
//   node nlpjs_peer.js EXAMPLES.json MESSAGES.jsonl [INTENTS_OUT.jsonl]
'use strict';
const fs = require('fs');
const { NlpManager } = require('node-nlp');

async function main() {
  const [examplesPath, messagesPath, intentsOut] = process.argv.slice(2);
  const pack = JSON.parse(fs.readFileSync(examplesPath, 'utf8'));
  const languages = [...new Set(pack.intents.map((i) => i.language))];
  const manager = new NlpManager({ languages, autoSave: false, autoLoad: false, nlu: { log: false } });
  let examples = 0;
  for (const intent of pack.intents) {
    for (const text of intent.examples) {
      manager.addDocument(intent.language, text, intent.id);
      ++examples;
    }
  }
  const trainStart = process.hrtime.bigint();
  await manager.train();
  const trainSeconds = Number(process.hrtime.bigint() - trainStart) / 1e9;
  const messages = fs.readFileSync(messagesPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const chosen = new Array(messages.length);
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let i = 0; i < messages.length; ++i) {
    const m = messages[i];
    const r = await manager.process(m.lang, m.text);
    chosen[i] = r.intent;
  }
  const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
  const cpuUsed = process.cpuUsage(cpu0);
  const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
  if (intentsOut) {
    fs.writeFileSync(intentsOut, messages.map((m, i) => JSON.stringify({ id: m.id, intent: chosen[i] })).join('\n') + '\n');
  }
  console.log(JSON.stringify({ peer: 'nlp.js', version: require('node-nlp/package.json').version, languages,
                               intents: pack.intents.length, examples, train_seconds: trainSeconds,
                               messages: messages.length, cpu_seconds: cpu, wall_seconds: wall }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
