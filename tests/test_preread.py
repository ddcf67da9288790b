"""A large file given to `--feed` is read and hashed while the app's modules load
(`briefing.disk.preread`), and the load takes those bytes only while the file is still
the one that was read; anything else reads it again, as before."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from briefing import entry
from briefing.disk import documents, paths, preread
from briefing.disk.cache import sha256
from briefing.disk.documents import load_remembered
from briefing.format.problems import BriefingError, CannotRead
from briefing.services.startup import open_target


@pytest.fixture(autouse=True)
def every_file_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """The size threshold lowered to every file (the sample is a few KB), and no early
    read left over from another test."""
    monkeypatch.setattr(preread, "EARLY_FROM", 0)
    preread.forget()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the load read itself (not taken from the early read, whose thread reads
    through the same function)."""
    seen: list[str] = []
    real = documents.read_document

    def read_document(path: Any) -> Any:
        if threading.current_thread().name != "early-read":
            seen.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(documents, "read_document", read_document)
    return seen


@pytest.mark.parametrize(
    ("argv", "path"),
    [
        (["--feed", "a.json"], "a.json"),
        (["--feed=a.json", "export"], "a.json"),
        (["--theme", "x", "--feed", "dir/a b.json"], "dir/a b.json"),
        (["--feed", "-"], None),
        (["--feed", "https://desk.example/feed.json"], None),
        (["--feed"], None),
        (["export", "--", "--feed", "a.json"], None),
        (["validate", "a.json"], None),
        ([], None),
    ],
)
def test_the_file_named_by_feed(argv: list[str], path: str | None) -> None:
    assert preread.feed_path(argv) == path


def test_the_load_takes_the_early_bytes_once(write_json, sample_raw, reads):
    path = write_json(sample_raw)
    preread.start(["--feed", str(path)])
    early = preread.take(str(path))
    assert early is not None
    assert early.raw == path.read_bytes()
    assert early.sha256 == sha256(path.read_bytes())
    assert preread.take(str(path)) is None  # once

    preread.start(["--feed", str(path)])
    doc = load_remembered(str(path), paths.user_dirs().cache)
    assert doc.title == sample_raw["title"]
    assert reads == []


def test_a_remembered_file_read_early_is_not_checked_again(write_json, sample_raw, reads):
    path = write_json(sample_raw)
    first = open_target(str(path)).doc  # checked in full, and remembered
    preread.start(["--feed", str(path)])
    assert open_target(str(path)).doc == first
    assert reads == [str(path)]  # the first load only


def test_a_file_changed_after_the_early_read_is_read_again(write_json, sample_raw, reads):
    path = write_json(sample_raw)
    open_target(str(path))  # remembered: the stale bytes would be trusted
    preread.start(["--feed", str(path)])
    assert preread._reading is not None
    preread._reading.thread.join()  # the early read is done, then the file changes
    sample_raw["title"] = "A title written after the early read, and longer than before"
    path.write_text(json.dumps(sample_raw), encoding="utf-8")
    doc = open_target(str(path)).doc
    assert doc.title == sample_raw["title"]
    assert reads == [str(path), str(path)]


def test_a_file_broken_after_the_early_read_says_so(write_json, sample_raw):
    path = write_json(sample_raw)
    open_target(str(path))
    preread.start(["--feed", str(path)])
    assert preread._reading is not None
    preread._reading.thread.join()
    sample_raw["clauses"] = "not a list"
    path.write_text(json.dumps(sample_raw), encoding="utf-8")
    with pytest.raises(BriefingError) as raised:
        open_target(str(path))
    assert "clauses" in raised.value.report()


def test_a_fifo_is_neither_waited_on_nor_taken(tmp_path: Path):
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    preread.start(["--feed", str(fifo)])  # nobody writes to it: a blocking open would hang
    assert preread.take(str(fifo)) is None
    with pytest.raises(CannotRead) as raised:
        open_target(str(fifo))
    assert "named pipe (FIFO), not a file" in str(raised.value)


def test_a_missing_file_is_reported_by_the_load(tmp_path: Path):
    missing = tmp_path / "gone.json"
    preread.start(["--feed", str(missing)])
    with pytest.raises(CannotRead):
        open_target(str(missing))
    assert preread._reading is None  # dropped once the start is done


def test_the_command_reads_its_feed_file_early(
    write_json, sample_raw, reads, capsys: pytest.CaptureFixture[str]
):
    """Through the console script's own entry point: `briefing --feed PATH export`."""
    path = write_json(sample_raw)
    code = entry.main(["--feed", str(path), "export", "--format", "json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["title"] == sample_raw["title"]
    assert reads == []


def test_a_command_that_never_loads_the_feed_drops_its_early_read(
    write_json, sample_raw, capsys: pytest.CaptureFixture[str]
):
    """`briefing --feed PATH paths` reads no briefing: the bytes read early are let go
    once the arguments say so, not held for the rest of the command."""
    path = write_json(sample_raw)
    assert entry.main(["--feed", str(path), "paths"]) == 0
    assert "bundled briefing" in capsys.readouterr().out
    assert preread._reading is None


@pytest.mark.parametrize(
    ("argv", "path"),
    [
        (["validate", "a.json"], "a.json"),
        (["--config", "c.toml", "--theme", "x", "validate", "dir/a b.json"], "dir/a b.json"),
        (["--no-mouse", "validate", "--", "-a.json"], "-a.json"),
        (["validate", "-"], None),  # standard input
        (["validate", "-h"], None),
        (["validate", "a.json", "--help"], None),
        (["validate"], None),
        (["validate", "a.json", "b.json"], None),  # argparse refuses it: nothing to read
        (["export", "validate"], None),
        (["--config", "validate", "paths"], None),  # `validate` is the config's path here
        (["--", "validate", "a.json"], None),
        ([], None),
    ],
)
def test_the_file_validate_checks(argv: list[str], path: str | None) -> None:
    assert preread.validate_path(argv) == path


def test_validate_reads_its_file_early_and_checks_it_in_full(
    write_json, sample_raw, reads, capsys: pytest.CaptureFixture[str]
):
    """`briefing validate PATH` through the console script's entry point: the file was
    read while the modules loaded, not hashed (a digest decides nothing here), and those
    bytes, as the file is now, are checked in full."""
    path = write_json(sample_raw)
    preread.start(["validate", str(path)])
    assert preread._reading is not None
    preread._reading.thread.join()
    assert preread._reading.result is not None and preread._reading.result.sha256 is None
    preread.forget()
    sample_raw["clauses"][0]["id"] = "Not An Id"  # broken, and read early as it is now
    raw = json.dumps(sample_raw).encode()
    path.write_bytes(raw)
    reads.clear()
    assert entry.main(["validate", str(path)]) == 1
    assert "is not an id" in capsys.readouterr().out
    assert reads == []  # the early read's bytes, not a second read
    assert preread._reading is None


def test_validate_reads_its_own_file_early_not_the_feed_named_beside_it(
    write_json, sample_raw, reads, capsys: pytest.CaptureFixture[str]
):
    feed = write_json(sample_raw)
    checked = feed.with_name("checked.json")
    checked.write_bytes(feed.read_bytes())
    preread.start(["--feed", str(feed), "validate", str(checked)])
    assert preread._reading is not None and preread._reading.path == str(checked)
    preread.forget()
    assert entry.main(["--feed", str(feed), "validate", str(checked)]) == 0
    assert "valid briefing/1" in capsys.readouterr().out
    assert reads == []  # the early bytes were the checked file's
    assert preread._reading is None


def test_the_options_that_take_a_value_are_the_parsers():
    """`validate_path` skips the value of each option before the command by a list of its
    own (the parser is not imported on the command's first line): it is the parser's."""
    from briefing.cli import build_parser

    valued = {
        option
        for action in build_parser()._actions
        if action.option_strings and action.nargs != 0
        for option in action.option_strings
    }
    assert valued == preread._VALUED
