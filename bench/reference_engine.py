#!/usr/bin/env python3
"""A straightforward Python engine with the course engine's rules (ENGINE.md):
the yardstick `bench/cli_bench.ts` times `deno task sim` against.

    python3 bench/reference_engine.py WORKLOAD.json --budget 512 --threshold 64

Reads a workload file as `deno task sim` does (prompts given, or generated from
the id with the same seeded generator), runs the same vLLM-v1-style schedule
over the same toy model, and prints the same report, byte for byte. Plain
Python: lists, a deque, no NumPy. Does not check its input.
"""
import argparse
import json
import sys
from collections import deque

MASK = 0xFFFFFFFF
INITIAL_KV = 0x2545F491


def imul(a, b):
    return (a * b) & MASK


def seed_from_string(text):
    """FNV-1a over the UTF-16 code units, as random.ts's seedFromString."""
    h = 0x811C9DC5
    units = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(units), 2):
        h = imul(h ^ (units[i] | units[i + 1] << 8), 0x01000193)
    return h


def prompt_from_id(request_id, prompt_len, vocab_size):
    """mulberry32 seeded from the id, as workload.ts's promptFromId."""
    state = seed_from_string(request_id)
    prompt = []
    for _ in range(prompt_len):
        state = (state + 0x6D2B79F5) & MASK
        t = imul(state ^ (state >> 15), 1 | state)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & MASK) ^ t
        prompt.append(int(((t ^ (t >> 14)) / 4294967296) * vocab_size))
    return prompt


def next_kv(kv, token, position):
    h = imul(kv ^ token, 0x9E3779B1) ^ imul(position + 1, 0x85EBCA6B)
    h ^= h >> 15
    h = imul(h, 0x2C1B3C6D)
    return h ^ (h >> 12)


def sample_token(kv, vocab_size):
    h = imul(kv ^ (kv >> 16), 0x45D9F3B)
    h ^= h >> 16
    return h % vocab_size


class Request:
    def __init__(self, entry, vocab_size):
        self.id = entry["id"]
        self.arrival = entry["arrival"]
        prompt = entry.get("prompt")
        if prompt is None:
            prompt = prompt_from_id(self.id, entry["promptLen"], vocab_size)
        self.tokens = list(prompt)
        self.prompt_len = len(prompt)
        self.max_tokens = entry["maxTokens"]
        self.num_computed_tokens = 0
        self.kv = INITIAL_KV
        self.first_token_step = None
        self.finish_step = None


def run(requests, budget, threshold, max_num_seqs, vocab_size):
    cap = threshold if threshold > 0 else float("inf")
    pending = deque(sorted(requests, key=lambda r: r.arrival))
    waiting, running = deque(), []
    totals = {"totalSteps": 0, "maxStepTokens": 0, "requestSteps": 0, "tokens": 0}
    step, unfinished = 0, len(requests)
    while unfinished > 0:
        if not running and not waiting:
            step = max(step, pending[0].arrival)  # idle until the next arrival
        while pending and pending[0].arrival <= step:
            waiting.append(pending.popleft())
        budget_left, scheduled = budget, []
        for request in running:  # running pass, in admission order
            if budget_left <= 0:
                break
            n = min(len(request.tokens) - request.num_computed_tokens, cap, budget_left)
            scheduled.append((request, n))
            budget_left -= n
        while budget_left > 0 and waiting and len(running) < max_num_seqs:  # admission pass
            request = waiting.popleft()
            running.append(request)
            n = min(len(request.tokens) - request.num_computed_tokens, cap, budget_left)
            scheduled.append((request, n))
            budget_left -= n
        finished = False
        for request, n in scheduled:  # execute, then sample where caught up
            kv, tokens, start = request.kv, request.tokens, request.num_computed_tokens
            for position in range(start, start + n):
                kv = next_kv(kv, tokens[position], position)
            request.kv, request.num_computed_tokens = kv, start + n
            if request.num_computed_tokens == len(tokens):
                tokens.append(sample_token(kv, vocab_size))
                if request.first_token_step is None:
                    request.first_token_step = step
                if len(tokens) - request.prompt_len == request.max_tokens:
                    request.finish_step, finished = step, True
                    unfinished -= 1
        if finished:
            running = [r for r in running if r.finish_step is None]
        step_tokens = budget - budget_left
        if step_tokens > 0:
            totals["totalSteps"] = step + 1
            totals["maxStepTokens"] = max(totals["maxStepTokens"], step_tokens)
            totals["requestSteps"] += len(scheduled)
            totals["tokens"] += step_tokens
        step += 1
    return totals


def json_key_order(ids):
    """Array-index ids first, ascending, as JSON.stringify orders an object's keys."""
    def is_index(i):
        return i.isascii() and i.isdigit() and (i == "0" or i[0] != "0") and int(i) < 2**32 - 1
    return sorted((i for i in ids if is_index(i)), key=int) + [i for i in ids if not is_index(i)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workload")
    parser.add_argument("--budget", type=int, default=2048)
    parser.add_argument("--threshold", type=int, default=0)
    parser.add_argument("--max-num-seqs", type=int, default=256)
    args = parser.parse_args()
    vocab_size = 50257
    with open(args.workload, encoding="utf-8-sig") as file:
        requests = [Request(entry, vocab_size) for entry in json.load(file)]
    totals = run(requests, args.budget, args.threshold, args.max_num_seqs, vocab_size)
    by_id = {r.id: r for r in requests}
    report = dict(totals, requests={})
    for request_id in json_key_order(list(by_id)):
        r = by_id[request_id]
        ttft = None if r.first_token_step is None else r.first_token_step - r.arrival + 1
        output = r.tokens[r.prompt_len:]
        report["requests"][request_id] = {"ttftSteps": ttft, "finishStep": r.finish_step, "output": output}
    sys.stdout.write(json.dumps(report, separators=(",", ":"), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
