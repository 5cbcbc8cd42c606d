#!/usr/bin/env python3
"""Fails when a file includes a header of a layer above its own, or when a
deciding-layer file includes a store, HTTP or MIME header.

The layers, lowest first, are those of docs/architecture.md; the CMake
targets link the same way, so this test keeps the includes honest where the
linker cannot see (a header-only use of a library, an inline function).

Usage: check_layers.py SOURCE_DIR   (exit 1 and one line per violation)
"""
import os
import re
import sys

# Folder -> rank. A file may include headers of its own folder and of folders
# with a lower rank; folders of equal rank may not include each other.
LAYERS = [
    ("include/frontdesk", 0),
    ("engine/base", 1),
    ("engine/text", 2),
    ("engine/pack", 3),
    ("engine/match", 4),
    ("engine/faq", 5),
    ("engine/decide", 6),
    ("engine/lookups", 7),
    ("engine/store", 7),
    ("engine/service", 8),
    ("adapters/email", 8.5),  # below http: POST /v1/email/inbound calls it
    ("adapters/http", 9),
    ("adapters/cli", 10),
]
# The layers that decide: they open no socket, database or MIME parser.
DECIDING = {"include/frontdesk", "engine/base", "engine/text", "engine/pack",
            "engine/match", "engine/faq", "engine/decide"}
FORBIDDEN = re.compile(r"^(SQLiteCpp/|sqlite3\.h$|httplib\.h$|curl/|gmime/|postgresql/|libpq-fe\.h$)")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(path):
    for folder, rank in LAYERS:
        if path == folder or path.startswith(folder + "/"):
            return folder, rank
    return None, None


def header_layer(header):
    """The layer of a project header as written in an #include."""
    if header.startswith("frontdesk/"):
        return layer_of("include/" + header)
    return layer_of(header)


def check_file(root, rel):
    folder, rank = layer_of(rel)
    problems = []
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            header = m.group(2)
            if folder in DECIDING and FORBIDDEN.match(header):
                problems.append(f"{rel}:{n}: deciding layer {folder} includes <{header}>")
                continue
            hfolder, hrank = header_layer(header)
            if hfolder is None or hfolder == folder:
                continue
            if hrank >= rank:
                problems.append(f"{rel}:{n}: {folder} (layer {rank}) includes {header} "
                                f"from {hfolder} (layer {hrank})")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    problems, files = [], 0
    for top in ("include", "engine", "adapters"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if not name.endswith((".h", ".cc")):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
                if layer_of(rel)[0] is None:
                    problems.append(f"{rel}: in no layer (add its folder to LAYERS and docs/architecture.md)")
                    continue
                files += 1
                problems += check_file(root, rel)
    for p in problems:
        print(p)
    print(f"layers: {files} files checked, {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
