// `mail:` in frontdesk.yaml: the e-mail channel's settings (adapters/email
// reads them; docs/configuration.md lists every key). Plain data; the CLI
// reads the SMTP password from the environment variable named here, never
// from the file.
#ifndef FRONTDESK_ENGINE_PACK_MAIL_CONFIG_H_
#define FRONTDESK_ENGINE_PACK_MAIL_CONFIG_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/diagnostics.h"

namespace frontdesk {

struct YamlNode;

// `mail.smtp:` where the outbox worker delivers.
struct SmtpConfig {
  std::string host;  // "" = no delivery (mail stays queued). Default: ""
  int port = 25;     // Default: 25
  // "starttls" (required: no plain-text fallback), "tls" (SMTPS, implicit
  // TLS) or "none". Default: "starttls".
  std::string security = "starttls";
  std::string user_env;      // variable holding the AUTH user ("" = no AUTH). Default: ""
  std::string password_env;  // variable holding the AUTH password. Default: ""
  int timeout_seconds = 30;  // one delivery, connect to the final reply. Default: 30
  int max_attempts = 10;     // temporary failures before an item is marked failed. Default: 10
  int retry_base_seconds = 60;  // first retry after this, doubling, at most 6 h. Default: 60
  int poll_seconds = 5;      // how often `serve` looks for queued mail. Default: 5
};

// One entry of `mail.imap:`: a mailbox that `frontdesk mail fetch` polls,
// for a shop that has a mailbox and no MTA of its own.
struct ImapConfig {
  std::string name;  // in logs and errors; "" = "HOST/MAILBOX". Default: ""
  std::string host;  // REQUIRES: non-empty
  int port = 0;      // 0 = 993 with security "tls", else 143. Default: 0
  // "tls" (IMAPS, implicit TLS), "starttls" (required: no plain-text
  // fallback) or "none" (plain text, for a server on loopback). Default: "tls".
  std::string security = "tls";
  std::string mailbox = "INBOX";  // Default: "INBOX"
  std::string user_env;      // variable holding the login user. REQUIRES: non-empty
  std::string password_env;  // variable holding the password. REQUIRES: non-empty
  // How a message that was taken is marked, so that it is never taken
  // again: "keyword" (the $FrontdeskTaken keyword; people reading the
  // mailbox see it as read), "seen" (the \Seen flag only, for servers
  // without keywords: a message someone opened by hand is not taken) or
  // "delete" (deleted and expunged). Default: "keyword".
  std::string mark = "keyword";
  int poll_seconds = 60;     // between two polls. Default: 60
  int timeout_seconds = 60;  // one command, connect to the final reply. Default: 60
  int max_per_poll = 100;    // messages taken in one poll; the rest wait for the next. Default: 100
};

struct MailConfig {
  std::string from;       // the address replies come from; REQUIRES for delivery. Default: ""
  std::string from_name;  // its display name. Default: ""
  // Other addresses that are ours (aliases, the queue addresses): mail
  // from them is never answered. `from` is always one. Default: none.
  std::vector<std::string> own_addresses;
  // The authserv-id (RFC 8601) of the MTA whose Authentication-Results a
  // sender's dkim=pass (aligned) or dmarc=pass makes `from` verified.
  // "" = an e-mail sender is never verified. Default: "".
  std::string trust_authentication_results;
  int max_replies_per_sender = 3;        // automatic replies per window. Default: 3
  int64_t reply_window_seconds = 86400;  // Default: 86400 (a day)
  size_t max_message_bytes = 25u << 20;  // larger mail is refused (exit 65). Default: 25 MiB
  std::string message_id_domain;  // right of '@' in our Message-IDs; "" = from's domain
  SmtpConfig smtp;
  std::vector<ImapConfig> imap;  // mailboxes `mail fetch` polls. Default: none
};

// Reads `mail:` into *mail; problems go to *diags with their location.
void ReadMailConfig(const YamlNode& node, MailConfig* mail, Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_MAIL_CONFIG_H_
