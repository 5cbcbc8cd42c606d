#include "adapters/cli/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <map>

#include "adapters/cli/configured_store.h"
#include "engine/lookups/lookup_check.h"
#include "engine/lookups/lookup_service.h"
#include "engine/lookups/shop_database.h"

namespace frontdesk::cli {

std::shared_ptr<const CompiledPack> LoadAndCheck(const std::string& config_path, bool build_databases,
                                                 Diagnostics* diags) {
  auto pack = CompiledPack::Load(config_path, diags);
  if (pack == nullptr) return nullptr;
  if (build_databases) {
    Status s = BuildMissingDatabases(pack->config().databases);
    if (!s.ok()) diags->Error({pack->config().path, 1, 1}, s.message());
  }
  CheckSqlLookups(pack->config(), pack->defs().lookups, diags);
  return diags->ok() ? pack : nullptr;
}

Status MakeLookups(const CompiledPack& pack, AttemptLimiter* limiter,
                   std::shared_ptr<LookupRunner>* out) {
  LookupServiceOptions options;
  options.limiter = limiter;
  options.env = [](const std::string& name, std::string* value) {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return false;
    *value = v;
    return true;
  };
  std::unique_ptr<LookupService> service;
  Status s = LookupService::Create(pack.defs().lookups, options, &service);
  if (s.ok()) *out = std::move(service);
  return s;
}

namespace {

Status ReadFaqHits(Store* store, const CompiledPack& pack) {
  if (!pack.faq()) return Status::Ok();
  std::map<std::string, int64_t> hits;
  Status s = store->FaqHitCounts(&hits);
  if (s.ok()) pack.faq()->SetHits(hits);
  return s;
}

}  // namespace

std::unique_ptr<Runtime> Runtime::Open(const std::string& config_path, bool durable) {
  std::unique_ptr<Runtime> rt(new Runtime(config_path));
  Diagnostics diags;
  auto pack = LoadAndCheck(config_path, /*build_databases=*/true, &diags);
  if (pack == nullptr) {
    std::fputs(diags.ToString().c_str(), stderr);
    return nullptr;
  }
  ConversationStore* conversations = &rt->memory_;
  if (durable && HasStore(pack->config())) {
    Status s = OpenStore(pack->config(), /*quiet=*/false, &rt->store_);
    if (!s.ok()) {
      std::fprintf(stderr, "frontdesk: cannot open %s: %s\n", StoreName(pack->config()).c_str(),
                   s.ToString().c_str());
      return nullptr;
    }
    // The FAQ lists the most asked entries first: start from the stored counts.
    s = ReadFaqHits(rt->store_.get(), *pack);
    if (!s.ok()) {
      std::fprintf(stderr, "frontdesk: cannot read FAQ hit counts: %s\n", s.ToString().c_str());
      return nullptr;
    }
    rt->store_limiter_ = std::make_unique<StoreAttemptLimiter>(rt->store_.get(), &rt->clock_);
    rt->limiter_ = rt->store_limiter_.get();
    rt->recorded_ = std::make_unique<StoreConversations>(rt->store_.get());
    conversations = rt->recorded_.get();
  }
  std::shared_ptr<LookupRunner> lookups;
  Status s = MakeLookups(*pack, rt->limiter_, &lookups);
  if (!s.ok()) {
    std::fprintf(stderr, "frontdesk: lookups cannot start: %s\n", s.ToString().c_str());
    return nullptr;
  }
  rt->service_ = std::make_unique<SupportService>(pack, conversations, &rt->clock_, std::move(lookups));
  return rt;
}

Status Runtime::RefreshFaqHits() {
  if (!store_) return Status::Ok();
  return ReadFaqHits(store_.get(), *service_->pack());
}

Status Runtime::Reload() {
  MutexLock lock(&reload_mu_);
  Diagnostics diags;
  auto pack = LoadAndCheck(config_path_, /*build_databases=*/true, &diags);
  if (pack == nullptr) return Status::InvalidArgument(diags.ToString());
  std::shared_ptr<LookupRunner> lookups;
  Status s = MakeLookups(*pack, limiter_, &lookups);
  if (!s.ok()) return s;
  service_->SwapPack(pack, std::move(lookups));
  return Status::Ok();
}

}  // namespace frontdesk::cli
