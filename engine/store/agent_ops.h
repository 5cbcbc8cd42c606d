// Private to engine/store: the checks and statements behind agents, ticket
// claims and internal notes. As in write_ops.h, Validate* run on the
// caller's thread, Write* on the writer thread inside a group-commit
// transaction, Read* on whatever connection they are given; Write* and
// Read* may throw SQLite::Exception.
#ifndef FRONTDESK_ENGINE_STORE_AGENT_OPS_H_
#define FRONTDESK_ENGINE_STORE_AGENT_OPS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/store/sql.h"
#include "engine/store/store.h"
#include "frontdesk/status.h"

namespace frontdesk::store_internal {

Status ValidateAgent(const Agent& agent);
// kInvalidArgument if the name was ever used; *id = the new agent's id.
Status WriteAgent(Connection& c, const Agent& agent, int64_t now_unix, int64_t* id);
Status ReadAgent(Connection& c, int64_t id, Agent* out);  // kNotFound if none or removed
Status ReadAgents(Connection& c, std::vector<Agent>* out);
Status WriteRemoveAgent(Connection& c, const std::string& name);  // kNotFound if none live

Status WriteClaimTicket(Connection& c, int64_t id, const std::string& agent, int64_t now_unix,
                        bool* claimed, Ticket* out);

Status ValidateTicketNote(const TicketNote& note);
Status WriteTicketNote(Connection& c, const TicketNote& note, int64_t now_unix, int64_t* id);
Status ReadTicketNotes(Connection& c, int64_t ticket_id, std::vector<TicketNote>* out);

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_AGENT_OPS_H_
