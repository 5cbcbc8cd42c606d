# frontdesk_layer(NAME DIR [PUBLIC ...] [PRIVATE ...]): the static library
# frontdesk_NAME from DIR/*.cc, linked as given. Sources are globbed so that
# adding a file to a layer never needs a CMake edit; adapters/cli/main.cc is
# the executable's own.
function(frontdesk_layer name dir)
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${dir}/*.cc)
  list(FILTER sources EXCLUDE REGEX ".*/adapters/cli/main\\.cc$")
  add_library(frontdesk_${name} STATIC ${sources})
  target_link_libraries(frontdesk_${name} ${ARGN})
endfunction()

# Libraries a deciding layer must never reach: a store, a socket, a MIME
# parser. Matched against the names of everything a target links, directly
# or through the layers below it.
set(FRONTDESK_FORBIDDEN_IN_DECIDING "SQLite|sqlite|HTTPLIB|httplib|CURL|curl|GMIME|gmime|PostgreSQL|pq")

function(_frontdesk_collect_links target out)
  set(seen ${${out}})
  get_target_property(links ${target} LINK_LIBRARIES)
  get_target_property(iface ${target} INTERFACE_LINK_LIBRARIES)
  foreach(lib IN LISTS links iface)
    if(NOT lib OR lib IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${lib})
    if(TARGET ${lib} AND lib MATCHES "^frontdesk_")
      _frontdesk_collect_links(${lib} seen)
    endif()
  endforeach()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

# Fails the configure step when `target` (a deciding layer) links, directly or
# through the layers it uses, any library in FRONTDESK_FORBIDDEN_IN_DECIDING.
function(frontdesk_forbid_links target)
  set(all "")
  _frontdesk_collect_links(${target} all)
  foreach(lib IN LISTS all)
    if(lib MATCHES "${FRONTDESK_FORBIDDEN_IN_DECIDING}")
      message(FATAL_ERROR "${target} is a deciding layer and must not link ${lib} "
                          "(docs/architecture.md, 'Layers')")
    endif()
  endforeach()
endfunction()
