"""The README's Performance table (`benchmarks/table.py`): which rows it shows, and how a
verdict reads. Built from rows as `python -m benchmarks` writes them (no run here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import decode, settle, table
from benchmarks.__main__ import Row


def rows() -> list[dict[str, object]]:
    made = [
        Row(
            "10k / 100k",
            "start → first paint, settled (tmux 80×24, median)",
            "521 ms",
            "bare 240 ms",
            2.17,
            "≤ 1.6×",
            False,
        ),
        Row(
            "10k / 100k",
            "settled: Enter on a clause → its page, p95 (p50)",
            "165 ms (134 ms)",
            "bare 140 ms",
            1.18,
            "≤ 1.5×",
            True,
        ),
        Row(
            "bundled",
            "settled: j / k in the clause list, p95 (p50)",
            "11.7 ms (4.6 ms)",
            "bare 3.8 ms",
            3.06,
            "report",
            None,
        ),
        Row(
            "bundled",
            f"{settle.BARE_ROWS}, p95 (p50)",
            "5.1 ms (4.5 ms)",
            "bare 3.8 ms",
            1.35,
            "report",
            None,
        ),
        Row(
            "bundled", decode.VALIDATE, "74.3 ms", "python json.loads 20.3 ms", 3.66, "report", None
        ),
        Row(
            "bundled",
            "pilot key: search: each backspace, results repainted p95 (p50)",
            "83.9 ms (83.4 ms)",
            "bare 82.9 ms",
            1.01,
            "diagnostic",
            None,
        ),
    ]
    return [row.__dict__ for row in made]


RESULTS = {"when": "2026-12-07T12:28:00+00:00", "machine": "a test machine", "rows": rows()}


def test_the_table_shows_verdicts_and_the_diagnostics_that_explain_them() -> None:
    text = table.render(RESULTS)
    lines = text.splitlines()
    assert lines[0] == "Measured 2026-12-07 on a test machine"
    body = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert len(body) == 5  # every row but the pilot's in-process key
    assert not any("pilot key" in line for line in body)
    assert body[0] == (
        "| 10k / 100k | start → first paint, settled (tmux 80×24, median) | 521 ms "
        "| bare 240 ms | 2.17× | ≤ 1.6× **fail** |"
    )
    assert body[1].endswith("| 1.18× | ≤ 1.5× pass |")
    assert body[2].endswith("| 3.06× |  |")  # a figure without a target: no verdict
    assert settle.BARE_ROWS in body[3] and decode.VALIDATE in body[4]


def test_the_command_prints_the_table_of_a_results_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps(RESULTS, ensure_ascii=False), encoding="utf-8")
    assert table.main([str(path)]) == 0
    assert capsys.readouterr().out == table.render(RESULTS)


def test_the_floors_are_shown_beside_the_rows_they_bound() -> None:
    """The floor rows (what any app or check built on the same parts costs at least) are
    diagnostics the table shows, without a verdict."""
    floors = [
        Row("10k / 100k", f"{settle.FLOOR_START} (tmux 80×24, median)", "560 ms", "bare 348 ms"),
        Row("10k / 100k", decode.FLOOR_IN_PROCESS, "214 ms", "json.loads 698 ms"),
        Row("10k / 100k", decode.FLOOR_PROCESS, "308 ms", "python json.loads 691 ms"),
    ]
    for row, ratio in zip(floors, (1.61, 0.31, 0.45), strict=True):
        row.ratio, row.target = ratio, "report"
    text = table.render({**RESULTS, "rows": [row.__dict__ for row in floors]})
    body = [line for line in text.splitlines() if line.startswith("| 10k")]
    assert [line.split(" | ")[1] for line in body] == [row.figure for row in floors]
    assert all(line.endswith("× |  |") for line in body)


@pytest.mark.slow
def test_the_decode_rows_carry_their_floors() -> None:
    """In process and as a whole process, the typed decode with no check is measured in the
    same run as the check, against the same reference."""
    from benchmarks.__main__ import decode_rows
    from briefing.disk.paths import bundled_briefing

    figures: dict[str, object] = {}
    made = {
        row.figure: row for row in decode_rows(bundled_briefing(), "bundled", "bundled", 1, figures)
    }
    typed, floor = made[decode.FLOOR_IN_PROCESS], made[decode.FLOOR_PROCESS]
    assert typed.reference.startswith("json.loads ") and typed.ratio is not None and typed.ratio > 0
    assert floor.reference == made[decode.VALIDATE].reference
    assert floor.ratio is not None and floor.ratio > 0 and floor.passed is None
    processes = figures["validate_process"]
    assert isinstance(processes, dict)
    assert len(processes["all"][decode.FLOOR_PROCESS]) == len(processes["all"][decode.VALIDATE])
