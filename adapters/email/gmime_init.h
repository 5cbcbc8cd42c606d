// GMime must be initialized once per process before any other call into it.
#ifndef FRONTDESK_ADAPTERS_EMAIL_GMIME_INIT_H_
#define FRONTDESK_ADAPTERS_EMAIL_GMIME_INIT_H_

namespace frontdesk::mail {

// Calls g_mime_init() the first time; thread-safe, cheap afterwards.
void EnsureGMime();

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_GMIME_INIT_H_
