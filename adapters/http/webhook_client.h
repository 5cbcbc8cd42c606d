// The notifier's HTTP client (engine/service/notifier.h WebhookPost) on
// cpp-httplib: one POST per attempt, no redirects followed, connect, read and
// write each bounded by the attempt's timeout.
#ifndef FRONTDESK_ADAPTERS_HTTP_WEBHOOK_CLIENT_H_
#define FRONTDESK_ADAPTERS_HTTP_WEBHOOK_CLIENT_H_

#include "engine/service/notifier.h"

namespace frontdesk {

// Thread-safe: each call has its own client.
Status PostWebhook(const WebhookRequest& request, int* http_status);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_WEBHOOK_CLIENT_H_
