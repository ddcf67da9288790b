"""`briefing export --format csv`: positions (or clauses × parties) as RFC 4180 CSV, read
back with the csv module; formula injection defused; as-of, filter and clause honoured."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.reading.export import FORMULA_START, to_csv
from tests.conftest import SAMPLE
from tests.helpers import run_cli
from tests.terminal import ROOT

LATER = "2030-01-01"
HEADER = [
    "clause",
    "number",
    "title",
    "topic",
    "status",
    "party",
    "stance",
    "according_to",
    "since",
    "summary",
    "sources",
]


def export_bytes(*args: str, feed: Path = SAMPLE) -> bytes:
    """Standard output as bytes: no newline translation between the command and the test."""
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "export", "--format", "csv", "--feed", str(feed), *args],
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    return result.stdout


def rows(*args: str, feed: Path = SAMPLE) -> list[list[str]]:
    text = export_bytes(*args, feed=feed).decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def records(*args: str, feed: Path = SAMPLE) -> list[dict[str, str]]:
    header, *body = rows(*args, feed=feed)
    assert header == HEADER
    return [dict(zip(header, row, strict=True)) for row in body]


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_one_row_per_current_position_with_its_sources(sample_raw):
    found = records("--as-of", LATER)
    # One row per party per clause (its latest position), and per party on the whole text.
    expected = {
        (clause["id"], position["party"])
        for clause in sample_raw["clauses"]
        for position in clause.get("positions", [])
    } | {("", position["party"]) for position in sample_raw["positions"]}
    names = {party["id"]: party["name"] for party in sample_raw["parties"]}
    assert {(row["clause"], row["party"]) for row in found} == {
        (clause, names[party]) for clause, party in expected
    }
    assert len(found) == len(expected)
    south = next(r for r in found if r["clause"] == "ceasefire" and r["party"] == "Southland")
    assert south == {
        "clause": "ceasefire",
        "number": "1",
        "title": "Ceasefire along the line of contact",
        "topic": "security",
        "status": "contested",
        "party": "Southland",
        "stance": "opposes",
        "according_to": "",
        "since": "2025-11-21",
        "summary": "Rejects the current line; wants the pre-war line.",
        "sources": "Southland answers (21 Nov 2025) [s2]",
    }
    north = next(r for r in found if r["clause"] == "ceasefire" and r["party"] == "Northland")
    assert (
        north["sources"]
        == "Draft plan circulated (Test Wire, 19 Nov 2025) [s1] <https://example.org/s1>"
    )
    whole = [r for r in found if r["clause"] == ""]
    assert {r["title"] for r in whole} == {"the text as a whole"} and len(whole) == 2


def test_rfc_4180_records_end_in_crlf_and_awkward_cells_round_trip(sample_raw, tmp_path):
    awkward = 'Line one, with a comma\nand "quotes" on line two'
    sample_raw["clauses"][0]["positions"][0]["summary"] = awkward
    raw = export_bytes("--as-of", LATER, feed=write(tmp_path, sample_raw))
    assert raw.endswith(b"\r\n")
    assert b'"Line one, with a comma\nand ""quotes"" on line two"' in raw
    # Every record boundary is CRLF: outside quoted fields no bare LF remains.
    outside = raw.decode().split('"')[::2]
    assert all("\n" not in part.replace("\r\n", "") for part in outside)
    north = next(
        r
        for r in records("--as-of", LATER, feed=write(tmp_path, sample_raw))
        if r["clause"] == "ceasefire" and r["party"] == "Northland"
    )
    assert north["summary"] == awkward


def test_a_cell_a_spreadsheet_would_run_is_defused(sample_raw, tmp_path):
    hostile = {
        "title": '=HYPERLINK("http://evil.example/","click")',
        "topic": "@SUM(A1:A9)",
        "summary": "-2+3",
        "party": "+cmd|' /C calc'!A0",
    }
    clause = sample_raw["clauses"][0]
    clause["title"], clause["topic"] = hostile["title"], hostile["topic"]
    clause["positions"][0]["summary"] = hostile["summary"]
    sample_raw["parties"][0]["name"] = hostile["party"]
    path = write(tmp_path, sample_raw)
    raw = export_bytes("--as-of", LATER, feed=path).decode()
    assert '"\'=HYPERLINK(""http://evil.example/"",""click"")"' in raw  # quoted, with '
    assert '"\'@SUM(A1:A9)"' in raw and '"\'-2+3"' in raw
    row = next(
        r
        for r in records("--as-of", LATER, feed=path)
        if r["clause"] == "ceasefire" and r["party"].endswith("calc'!A0")
    )
    assert row["title"] == "'" + hostile["title"]
    assert row["topic"] == "'" + hostile["topic"]
    assert row["summary"] == "'" + hostile["summary"]
    assert row["party"] == "'" + hostile["party"]
    for cells in rows("--as-of", LATER, feed=path):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    matrix = rows("--matrix", "--as-of", LATER, feed=path)
    assert "'" + hostile["party"] in matrix[0]
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in matrix for cell in line)


def test_the_matrix_is_clauses_by_parties(sample_raw, tmp_path):
    sample_raw["clauses"][1]["positions"][1]["according_to"] = "north"
    header, *body = rows("--matrix", "--as-of", LATER, feed=write(tmp_path, sample_raw))
    assert header[:4] == ["clause", "number", "title", "status"]
    assert header[4:] == ["Northland", "Southland", "Mediating Republic", "Western Bloc"]
    cells = {row[0] or "*": dict(zip(header[4:], row[4:], strict=True)) for row in body}
    assert list(cells) == ["*", "ceasefire", "army-cap", "sanctions", "monitors"]
    assert cells["ceasefire"] == {
        "Northland": "supports",
        "Southland": "opposes",
        "Mediating Republic": "proposes",
        "Western Bloc": "",
    }
    assert cells["army-cap"]["Western Bloc"] == "concerned (according to Northland)"
    assert set(cells["monitors"].values()) == {""}
    assert cells["*"]["Southland"] == "conditional"
    army = next(
        r
        for r in records("--as-of", LATER, feed=write(tmp_path, sample_raw))
        if r["clause"] == "army-cap" and r["party"] == "Western Bloc"
    )
    assert army["stance"] == "concerned" and army["according_to"] == "Northland"


def test_as_of_filter_and_clause_are_honoured():
    then = records("--as-of", "2025-11-19")
    south = next(r for r in then if r["clause"] == "ceasefire" and r["party"] == "Southland")
    assert (south["stance"], south["since"]) == ("concerned", "2025-11-19")
    assert not any(r["clause"] == "army-cap" for r in then)  # its positions came later
    contested = records("--as-of", LATER, "--filter", "contested")
    assert {r["clause"] for r in contested} == {"ceasefire", "army-cap"}
    one = records("--as-of", LATER, "--clause", "sanctions")
    assert [(r["clause"], r["party"]) for r in one] == [("sanctions", "Northland")]
    header, *matrix = rows("--matrix", "--as-of", LATER, "--filter", "southland rejects")
    assert [row[0] for row in matrix] == ["army-cap"]
    assert header[4:] == ["Southland", "Western Bloc"]


def test_csv_usage_errors_are_one_line():
    for args in (
        ["--format", "csv", "--filter", "party:atlantis"],
        ["--format", "csv", "--clause", "nope"],
        ["--format", "markdown", "--matrix"],
        ["--format", "csv", "--no-notes"],
    ):
        result = run_cli("export", "--feed", str(SAMPLE), *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_written_to_a_file_it_is_the_same_utf8_csv(tmp_path):
    target = tmp_path / "positions.csv"
    result = run_cli(
        "export", "--format", "csv", "--feed", str(SAMPLE), "--as-of", LATER, "-o", str(target)
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == export_bytes("--as-of", LATER)
    with target.open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == HEADER


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=4))
def test_any_cells_read_back_as_written_and_none_as_a_formula(cells: list[str]) -> None:
    """Whatever the feed's text, the csv module reads back the cells written (a formula
    start prefixed with '), one record, and no cell starts a formula."""
    text = to_csv([cells, ["end"]])
    assert text.endswith("\r\n")
    read = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    expected = ["'" + cell if cell.startswith(FORMULA_START) else cell for cell in cells]
    assert read == [expected, ["end"]]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in read[0])
