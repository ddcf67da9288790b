"""A file opened by its path is checked in full once; the same bytes are not checked again
by the same version of the app (`disk/documents.load_remembered`), and anything else is."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from briefing.disk import documents, paths
from briefing.disk.documents import check_record, load_remembered
from briefing.format import load
from briefing.format.problems import BriefingError
from briefing.format.validate import validate as validate_rules
from briefing.services.startup import open_target


@pytest.fixture(autouse=True, params=["hashed first", "hashed beside the decoding"])
def hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test twice: a small file hashed before it is decoded, and a large one (the
    threshold lowered to every file) hashed in a thread while it is decoded."""
    if request.param == "hashed beside the decoding":
        monkeypatch.setattr(documents, "PARALLEL_HASH", 0)
    return str(request.param)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the rules of format.md ran."""
    runs: list[int] = []
    real = validate_rules

    def validate(*args: Any, **kwargs: Any) -> None:
        runs.append(1)
        real(*args, **kwargs)

    monkeypatch.setattr(load, "validate", validate)
    return runs


def test_unchanged_bytes_are_checked_once(write_json, sample_raw, counted):
    path = write_json(sample_raw)
    first = open_target(str(path)).doc
    second = open_target(str(path)).doc
    assert first == second
    assert len(counted) == 1
    assert check_record(paths.user_dirs().cache, str(path.resolve())).is_file()


def test_changed_bytes_with_the_same_size_and_mtime_are_checked_again(
    write_json, sample_raw, counted
):
    path = write_json(sample_raw)
    cache = paths.user_dirs().cache
    load_remembered(path, cache)
    info = path.stat()
    raw = path.read_bytes()
    broken = raw.replace(b'"id": "north"', b'"id": "NORTH"', 1)  # not an id: refused
    assert broken != raw and len(broken) == len(raw)
    path.write_bytes(broken)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(BriefingError):
        load_remembered(path, cache)
    assert len(counted) == 2


def test_a_refused_file_leaves_no_record(write_json, sample_raw):
    sample_raw["parties"][0]["id"] = "NORTH"
    path = write_json(sample_raw)
    cache = paths.user_dirs().cache
    with pytest.raises(BriefingError):
        load_remembered(path, cache)
    assert not check_record(cache, str(path.resolve())).exists()


def test_another_version_or_a_broken_record_means_the_full_check(write_json, sample_raw, counted):
    path = write_json(sample_raw)
    cache = paths.user_dirs().cache
    load_remembered(path, cache)
    record = check_record(cache, str(path.resolve()))
    stored = json.loads(record.read_bytes())
    record.write_text(json.dumps({**stored, "checked_by": "0.0.1+rules0"}))
    load_remembered(path, cache)
    record.write_text("{not json")
    load_remembered(path, cache)
    assert len(counted) == 3
    load_remembered(path, cache)  # the last full check wrote a good record again
    assert len(counted) == 3


def test_an_unwritable_cache_still_loads(write_json, sample_raw, counted, tmp_path: Path):
    path = write_json(sample_raw)
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("")
    assert load_remembered(path, blocked).id == sample_raw["id"]
    assert load_remembered(path, blocked).id == sample_raw["id"]
    assert len(counted) == 2


def test_a_large_unchanged_file_is_hashed_beside_its_decoding(
    write_json, sample_raw, counted, monkeypatch, hashing
):
    path = write_json(sample_raw)
    cache = paths.user_dirs().cache
    first = load_remembered(path, cache)
    beside: list[int] = []
    real = documents._hashing_while

    def spied(*args: Any) -> Any:
        beside.append(1)
        return real(*args)

    monkeypatch.setattr(documents, "_hashing_while", spied)
    assert load_remembered(path, cache) == first
    assert len(counted) == 1  # the second load trusted the record
    assert len(beside) == (1 if hashing == "hashed beside the decoding" else 0)
