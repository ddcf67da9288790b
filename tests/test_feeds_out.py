"""`briefing export --format atom|jsonfeed`: the timeline and the changes refreshes found,
read back by feedparser (and newsboat, where it is installed) as a feed reader does."""

from __future__ import annotations

import html
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tests.conftest import SAMPLE
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, V2, run_cli
from tests.terminal import ROOT

LATER = "2030-01-01"
JSONFEED_ITEM_KEYS = {
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "tags", "language",
    "attachments", "_briefing",
}  # fmt: skip
"""The item keys JSON Feed 1.1 defines, and the one extension this feed adds."""
"""An --as-of after everything in the sample: the whole timeline."""


def export(*args: str) -> str:
    result = run_cli("export", *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def atom(*args: str) -> Any:
    parsed = feedparser.parse(export("--format", "atom", *args))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def body(entry: Any) -> str:
    """An entry's content as the reader shows it: escaped HTML whose only tag is a line
    break (so no feed text can be markup), back to the text."""
    value = entry.content[0].value
    assert entry.content[0].type == "text/html"
    assert re.sub(r"<br />\n", "", value).count("<") == 0, value
    return html.unescape(value.replace("<br />\n", "\n"))


def timeline_size(data: dict[str, Any]) -> int:
    """Events, deadline changes, quotes and positions, counted in the document itself."""
    positions = len(data.get("positions", [])) + sum(
        len(c.get("positions", [])) for c in data["clauses"]
    )
    changes = sum(len(d["history"]) for d in data["deadlines"])
    return len(data["events"]) + changes + len(data["quotes"]) + positions


def test_atom_has_one_valid_entry_per_timeline_item_each_with_its_citation(sample_raw):
    feed = atom("--feed", str(SAMPLE), "--as-of", LATER)
    assert feed.feed.title == sample_raw["title"]
    assert feed.feed.id.startswith("urn:uuid:") and feed.feed.updated
    entries = feed.entries
    assert len(entries) == timeline_size(sample_raw)
    ids = [entry.id for entry in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:  # what RFC 4287 asks of every entry, and text as text
        assert entry.title and entry.updated_parsed and body(entry)
        assert entry.title_detail.type == "text/plain"
    published = [entry.updated_parsed for entry in entries]
    assert published == sorted(published, reverse=True)  # newest first
    # A quote: word for word, with the speaker, role, party, date, source and its URL.
    q1 = next(e for e in entries if "We will not give up the line" in body(e))
    assert q1.author == "Ana Lind"
    assert (
        "Ana Lind, Foreign minister (Northland), 19 Nov 2025; source: Draft plan circulated "
        "(Test Wire, 19 Nov 2025) [s1] <https://example.org/s1>"
    ) in body(q1)
    assert q1.link == "https://example.org/s1"
    # A position: its summary and its sources.
    stance = next(e for e in entries if e.title.startswith("Southland opposes: Ceasefire"))
    assert "Rejects the current line; wants the pre-war line." in body(stance)
    assert "source: Southland answers (21 Nov 2025) [s2]" in body(stance)
    assert {tag.term for tag in stance.tags} == {"position"}
    # A deadline change, with who and the note.
    softened = next(e for e in entries if "softened" in e.title)
    assert "Cy Mediator" in softened.title and "Not firm" in body(softened)


def test_the_as_of_moment_is_honoured(sample_raw):
    everything = atom("--feed", str(SAMPLE), "--as-of", LATER).entries
    then = atom("--feed", str(SAMPLE), "--as-of", "2025-11-19").entries
    assert 0 < len(then) < len(everything)
    assert all(entry.updated_parsed[:3] <= (2025, 11, 19) for entry in then)
    assert {e.id for e in then} <= {e.id for e in everything}  # the same items, the same ids


def test_feed_text_is_text_never_markup(sample_raw, tmp_path: Path):
    hostile = "<script>alert(1)</script> & <b>bold</b> ]]> \ufffe"
    sample_raw["quotes"][0]["text"] = hostile
    sample_raw["events"][0]["title"] = "<img src=x onerror=alert(1)>"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(sample_raw), encoding="utf-8")
    entries = atom("--feed", str(path), "--as-of", LATER).entries
    quote = next(e for e in entries if e.get("author") == "Ana Lind")
    assert "<script>alert(1)</script> & <b>bold</b> ]]>" in body(quote)
    event = next(e for e in entries if "onerror" in e.title)
    assert event.title == "<img src=x onerror=alert(1)>"
    item = next(
        i
        for i in json.loads(export("--format", "jsonfeed", "--feed", str(path)))["items"]
        if i["_briefing"]["quote"] == sample_raw["quotes"][0]["id"]
    )
    assert "content_html" not in item and "<script>" in item["content_text"]


def test_ids_depend_on_the_item_not_on_its_place(sample_raw, tmp_path: Path):
    """A publisher that lists quotes, events, clauses, positions or deadline changes in
    another order, or inserts one at the top, renames nothing."""
    before = {e.id: e.title for e in atom("--feed", str(SAMPLE), "--as-of", LATER).entries}
    for key in ("quotes", "events", "clauses", "positions", "deadlines"):
        sample_raw[key].reverse()
    for clause in sample_raw["clauses"]:
        clause.get("positions", []).reverse()
    new_quote = dict(sample_raw["quotes"][-1], id="q-new", text="A new first quote.")
    sample_raw["quotes"].insert(0, new_quote)
    path = tmp_path / "reordered.json"
    path.write_text(json.dumps(sample_raw), encoding="utf-8")
    after = {e.id: e.title for e in atom("--feed", str(path), "--as-of", LATER).entries}
    assert len(after) == len(before) + 1
    assert all(after.get(ident) == title for ident, title in before.items())


def test_json_feed_carries_the_same_entries_and_the_briefing_extension(sample_raw):
    feed = json.loads(export("--format", "jsonfeed", "--feed", str(SAMPLE), "--as-of", LATER))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == sample_raw["title"] and feed["items"]
    assert feed["_briefing"]["briefing"] == sample_raw["id"]
    atom_ids = {e.id for e in atom("--feed", str(SAMPLE), "--as-of", LATER).entries}
    assert {item["id"] for item in feed["items"]} == atom_ids
    kinds = set()
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["content_text"] and item["title"]
        published = datetime.fromisoformat(item["date_published"])  # RFC 3339, with offset
        assert published.utcoffset() is not None
        assert set(item) <= JSONFEED_ITEM_KEYS  # and nothing but 1.1's keys and our extension
        extension = item["_briefing"]
        kinds.add(extension["kind"])
        assert extension["key"] and isinstance(extension["parties"], list)
        assert isinstance(extension["citation"], str)
    assert kinds == {"event", "deadline", "quote", "position"}
    q3 = next(i for i in feed["items"] if i["_briefing"]["quote"] == "q3")
    assert q3["_briefing"]["sources"][0]["title"] == "Framework agreed"
    assert "source: Framework agreed (Test Daily, 23 Nov 2025) [s3]" in q3["_briefing"]["citation"]


def test_a_refresh_adds_entries_and_renames_none(server: FeedServer):
    url = server.route("/f", Route(body=V1))
    assert run_cli("refresh", "--feed", url).returncode == 0
    before = atom("--feed", url, "--as-of", LATER).entries
    server.route("/f", Route(body=V2))
    assert run_cli("refresh", "--feed", url).returncode == 0
    after = atom("--feed", url, "--as-of", LATER).entries
    titles = {e.id: e.title for e in after}
    assert all(titles.get(e.id) == e.title for e in before)  # every old entry, as it was
    new = [e for e in after if e.id not in {old.id for old in before}]
    changes = [e for e in new if {t.term for t in e.tags} == {"change"}]
    assert any(e.title == "New quote: Bo Sand: “We can live with this.”" for e in changes)
    assert any(
        e.title == "2 Cap on Southland's army at 600,000: status contested → agreed"
        for e in changes
    )
    new_quote = next(e for e in changes if e.title.startswith("New quote"))
    assert "source: Framework agreed (Test Daily, 23 Nov 2025) [s3]" in body(new_quote)
    shift = next(e for e in changes if e.title.endswith("Southland rejects → accepts"))
    assert "source: Framework agreed (Test Daily, 23 Nov 2025) [s3]" in body(shift)
    assert "Clause 2: Cap on Southland's army at 600,000" in body(shift)
    assert any(e.title.startswith("Bo Sand: “We can live") for e in new)  # the quote itself
    # Exported again, nothing moves: the same ids for the same entries.
    again = atom("--feed", url, "--as-of", LATER).entries
    assert [e.id for e in again] == [e.id for e in after]
    # As of a moment before that refresh (which ran today): its changes were not known yet.
    then = atom("--feed", url, "--as-of", "2025-11-30").entries
    assert then and not any("change" in {t.term for t in e.tags} for e in then)


def test_feed_formats_refuse_the_options_they_do_not_take():
    for option in (["--filter", "contested"], ["--clause", "ceasefire"], ["--no-notes"]):
        result = run_cli("export", "--format", "atom", "--feed", str(SAMPLE), *option)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1 and "is for --format markdown" in result.stderr


@pytest.mark.skipif(
    shutil.which("newsboat") is None,
    reason="newsboat is not installed (Debian: apt-get install newsboat)",
)
def test_newsboat_follows_the_feed_through_exec(server: FeedServer, tmp_path: Path):
    """The README's line: newsboat runs `briefing export --format atom` and reads it; after
    a refresh it shows the new entries and keeps the old ones as they were."""
    url = server.route("/f", Route(body=V1))
    assert run_cli("refresh", "--feed", url).returncode == 0
    command = shlex.join(
        [sys.executable, "-m", "briefing", "export", "--format", "atom", "--feed", url]
    )
    urls = tmp_path / "urls"
    urls.write_text(f'"exec:{command} --as-of {LATER}"\n', encoding="utf-8")
    cache = tmp_path / "cache.db"
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    config = tmp_path / "config"
    config.write_text("", encoding="utf-8")
    newsboat = ["newsboat", "-u", str(urls), "-c", str(cache), "-C", str(config)]

    def reload() -> tuple[str, dict[str, str]]:
        result = subprocess.run(
            [*newsboat, "-x", "reload", "print-unread"],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(cache) as db:
            items = dict(db.execute("select guid, title from rss_item").fetchall())
            contents = [row[0] for row in db.execute("select content from rss_item")]
        # What newsboat renders as HTML holds no tag but a line break: feed text stays text.
        assert contents and all(c.replace("<br/>", "").count("<") == 0 for c in contents)
        return result.stdout.strip(), items

    said, first = reload()
    expected = {e.id: e.title for e in atom("--feed", url, "--as-of", LATER).entries}
    assert said == f"{len(expected)} unread articles"
    assert first == expected
    server.route("/f", Route(body=V2))
    assert run_cli("refresh", "--feed", url).returncode == 0
    said, second = reload()
    assert len(second) > len(first) and said == f"{len(second)} unread articles"
    assert all(second[guid] == title for guid, title in first.items())
    assert "New quote: Bo Sand: “We can live with this.”" in second.values()
