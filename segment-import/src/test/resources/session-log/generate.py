#!/usr/bin/env python3
"""Writes one log per version of the original runtime's session log (HareK02/yoi, before its chain was
removed in 90e83bf2), shaped as that version's serde types wrote them, and the state that version's
own replay (replay_entries, later collect_state) restored from it. Independent of the Java code under
test.

Each version folder holds <session-uuid>.jsonl logs and expected.json: for each log, the restored
state, with history items written in the current logged-item form (kind-tagged, no provider id or
status), as the Java test compares them.

The hash chain (3d2a49e1 onwards) is HashedEntry {hash, prev_hash, #[serde(flatten)] entry}:
hash = SHA-256(previous hash bytes, or 32 zero bytes || serde_json::to_string(entry)); prev_hash is
null on the first line. json.dumps(separators=(",", ":"), ensure_ascii=False) writes what serde_json
writes for these values (compact, keys in declaration order, raw UTF-8).

Run from this folder: python3 generate.py
"""
import hashlib
import json
import os

S1 = "0190f0a1-0000-7000-8000-000000000001"
S2 = "0190f0a1-0000-7000-8000-000000000002"


def dumps(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def write(folder, session, entries, chained=True, tamper=None):
    """Writes the log; returns the old hashes. tamper=(line, old, new) alters a line after hashing."""
    os.makedirs(folder, exist_ok=True)
    prev, hashes, lines = None, [], []
    for entry in entries:
        body = dumps(entry)
        if chained:
            digest = hashlib.sha256((bytes.fromhex(prev) if prev else bytes(32)) + body.encode("utf-8")).hexdigest()
            line = {"hash": digest, "prev_hash": prev}
            line.update(entry)
            lines.append(dumps(line))
            hashes.append(digest)
            prev = digest
        else:
            lines.append(body)
    if tamper:
        index, old, new = tamper
        assert old in lines[index]
        lines[index] = lines[index].replace(old, new)
    with open(os.path.join(folder, session + ".jsonl"), "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")
    return hashes


# ---------------------------------------------------------------- values as each version wrote them

def config(v, max_tokens=1024):
    c = {"max_tokens": max_tokens, "temperature": 0.5, "top_p": None, "top_k": None, "stop_sequences": ["END"]}
    if v >= V["3d04f793"]:  # RequestConfig.reasoning, #[serde(default)] without skip: written as null
        c["reasoning"] = None
    return c


def provider_message(role, text, mid=None, status=None):
    """llm_worker Item::Message: tag "type", id/status skipped when None."""
    m = {"type": "message"}
    if mid:
        m["id"] = mid
    m.update({"role": role, "content": [{"type": "text", "text": text}]})
    if status:
        m["status"] = status
    return m


def message(v, role, text):
    if v >= V["8a9e3b4f"]:  # LoggedItem: tag "kind", no id/status
        return {"kind": "message", "role": role, "content": [{"kind": "text", "text": text}]}
    return provider_message(role, text, "msg_" + role[0], "completed" if role == "assistant" else None)


def tool_call(v, call_id, name, arguments):
    if v >= V["8a9e3b4f"]:
        return {"kind": "tool_call", "call_id": call_id, "name": name, "arguments": arguments}
    return {"type": "tool_call", "id": "fc_" + call_id, "call_id": call_id, "name": name, "arguments": arguments,
            "status": "completed"}


def tool_result(v, call_id, summary, content=None):
    if v < V["17d0430a"]:  # ToolResult { id?, call_id, output }
        return {"type": "tool_result", "call_id": call_id, "output": summary}
    r = {"kind" if v >= V["8a9e3b4f"] else "type": "tool_result", "call_id": call_id, "summary": summary}
    if content is not None:
        r["content"] = content
    return r


def reasoning(v, text):
    if v >= V["8a9e3b4f"]:  # LoggedItem::Reasoning
        return {"kind": "reasoning", "text": text, "summary": ["short"]}
    r = {"type": "reasoning", "id": "rs_1", "text": text}
    if v >= V["3d04f793"]:  # Item::Reasoning.summary, skipped when empty
        r["summary"] = ["short"]
    return r


def current_item(item):
    """The item as the current format writes it: what the Java side encodes from the replayed history."""
    kind = item.get("kind", item.get("type"))
    if kind == "message":
        return {"kind": "message", "role": item["role"],
                "content": [{"kind": p.get("kind", p.get("type")), "text": p["text"]} for p in item["content"]]}
    if kind == "tool_call":
        return {"kind": "tool_call", "call_id": item["call_id"], "name": item["name"], "arguments": item["arguments"]}
    if kind == "tool_result":
        r = {"kind": "tool_result", "call_id": item["call_id"], "summary": item.get("summary", item.get("output"))}
        if item.get("content") is not None:
            r["content"] = item["content"]
        return r
    if kind == "reasoning":
        r = {"kind": "reasoning", "text": item["text"]}
        if item.get("summary"):
            r["summary"] = item["summary"]
        return r
    raise ValueError(kind)


def flatten(segments, v):
    out = ""
    for s in segments:
        k = s["kind"]
        if k in ("text",):
            out += s["content"]
        elif k == "paste":
            out += s["content"]
        elif k == "file_ref":
            # e3b36371 wrote "[unresolved file ref: …]"; f9def2d5 onwards (and the newest runtime) "@path".
            out += "@" + s["path"]
    return out


def collect_state(v, entries):
    """replay_entries / collect_state of the version (the lock is left out: see FORMAT.md)."""
    st = {"system_prompt": None, "history": [], "turn_count": 0, "last_run_interrupted": False,
          "usage": [], "extensions": []}
    for e in entries:
        k = e["kind"]
        if k == "session_start":
            st["system_prompt"] = e["system_prompt"]
            st["max_tokens"] = e["config"]["max_tokens"]
            st["history"] = [current_item(i) for i in e["history"]]
        elif k == "user_input":
            if "item" in e:
                st["history"].append(current_item(e["item"]))
            else:
                st["history"].append({"kind": "message", "role": "user",
                                      "content": [{"kind": "text", "text": flatten(e["segments"], v)}]})
        elif k in ("assistant_items", "tool_results", "hook_injected_items"):
            st["history"].extend(current_item(i) for i in e["items"])
        elif k in ("assistant_item", "tool_result"):
            st["history"].append(current_item(e["item"]))
        elif k == "system_items":
            st["history"].extend(system_message(i) for i in e["items"])
        elif k == "system_item":
            st["history"].append(system_message(e["item"]))
        elif k == "turn_end":
            st["turn_count"] = e["turn_count"]
        elif k in ("run_outcome", "run_completed", "run_errored"):
            st["last_run_interrupted"] = e["interrupted"]
        elif k == "config_changed":
            st["max_tokens"] = e["config"]["max_tokens"]
        elif k == "llm_usage":
            st["usage"].append([e["history_len"], e["input_total_tokens"], e["cache_read_tokens"],
                                e["cache_write_tokens"], e["output_tokens"]])
        elif k == "extension":
            st["extensions"].append([e["domain"], e["payload"]])
    return st


def system_message(item):
    return {"kind": "message", "role": "system", "content": [{"kind": "text", "text": item["body"]}]}


VERSIONS = ["00e3ae19", "3d2a49e1", "17d0430a", "3d04f793", "6fe19b84", "8a9e3b4f", "e3b36371", "f9def2d5",
            "35fec785", "79b8336a"]
V = {name: i for i, name in enumerate(VERSIONS)}


def conversation(v):
    """A conversation of two turns using every feature version v writes."""
    ts = iter(range(1_700_000_000_000, 1_700_000_100_000, 100))
    e = []
    start = {"kind": "session_start", "ts": next(ts), "system_prompt": "You are helpful.", "config": config(v),
             "history": [message(v, "user", "Earlier question"), message(v, "assistant", "Earlier answer")]}
    e.append(start)
    if v >= V["79b8336a"]:
        e.append({"kind": "invoke", "ts": next(ts), "trigger": "user_send"})
    if v >= V["e3b36371"]:
        e.append({"kind": "user_input", "ts": next(ts), "segments": [
            {"kind": "text", "content": "Weather in Tokyo? "},
            {"kind": "paste", "id": 1, "chars": 11, "lines": 2, "content": "line1\nline2"},
            {"kind": "file_ref", "path": "notes.md"}]})
    else:
        e.append({"kind": "user_input", "ts": next(ts), "item": provider_message("user", "Weather in Tokyo?", "msg_u1")})
    answer = [reasoning(v, "Need the tool."), tool_call(v, "c1", "get_weather", "{\"city\":\"Tokyo\"}")]
    results = [tool_result(v, "c1", "Sunny, 25C", "{\"sky\":\"sunny\"}")]
    if v >= V["35fec785"]:
        e += [{"kind": "assistant_item", "ts": next(ts), "item": i} for i in answer]
        e += [{"kind": "tool_result", "ts": next(ts), "item": i} for i in results]
    else:
        e.append({"kind": "assistant_items", "ts": next(ts), "items": answer})
        e.append({"kind": "tool_results", "ts": next(ts), "items": results})
    if v >= V["17d0430a"]:
        e.append({"kind": "llm_usage", "ts": next(ts), "history_len": 5, "input_total_tokens": 1200,
                  "cache_read_tokens": 1000, "cache_write_tokens": 150, "output_tokens": 42})
    final = message(v, "assistant", "Sunny in Tokyo.")
    e.append({"kind": "assistant_item", "ts": next(ts), "item": final} if v >= V["35fec785"]
             else {"kind": "assistant_items", "ts": next(ts), "items": [final]})
    e.append({"kind": "turn_end", "ts": next(ts), "turn_count": 1})
    if v >= V["6fe19b84"]:
        e.append({"kind": "run_completed", "ts": next(ts), "interrupted": False, "result": "finished"})
    else:
        e.append({"kind": "run_outcome", "ts": next(ts), "outcome": "finished", "interrupted": False})
        e.append({"kind": "locked" if v >= V["17d0430a"] else "cache_locked", "ts": next(ts), "locked_prefix_len": 5})
    if v >= V["3d04f793"]:
        e.append({"kind": "extension", "ts": next(ts), "domain": "memory.extract",
                  "payload": {"processed_through_entry": 7}})
    # What came in between turns: a hook's items, later typed system items.
    if v >= V["35fec785"]:
        e.append({"kind": "system_item", "ts": next(ts), "item": {"kind": "notification", "message": "child done",
                                                                   "body": "[Notification] child done"}})
        e.append({"kind": "system_item", "ts": next(ts), "item": {
            "kind": "pod_event", "event": {"kind": "turn_ended", "pod_name": "child"},
            "body": "[Notification] pod `child` finished a turn"}})
    elif v >= V["f9def2d5"]:
        e.append({"kind": "system_items", "ts": next(ts), "items": [
            {"kind": "notification", "message": "child done", "body": "[Notification] child done"},
            {"kind": "pod_event", "event": {"kind": "turn_ended", "pod_name": "child"},
             "body": "[Notification] pod `child` finished a turn"}]})
    else:
        e.append({"kind": "hook_injected_items", "ts": next(ts), "items": [
            message(v, "system", "[hook] reminder"), message(v, "user", "[hook] carry on")]})
    if v >= V["79b8336a"]:
        e.append({"kind": "invoke", "ts": next(ts), "trigger": "pod_event"})
    if v >= V["e3b36371"]:
        e.append({"kind": "user_input", "ts": next(ts), "segments": [{"kind": "text", "content": "And tomorrow?"}]})
    else:
        e.append({"kind": "user_input", "ts": next(ts), "item": provider_message("user", "And tomorrow?", "msg_u2")})
    e.append({"kind": "config_changed", "ts": next(ts), "config": config(v, 2048)})
    refusal = message(v, "assistant", "I cannot know.")
    e.append({"kind": "assistant_item", "ts": next(ts), "item": refusal} if v >= V["35fec785"]
             else {"kind": "assistant_items", "ts": next(ts), "items": [refusal]})
    if v < V["6fe19b84"]:
        e.append({"kind": "cache_unlocked", "ts": next(ts)})
    e.append({"kind": "turn_end", "ts": next(ts), "turn_count": 2})
    if v >= V["6fe19b84"]:
        e.append({"kind": "run_errored", "ts": next(ts), "interrupted": True, "message": "provider 429"})
    elif v == V["00e3ae19"]:
        e.append({"kind": "run_outcome", "ts": next(ts), "outcome": {"error": {"message": "provider 429"}},
                  "interrupted": True})
    else:
        e.append({"kind": "run_outcome", "ts": next(ts), "outcome": "limit_reached", "interrupted": True})
    return e


expected_all = {}
for name in VERSIONS:
    v = V[name]
    entries = conversation(v)
    hashes = write(name, S1, entries, chained=v >= V["3d2a49e1"])
    expected = {S1: collect_state(v, entries)}
    if v >= V["17d0430a"]:
        # A fork after the source's first turn_end, whose lines before it include a plural line of two
        # items (before 35fec785): its at_hash names an old line, which the import maps to new entries.
        at = next(i for i, x in enumerate(entries) if x["kind"] == "turn_end")
        fork = [{"kind": "session_start", "ts": 1_700_000_200_000, "system_prompt": "You are helpful.",
                 "config": config(v), "history": [message(v, "user", "Weather in Tokyo?"),
                                                 message(v, "assistant", "Sunny in Tokyo.")],
                 "forked_from": {"session_id": S1, "at_hash": hashes[at]}},
                {"kind": "turn_end", "ts": 1_700_000_200_100, "turn_count": 2}]
        write(name, S2, fork)
        expected[S2] = collect_state(v, fork)
        expected[S2]["forked_at_line"] = at
    with open(os.path.join(name, "expected.json"), "w", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")

# A log whose chain is broken: line 5 (0-based 4) altered after it was written.
write("broken-chain", S1, conversation(V["35fec785"]), tamper=(4, "Sunny, 25C", "Rainy, 12C"))
