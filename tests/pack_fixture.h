// A small pack written to a temp dir, for tests of the classifier, the
// assistant and the service.
#ifndef FRONTDESK_TESTS_PACK_FIXTURE_H_
#define FRONTDESK_TESTS_PACK_FIXTURE_H_

#include <memory>
#include <string>

#include "engine/decide/compiled_pack.h"
#include "tests/test_util.h"

namespace frontdesk::testing {

inline const char kFixtureConfig[] = R"(packs: [p]
languages: [en, vi, es]
business_hours:
  utc_offset: "+07:00"
  mon-fri: "08:00-18:00"
escalation: {eta_hours: 4}
)";

inline const char kFixturePack[] = R"(language: en
slots:
  order_id: {pattern: '\b[a-z]{2}[- ]?\d{6}\b', transform: compact}
  email: {pattern: '[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}'}
intents:
  - id: order.status
    slots: [order_id]
    patterns:
      - '\b(where|track\w*|status)\b.{0,40}\b(order|package)\b'
      - '\border (?P<order_id>[a-z]{2}\d{6}) status\b'
    negative: ['\bcancel']
  - id: order.cancel
    priority: 5
    slots: [order_id]
    patterns: ['\bcancel\w*\b.{0,30}\border\b']
  - id: human.request
    priority: 10
    patterns: ['\b(human|person|agent)\b']
  - id: delivery.cost
    patterns: ['\b(shipping|delivery)\b.{0,20}\b(cost|price)\b', '\bshipping\b']
    answer: delivery.cost
  - id: delivery.time
    patterns: ['\b(shipping|delivery)\b.{0,20}\b(time|long)\b']
    answer: delivery.time
  - id: greeting
    priority: -10
    patterns: ['^(hi|hello|hey)\b']
    answer: greeting
  - id: order.status
    language: vi
    patterns: ['\bdon hang\b.{0,30}\b(dau|nao)\b']
  - id: order.status
    language: es
    patterns: ['\bdonde\b.{0,20}\bpedido\b']
templates:
  fallback: {en: "Sorry, I did not get that.", vi: "Xin lỗi, tôi chưa hiểu.", es: "Perdón, no entendí."}
  greeting: {en: "Hello!", vi: "Xin chào!", es: "¡Hola!"}
  delivery.cost: {en: "Shipping is free over 50 EUR."}
  delivery.time: {en: "2-3 days."}
  ask.order_id: {en: "What is your order number?", vi: "Mã đơn hàng của bạn là gì?", es: "¿Cuál es tu número de pedido?"}
  escalated: {en: "Ticket {{ticket.id}}: a person answers by {{ticket.eta}}.", vi: "Phiếu {{ticket.id}}.", es: "Ticket {{ticket.id}}."}
  order.result: {en: "{{#lookup.found}}Order {{slots.order_id}} is {{lookup.status}}.{{/lookup.found}}{{^lookup.found}}I found no order {{slots.order_id}} for you.{{/lookup.found}}"}
  lookup.unavailable: {en: "Our order system is down."}
lookups:
  - name: order_status
    kind: http
    # Nothing listens on port 9: unit tests replace the runner with a fake,
    # and the CLI tests see the lookup as unavailable.
    url: "http://127.0.0.1:9/orders/{{slots.order_id}}"
    timeout_ms: 200
    fields: {status: /status}
    owner: {email: /customer/email}
rules:
  - id: person
    description: customers who ask for a person get one
    when: {intent: human.request}
    then: [{escalate: {queue: general, priority: normal}}]
  - id: repeated-failure
    description: two failed turns in a row go to a person
    when: {failures: 2}
    then: [{escalate: {queue: general, priority: high}}]
  - id: need-number
    description: ask for the order number
    when: {intent: [order.status, order.cancel], missing: [order_id]}
    then: [{ask: order_id}]
  - id: status
    description: look the order up
    when: {intent: order.status, present: [order_id]}
    then: [{tag: [orders]}, {lookup: order_status, template: order.result}]
  - id: cancel
    description: cancellations go to the orders queue
    when: {intent: order.cancel}
    then: [{escalate: {queue: orders, priority: high}}]
)";

// Writes the fixture (with `extra` appended to the pack file) and loads it.
inline std::shared_ptr<const CompiledPack> LoadFixturePack(const TempDir& dir,
                                                            const std::string& extra = "") {
  dir.Write("frontdesk.yaml", kFixtureConfig);
  dir.Write("p/pack.yaml", std::string(kFixturePack) + extra);
  Diagnostics d;
  auto pack = CompiledPack::Load((dir.path() / "frontdesk.yaml").string(), &d);
  EXPECT_TRUE(d.ok()) << d.ToString();
  return pack;
}

}  // namespace frontdesk::testing

#endif  // FRONTDESK_TESTS_PACK_FIXTURE_H_
