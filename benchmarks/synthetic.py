"""Valid synthetic briefings of any size, deterministic from a seed.

python -m benchmarks.synthetic --clauses 1000 --quotes 10000 --seed 1 > big.json
python -m benchmarks.synthetic --clauses 50000 --quotes 5000 --big-quote 2097152 > i4.json
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from typing import Any

import msgspec

from briefing.format.model import STANCES, STATUSES

WORDS = [
    "ceasefire",
    "line",
    "forces",
    "withdraw",
    "zone",
    "security",
    "guarantee",
    "sanctions",
    "relief",
    "army",
    "cap",
    "personnel",
    "territory",
    "border",
    "referendum",
    "monitors",
    "observers",
    "prisoners",
    "exchange",
    "energy",
    "plant",
    "grain",
    "corridor",
    "reconstruction",
    "fund",
    "assets",
    "frozen",
    "alliance",
    "membership",
    "neutral",
    "treaty",
    "parliament",
    "elections",
    "amnesty",
    "language",
    "church",
    "refugees",
    "return",
    "compensation",
    "verification",
    "mechanism",
    "council",
    "summit",
    "envoy",
    "delegation",
    "proposal",
    "draft",
    "framework",
]
TOPICS = ("territory", "security", "military", "alliances", "economy", "governance", "humanitarian")


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def generate(
    clauses: int,
    quotes: int,
    *,
    parties: int = 24,
    documents: int = 3,
    seed: int = 1,
    big_quote: int = 0,
) -> dict[str, Any]:
    """A valid `briefing/1` document with the given numbers of clauses and quotes; with
    `big_quote`, the first quote is that many characters long and on the first clause."""
    rng = random.Random(seed)
    start = date(2025, 1, 1)

    def day(offset: int) -> str:
        return (start + timedelta(days=offset)).isoformat()

    party_ids = [f"p{i}" for i in range(parties)]
    people = [
        {"id": f"u{i}", "name": f"Person {i}", "role": "Envoy", "party": rng.choice(party_ids)}
        for i in range(parties * 3)
    ]
    sources = [
        {"id": f"s{i}", "title": _sentence(rng, 3, 8), "published": day(i % 300)}
        for i in range(200)
    ]
    doc_ids = [f"d{i}" for i in range(documents)]
    out_clauses = []
    for i in range(clauses):
        versions = [{"document": doc_ids[0], "text": _sentence(rng, 20, 60)}]
        for doc_id in doc_ids[1:]:
            if rng.random() < 0.4:
                versions.append({"document": doc_id, "text": _sentence(rng, 20, 60)})
        positions = [
            {
                "party": rng.choice(party_ids),
                "stance": rng.choice(STANCES),
                "summary": _sentence(rng, 10, 30),
                "as_of": day(rng.randint(0, 300)),
                "sources": [f"s{rng.randrange(200)}"],
            }
            for _ in range(rng.randint(1, 6))
        ]
        out_clauses.append(
            {
                "id": f"c{i}",
                "number": str(i + 1),
                "title": _sentence(rng, 3, 7)[:-1],
                "topic": rng.choice(TOPICS),
                "status": rng.choice(STATUSES),
                "versions": versions,
                "positions": positions,
                "sources": [f"s{rng.randrange(200)}"],
            }
        )
    out_quotes = [
        {
            "id": f"q{i}",
            "text": _sentence(rng, 15, 60),
            "speaker": f"u{rng.randrange(parties * 3)}",
            "said": day(rng.randint(0, 300)),
            "source": f"s{rng.randrange(200)}",
            "clauses": [f"c{rng.randrange(clauses)}"] if clauses else [],
        }
        for i in range(quotes)
    ]
    if big_quote and out_quotes and clauses:
        words: list[str] = []
        size = 0
        while size < big_quote:
            words.append(rng.choice(WORDS))
            size += len(words[-1]) + 1
        out_quotes[0]["text"] = " ".join(words)[:big_quote].rstrip()
        out_quotes[0]["clauses"] = ["c0"]
    return {
        "format": "briefing/1",
        "id": f"synthetic-{clauses}-{quotes}-{seed}",
        "title": f"Synthetic briefing: {clauses} clauses, {quotes} quotes",
        "updated": "2025-11-30T12:00:00+00:00",
        "summary": _sentence(rng, 20, 40),
        "parties": [
            {"id": pid, "name": f"Party {i}", "short": f"P{i}"[:6], "kind": "state"}
            for i, pid in enumerate(party_ids)
        ],
        "people": people,
        "documents": [
            {"id": d, "title": f"Document {i}", "date": day(i * 10), "author": party_ids[0]}
            for i, d in enumerate(doc_ids)
        ],
        "clauses": out_clauses,
        "positions": [
            {
                "party": pid,
                "stance": rng.choice(STANCES),
                "summary": _sentence(rng, 6, 12),
                "as_of": day(rng.randint(0, 300)),
                "sources": ["s0"],
            }
            for pid in party_ids
        ],
        "quotes": out_quotes,
        "deadlines": [
            {
                "id": "main",
                "label": "Reply to the draft",
                "tz": "Europe/Zurich",
                "history": [
                    {"at": day(0), "kind": "set", "due": day(330), "precision": "day"},
                    {"at": day(100), "kind": "moved", "due": day(345), "precision": "day"},
                    {"at": day(200), "kind": "softened"},
                ],
            }
        ],
        "events": [
            {"id": f"e{i}", "at": day(i), "title": _sentence(rng, 3, 8), "sources": [f"s{i % 200}"]}
            for i in range(min(300, clauses + 10))
        ],
        "sources": sources,
    }


def generate_bytes(clauses: int, quotes: int, *, seed: int = 1, big_quote: int = 0) -> bytes:
    return msgspec.json.encode(generate(clauses, quotes, seed=seed, big_quote=big_quote))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clauses", type=int, default=1000)
    parser.add_argument("--quotes", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--big-quote", type=int, default=0, metavar="CHARS", help="make the first quote this long"
    )
    args = parser.parse_args(argv)
    data = generate_bytes(args.clauses, args.quotes, seed=args.seed, big_quote=args.big_quote)
    sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
