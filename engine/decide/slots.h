// Slot values: cut from the original text (case and accents kept), then
// transformed as the slot definition says.
#ifndef FRONTDESK_ENGINE_DECIDE_SLOTS_H_
#define FRONTDESK_ENGINE_DECIDE_SLOTS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/decide/classifier.h"
#include "engine/decide/compiled_pack.h"
#include "engine/text/text.h"

namespace frontdesk {

// The original text of folded bytes [begin, end), transformed.
std::string SlotValue(const FoldedText& text, size_t begin, size_t end, const std::string& transform);

// Byte ranges [begin, end) of the folded text that hold a slot value.
using SlotSpans = std::vector<std::pair<size_t, size_t>>;

// Searches the slot's own pattern in the text; returns false if absent. With
// `taken`, skips matches that overlap those spans (so the digits of order
// "CD-204871" are not also read as postcode 204871) and adds the span found.
bool FindSlot(const CompiledPack& pack, const std::string& slot, const FoldedText& text,
              std::string* value, SlotSpans* taken = nullptr);

// Slots for intent `m`: its best pattern's named captures, then each of the
// intent's declared slots found by the slot's pattern, in declaration order;
// no two values share a character of the text.
std::map<std::string, std::string> ExtractSlots(const CompiledPack& pack, const IntentMatch& m,
                                                const FoldedText& text);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_DECIDE_SLOTS_H_
