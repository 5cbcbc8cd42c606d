#include "engine/pack/mail_config.h"

#include <cctype>

#include "engine/pack/yaml_read.h"
#include "engine/pack/yaml_tree.h"

namespace frontdesk {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool LooksLikeAddress(const std::string& a) {
  size_t at = a.find('@');
  return at != std::string::npos && at > 0 && at + 1 < a.size() &&
         a.find_first_of(" \t\r\n<>\",;") == std::string::npos;
}

struct IntKey {
  const char* key;
  int* value;
  int min, max;
};

void CheckInts(const MapReader& r, std::initializer_list<IntKey> keys, Diagnostics* diags) {
  for (const IntKey& k : keys)
    // Only a key that is there: a default may lie outside the range (port 0 = by security).
    if (r.Has(k.key) && r.Int(k.key, k.value) && (*k.value < k.min || *k.value > k.max))
      diags->Error(r.Get(k.key)->loc, std::string(k.key) + " must be between " +
                                          std::to_string(k.min) + " and " + std::to_string(k.max));
}

void ReadSmtp(const YamlNode& node, SmtpConfig* smtp, Diagnostics* diags) {
  MapReader r(node, "smtp", diags,
              {"host", "port", "security", "user_env", "password_env", "timeout_seconds",
               "max_attempts", "retry_base_seconds", "poll_seconds"});
  if (!r.valid()) return;
  r.String("host", &smtp->host, false, true);
  r.String("security", &smtp->security, false, true);
  if (smtp->security != "starttls" && smtp->security != "tls" && smtp->security != "none")
    diags->Error(r.Get("security")->loc, "security must be starttls, tls or none");
  r.String("user_env", &smtp->user_env, false, true);
  r.String("password_env", &smtp->password_env, false, true);
  CheckInts(r,
            {{"port", &smtp->port, 1, 65535},
             {"timeout_seconds", &smtp->timeout_seconds, 1, 600},
             {"max_attempts", &smtp->max_attempts, 1, 100},
             {"retry_base_seconds", &smtp->retry_base_seconds, 1, 86400},
             {"poll_seconds", &smtp->poll_seconds, 1, 3600}},
            diags);
}

void ReadImap(const YamlNode& node, const std::string& what, ImapConfig* imap, Diagnostics* diags) {
  MapReader r(node, what, diags,
              {"name", "host", "port", "security", "mailbox", "user_env", "password_env", "mark",
               "poll_seconds", "timeout_seconds", "max_per_poll"});
  if (!r.valid()) return;
  r.String("name", &imap->name, false, true);
  r.String("host", &imap->host, true, true);
  r.String("security", &imap->security, false, true);
  if (imap->security != "starttls" && imap->security != "tls" && imap->security != "none")
    diags->Error(r.Get("security")->loc, "security must be tls, starttls or none");
  r.String("mailbox", &imap->mailbox, false, true);
  if (imap->mailbox.empty()) diags->Error(node.loc, what + ": mailbox must not be empty");
  // IMAP always logs in; the credentials come from the environment only.
  r.String("user_env", &imap->user_env, true, true);
  r.String("password_env", &imap->password_env, true, true);
  r.String("mark", &imap->mark, false, true);
  if (imap->mark != "keyword" && imap->mark != "seen" && imap->mark != "delete")
    diags->Error(r.Get("mark")->loc, "mark must be keyword, seen or delete");
  CheckInts(r,
            {{"port", &imap->port, 1, 65535},
             {"poll_seconds", &imap->poll_seconds, 1, 86400},
             {"timeout_seconds", &imap->timeout_seconds, 1, 600},
             {"max_per_poll", &imap->max_per_poll, 1, 10000}},
            diags);
  if (imap->name.empty()) imap->name = imap->host + "/" + imap->mailbox;
}

void ReadImapList(const YamlNode& node, std::vector<ImapConfig>* out, Diagnostics* diags) {
  if (!node.IsSequence()) {
    diags->Error(node.loc, std::string("mail.imap must be a list of mailboxes, not ") + node.KindName());
    return;
  }
  for (size_t i = 0; i < node.items.size(); ++i) {
    ImapConfig imap;
    ReadImap(node.items[i], "mail.imap[" + std::to_string(i) + "]", &imap, diags);
    for (const ImapConfig& other : *out)
      if (other.name == imap.name)
        diags->Error(node.items[i].loc, "two mailboxes of mail.imap are named " + imap.name);
    out->push_back(std::move(imap));
  }
}

}  // namespace

void ReadMailConfig(const YamlNode& node, MailConfig* mail, Diagnostics* diags) {
  MapReader r(node, "mail", diags,
              {"from", "from_name", "own_addresses", "trust_authentication_results",
               "max_replies_per_sender", "reply_window_seconds", "max_message_bytes",
               "message_id_domain", "smtp", "imap"});
  if (!r.valid()) return;
  r.String("from", &mail->from, false, true);
  mail->from = Lower(mail->from);
  if (!mail->from.empty() && !LooksLikeAddress(mail->from))
    diags->Error(r.Get("from")->loc, "from must be a plain address such as support@shop.example");
  r.String("from_name", &mail->from_name, false, true);
  r.StringList("own_addresses", &mail->own_addresses);
  for (std::string& a : mail->own_addresses) a = Lower(a);
  r.String("trust_authentication_results", &mail->trust_authentication_results, false, true);
  r.String("message_id_domain", &mail->message_id_domain, false, true);
  int max_bytes = static_cast<int>(mail->max_message_bytes);
  int window = static_cast<int>(mail->reply_window_seconds);
  CheckInts(r,
            {{"max_replies_per_sender", &mail->max_replies_per_sender, 0, 1000},
             {"reply_window_seconds", &window, 60, 365 * 86400},
             {"max_message_bytes", &max_bytes, 1024, 1 << 30}},
            diags);
  mail->max_message_bytes = static_cast<size_t>(max_bytes);
  mail->reply_window_seconds = window;
  if (const YamlNode* smtp = r.Get("smtp")) ReadSmtp(*smtp, &mail->smtp, diags);
  if (const YamlNode* imap = r.Get("imap")) ReadImapList(*imap, &mail->imap, diags);
}

}  // namespace frontdesk
