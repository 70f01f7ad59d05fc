#!/usr/bin/env python3
"""Writes the older-format sample logs of this folder, hashing them the way the original runtime's hash-chained session log (format v0) did.

Each line is the seed's HashedEntry: {"hash", "prev_hash", ...entry}, where
hash = SHA-256(previous hash bytes, or 32 zero bytes for the first line || serde_json bytes of the
entry without the hash fields). json.dumps with separators=(",", ":") and ensure_ascii=False writes
what serde_json::to_vec writes for these values (compact, keys in order, lowercase \\u00xx escapes
for control characters, raw UTF-8 otherwise). Independent of the Java code under test.

Run from this folder: python3 generate.py
"""
import hashlib
import json

SOURCE = "0190f0a1-0000-7000-8000-000000000001"
FORK = "0190f0a1-0000-7000-8000-000000000002"

CONFIG = {"max_tokens": 1024, "temperature": 0.7, "top_p": None, "top_k": None,
          "stop_sequences": ["END"], "parallel_tool_calls": True}


def user(text, mid):
    return {"type": "message", "id": mid, "role": "user", "content": [{"type": "text", "text": text}]}


def assistant(text, mid):
    return {"type": "message", "id": mid, "role": "assistant",
            "content": [{"type": "text", "text": text}], "status": "completed"}


def write(path, entries):
    prev = None
    hashes = []
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for entry in entries:
            body = json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            digest = hashlib.sha256((bytes.fromhex(prev) if prev else bytes(32)) + body).hexdigest()
            line = {"hash": digest, "prev_hash": prev}
            line.update(entry)
            out.write(json.dumps(line, separators=(",", ":"), ensure_ascii=False) + "\n")
            hashes.append(digest)
            prev = digest
    return hashes


source = [
    {"kind": "session_start", "ts": 1700000000000, "system_prompt": "You are helpful.\nAnswer in \"one\" line — précis.",
     "config": CONFIG, "history": [user("Earlier question", "msg_0"), assistant("Earlier answer", "msg_00")],
     "forked_from": None, "compacted_from": None},
    {"kind": "user_input", "ts": 1700000001000, "item": user("What's the weather in Tokyo?\u0001", "msg_1")},
    {"kind": "assistant_items", "ts": 1700000002000, "items": [
        {"type": "reasoning", "id": "rs_1", "text": "Need the weather tool.", "summary": ["tool needed"],
         "encrypted_content": None},
        {"type": "tool_call", "id": "fc_1", "call_id": "c1", "name": "get_weather",
         "arguments": "{\"city\":\"Tokyo\"}", "status": "completed"}]},
    {"kind": "tool_results", "ts": 1700000003000, "items": [
        {"type": "tool_result", "call_id": "c1", "summary": "Sunny, 25C", "content": "{\"sky\":\"sunny\",\"c\":25}",
         "is_error": False}]},
    {"kind": "assistant_items", "ts": 1700000004000, "items": [assistant("Sunny, 25°C in Tokyo.", "msg_2")]},
    {"kind": "llm_usage", "ts": 1700000004100, "history_len": 6, "input_total_tokens": 1200,
     "cache_read_tokens": 1000, "cache_write_tokens": 150, "output_tokens": 42},
    {"kind": "turn_end", "ts": 1700000004200, "turn_count": 1},
    {"kind": "run_outcome", "ts": 1700000004300, "outcome": {"Finished": {"turns": 1, "ratio": 0.5}},
     "interrupted": False},
    {"kind": "cache_locked", "ts": 1700000004400, "locked_prefix_len": 5},
    {"kind": "hook_injected_items", "ts": 1700000005000, "items": [
        {"type": "message", "role": "system", "content": [{"type": "text", "text": "[hook] reminder"}]}]},
    {"kind": "user_input", "ts": 1700000006000, "item": user("And tomorrow?", "msg_3")},
    {"kind": "config_changed", "ts": 1700000006100, "config": dict(CONFIG, max_tokens=2048)},
    {"kind": "assistant_items", "ts": 1700000007000, "items": [
        {"type": "message", "role": "assistant", "content": [{"type": "refusal", "refusal": "I cannot know."}]}]},
    {"kind": "cache_unlocked", "ts": 1700000007100},
    {"kind": "turn_end", "ts": 1700000007200, "turn_count": 2},
    {"kind": "run_outcome", "ts": 1700000007300, "outcome": "Interrupted", "interrupted": True},
]

source_hashes = write(SOURCE + ".jsonl", source)

# A fork of the source right after its first turn_end (line 7), entry tags written as "type".
fork = [
    {"type": "session_start", "ts": 1700000100000, "system_prompt": "You are helpful.", "config": CONFIG,
     "history": [user("What's the weather in Tokyo?", "msg_1"), assistant("Sunny, 25°C in Tokyo.", "msg_2")],
     "forked_from": {"session_id": SOURCE, "at_hash": source_hashes[6]}, "compacted_from": None},
    {"type": "user_input", "ts": 1700000101000, "item": user("And in Osaka?", "msg_4")},
    {"type": "assistant_items", "ts": 1700000102000, "items": [assistant("Cloudy in Osaka.", "msg_5")]},
    {"type": "turn_end", "ts": 1700000102100, "turn_count": 2},
]

write(FORK + ".jsonl", fork)
