#!/usr/bin/env python3
"""A stand-in for `hyoka lsp` (tests/test_language.lua): answers initialize
and shutdown, asks for the "hyoka" settings (workspace/configuration) when
the client announces it, and appends what it receives as JSON lines to the
file given as argument:
  {"kind": "initialize", "value": {"locale": ..., "initializationOptions": ...}}
  {"kind": "initialized", "value": null}
  {"kind": "configuration", "value": [<the "hyoka" section>]}
  {"kind": "didChangeConfiguration", "value": <settings>}
It answers `hyoka/preview` as a hyoka older than the request would, with
MethodNotFound (tests/test_preview.lua); any other request with null.
"""
import json
import sys

log = open(sys.argv[1], "a", encoding="utf-8")
inp, out = sys.stdin.buffer, sys.stdout.buffer


def read():
    length = None
    while True:
        line = inp.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return json.loads(inp.read(length).decode("utf-8"))


def send(msg):
    body = json.dumps(msg).encode("utf-8")
    out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    out.flush()


def record(kind, value):
    log.write(json.dumps({"kind": kind, "value": value}, ensure_ascii=False) + "\n")
    log.flush()


announced = False
while True:
    m = read()
    if m is None:
        break
    method = m.get("method")
    if method == "initialize":
        p = m.get("params") or {}
        record("initialize", {"locale": p.get("locale"), "initializationOptions": p.get("initializationOptions")})
        announced = bool(((p.get("capabilities") or {}).get("workspace") or {}).get("configuration"))
        send({"jsonrpc": "2.0", "id": m["id"],
              "result": {"capabilities": {"textDocumentSync": 1}, "serverInfo": {"name": "hyoka", "version": "fake"}}})
    elif method == "initialized":
        record("initialized", None)
        if announced:
            send({"jsonrpc": "2.0", "id": "settings", "method": "workspace/configuration",
                  "params": {"items": [{"section": "hyoka"}]}})
    elif method is None and m.get("id") == "settings":
        record("configuration", m.get("result"))
    elif method == "workspace/didChangeConfiguration":
        record("didChangeConfiguration", (m.get("params") or {}).get("settings"))
    elif method == "exit":
        break
    elif method == "hyoka/preview":
        send({"jsonrpc": "2.0", "id": m["id"], "error": {"code": -32601, "message": "Method not found"}})
    elif method is not None and "id" in m:
        send({"jsonrpc": "2.0", "id": m["id"], "result": None})
