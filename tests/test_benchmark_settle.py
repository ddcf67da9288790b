"""The end-to-end benchmark's settle rule, on made-up output times, and its tmux harness on
the bare reference app (fields and sanity only: no time is asserted against a budget)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmarks import settle
from benchmarks.__main__ import settled_rows
from benchmarks.settle import QUIET, Settle


def run(outputs: list[float], start: float = 10.0, timeout: float = 2.0) -> float:
    """Feed outputs as they would arrive, polling every millisecond; the settled figure."""
    rule = Settle(start, timeout=timeout)
    pending = sorted(outputs)
    now = start
    while True:
        while pending and pending[0] <= now:
            rule.feed(pending.pop(0))
        result = rule.state(now)
        if result is not None:
            return result
        now += 0.001


def test_the_figure_is_the_last_output_before_the_quiet() -> None:
    assert run([10.004, 10.020, 10.090]) == pytest.approx(0.090)


def test_a_later_burst_within_the_quiet_counts() -> None:
    # The count line that keeps changing after the first hits is part of the figure.
    assert run([10.010, 10.010 + QUIET * 0.9, 10.010 + QUIET * 1.8]) == pytest.approx(
        0.010 + QUIET * 1.8
    )


def test_a_burst_after_the_quiet_does_not() -> None:
    assert run([10.010, 10.010 + QUIET + 0.05]) == pytest.approx(0.010)


def test_output_before_the_key_is_not_the_keys() -> None:
    assert run([9.5, 9.99, 10.030]) == pytest.approx(0.030)


def test_a_key_that_changes_nothing_is_zero_after_the_timeout() -> None:
    assert run([9.5], timeout=0.5) == 0.0


def test_a_screen_that_never_settles_is_an_error() -> None:
    rule = Settle(0.0, timeout=1.0)
    for n in range(1, 2000):
        rule.feed(n * 0.01)
        if n * 0.01 > 1.0 + QUIET:
            with pytest.raises(TimeoutError):
                rule.state(n * 0.01 + 0.005)
            return


def test_samples_keep_unchanged_keys_apart() -> None:
    samples = settle.Samples()
    samples.add("move", 0.02)
    samples.add("move", 0.0)
    assert samples.times == {"move": [0.02]}
    assert samples.unchanged == {"move": 1}


def test_rows_judge_the_ratio_to_the_bare_app_at_10k_only() -> None:
    figure = {"p50": 0.010, "p95": 0.030, "max": 0.03, "mean": 0.01, "n": 3}
    bare = {"p50": 0.010, "p95": 0.010, "max": 0.01, "mean": 0.01, "n": 3}
    seen = {
        "10k / 100k": {"figures": {"move": figure, "start": figure}, "unchanged": {}},
        "bare": {"figures": {"move": bare, "start": bare}, "unchanged": {}},
    }
    rows = {row.figure: row for row in settled_rows(seen, "10k / 100k", "10k")}
    move = rows["settled: j / k in the clause list, p95 (p50)"]
    assert move.ratio == pytest.approx(3.0)
    assert move.passed is False  # 3× against ≤ 2×
    start = rows["start → first paint, settled (tmux 80×24, median)"]
    assert start.ratio == pytest.approx(1.0)
    assert start.passed is True
    seen["1k / 10k"] = seen.pop("10k / 100k")
    assert all(row.passed is None for row in settled_rows(seen, "1k / 10k", "1k"))
    # The bare app's 20-row key is reported beside them, as a ratio to its one-line key.
    seen["bare"]["figures"]["rows"] = figure
    rows = {row.figure: row for row in settled_rows(seen, "1k / 10k", "1k")}
    many = rows[f"{settle.BARE_ROWS}, p95 (p50)"]
    assert many.ratio == pytest.approx(3.0) and many.passed is None


async def test_the_bare_rows_screen_changes_all_its_rows_on_a_key() -> None:
    from benchmarks.bare import ROWS, Bare, Rows

    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        rows = app.screen.query_one(Rows)
        before = [rows.render_line(y).text for y in range(ROWS)]
        await pilot.press("j")
        after = [rows.render_line(y).text for y in range(ROWS)]
        assert all(old != new for old, new in zip(before, after, strict=True))
        assert all(len(line) == 80 for line in after)
        await pilot.press("escape")
        assert not app.screen.query(Rows) and app.screen.query("#line")  # back where it was


def test_the_reference_is_the_quieter_of_the_bare_runs() -> None:
    """A burst of load during one of the bare app's runs does not set the reference: for
    each figure, the run with the lower p95 does."""
    calm, noisy = settle.Samples(), settle.Samples()
    for n in range(40):
        calm.add("move", 0.0035)
        noisy.add("move", 0.0090 if n % 10 == 0 else 0.0034)
        calm.add("enter", 0.150)
        noisy.add("enter", 0.120)
    best = settle.quieter([noisy, calm])
    assert best["move"]["p95"] == pytest.approx(0.0035)
    assert best["enter"]["p95"] == pytest.approx(0.120)
    assert settle.quieter([]) == {}


@pytest.fixture(autouse=True)
def patient_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests check which figures a run gives, not how fast: a key that changes the
    screen is given time to do it on a machine loaded by the rest of the suite (every key
    these tests press changes the screen, so none waits the whole of it)."""
    monkeypatch.setattr(settle, "KEY_TIMEOUT", 30.0)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_the_harness_measures_the_bare_app_in_tmux(tmp_path: Path) -> None:
    env = settle.private_env(tmp_path)
    samples = settle.Samples()
    settle.bare_keys(env, 2, samples)
    # Every key of the bare app changes its screen: each press is a positive figure.
    assert set(samples.times) == {"move", "enter", "page", "escape", "rows"}
    assert not samples.unchanged
    assert all(seconds > 0 for values in samples.times.values() for seconds in values)
    assert settle.first_paint(settle.launch("benchmarks.bare"), "BARE-READY", env) > 0


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_only_measures_the_figures_asked_for(tmp_path: Path) -> None:
    env = settle.private_env(tmp_path)
    samples = settle.Samples()
    settle.bare_keys(env, 2, samples, only=frozenset({"search"}))  # divided by the bare `j`
    assert set(samples.times) == {"move", "rows"}  # and the 20-row diagnostic beside it
    results = settle.measure(
        {"bundled": None}, presses=2, runs=1, home=tmp_path, only=frozenset({"page"})
    )
    assert set(results["bundled"]["figures"]) == {"page"}
    assert set(results["bare"]["figures"]) == {"enter", "page", "escape"}


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_the_overview_is_its_own_row_and_enter_opens_clauses(tmp_path: Path) -> None:
    """The list starts on "the text as a whole", whose Enter opens the overview: that open
    is the `overview` figure (one per run), divided by the bare app's Enter."""
    results = settle.measure(
        {"bundled": None},
        presses=4,
        runs=1,
        home=tmp_path,
        only=frozenset({"overview", "enter"}),
    )
    figures = results["bundled"]["figures"]
    assert set(figures) == {"overview", "enter"}
    assert "enter" in results["bare"]["figures"]
    assert settle.REFERENCE["overview"] == "enter"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_keys_wait_for_a_notification_to_come_and_go(tmp_path: Path) -> None:
    """`wait_gone(appears_within=…)` returns once the text has come and then left the
    screen: not before it comes (the screen blank then), not while it is on it."""
    env = settle.private_env(tmp_path)
    command = (
        "sh -c 'sleep 0.5; echo a note; sleep 1; printf \"\\033[2J\\033[Hafter\\n\"; sleep 30'"
    )
    with settle.terminal(command, env) as term:
        term.wait_gone("a note", appears_within=10.0)
        screen = term.screen()
        assert "a note" not in screen and "after" in screen


KEYS_APP = """
import os, sys, time, tty
tty.setcbreak(0)
os.write(1, b"READY\\r\\n")
while True:
    key = os.read(0, 1)
    if key == b"x":  # a change on the screen
        os.write(1, b"X\\r\\n")
    elif key == b"r":  # output, the same screen (cursor saved and restored)
        os.write(1, b"\\x1b7\\x1b8")
    elif key == b"s":  # the same screen at once, then (as a slow app) a change 0.6 s later
        os.write(1, b"\\x1b7\\x1b8")
        time.sleep(0.6)
        os.write(1, b"S\\r\\n")
"""


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_each_command_gets_its_own_answer_and_keys_are_judged_by_the_screen(
    tmp_path: Path,
) -> None:
    """tmux answers the client's own `new-session` too: left queued, that answer made every
    command take the one before's, so a key after one that changed nothing counted as
    none, and a repaint of the same screen counted as a change (the bundled PgDn of
    0.9-2.8 s: the feed status's half-minute repaint inside a key's wait)."""
    env = settle.private_env(tmp_path)
    script = tmp_path / "keys.py"
    script.write_text(KEYS_APP, encoding="utf-8")
    with settle.terminal(settle.shell(str(script)), env) as term:
        assert term._command("display-message -p first") == ["first"]
        # A stray answer queued ahead of a command's own (as CI once had: an empty one)
        # is not taken for it, nor is the next command's answer shifted by it.
        term._replies.put([])
        assert term._command("display-message -p second") == ["second"]
        assert term._command("display-message -p third") == ["third"]
        term.wait(term.started, until="READY")
        assert "READY" in term.screen()
        assert term.press("n", timeout=0.5) == 0.0  # nothing written: unchanged
        assert term.press("x", timeout=0.5) > 0  # right after it: a change
        assert "X" in term.screen()
        assert term.press("r", timeout=0.5) == 0.0  # written, but the same screen
        assert term.press("x", timeout=0.5) > 0
        # A repaint of the same screen, then the key's change after the quiet that ended
        # the first wait: the key's time runs to the change, not 0 (nothing changed).
        assert term.press("s", timeout=5.0) >= 0.6
        assert "S" in term.screen()


LINGERS = """
import os, signal, sys, time
from pathlib import Path

signal.signal(signal.SIGHUP, signal.SIG_IGN)  # outlives its terminal, as an app's teardown
Path(sys.argv[1]).write_text(str(os.getpid()))
print("UP", flush=True)
parent = os.getppid()
while os.getppid() == parent:  # until the terminal (and whatever ran this) is gone
    time.sleep(0.01)
time.sleep(1.0)
"""


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_closing_a_terminal_waits_for_its_app_to_exit(tmp_path: Path) -> None:
    """The next start is measured only once the last app has gone: one that outlived its
    terminal by seconds (a large briefing's index, until 2026-12-07) shared the machine
    with the bare app's start that followed."""
    env = settle.private_env(tmp_path)
    script = tmp_path / "lingers.py"
    script.write_text(LINGERS, encoding="utf-8")
    pid_file = tmp_path / "pid"
    term = settle.Terminal(settle.shell(str(script), str(pid_file)), env)
    term.open()
    try:
        term.wait(term.started, timeout=30.0, until="UP")
        pid = int(pid_file.read_text())
        assert settle._running(pid)
    finally:
        term.close()
    assert not settle._running(pid)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_closing_a_terminal_whose_app_has_exited_is_quiet(tmp_path: Path) -> None:
    """An app that has exited already (a crash, a marker that never came) took its server
    and the control client with it: closing asks nothing of them and raises nothing, so
    the error that ended the run is the one reported."""
    env = settle.private_env(tmp_path)
    term = settle.Terminal(settle.shell("-c", "print('BYE')"), env)
    term.open()
    assert term._process is not None
    term._process.wait(timeout=30)  # the app, its server and the client: all gone
    term.close()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_the_starts_are_as_many_as_asked_and_at_least_nine_in_a_full_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start is measured `--starts` times for each app (a full run: at least nine,
    whatever `--runs`; the median of three turned the bundled start's verdict from run to
    run), and the results file says how many."""
    from benchmarks import __main__ as suite

    assert suite.START_RUNS == 9
    out = tmp_path / "starts.json"
    monkeypatch.chdir(tmp_path)  # nothing of the run lands in the tree
    args = ["--only", "first_paint", "--scales", "bundled", "--runs", "1", "--starts", "2"]
    assert suite.main([*args, "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["starts"] == 2
    seen = result["raw"]["bundled"]["settled"]
    assert seen["bundled"]["figures"]["start"]["n"] == 2
    assert seen["bare"]["figures"]["start"]["n"] == 2


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_a_start_from_a_path_is_measured_beside_its_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a document given by its path, each start of ours is interleaved with one of the
    bare app that decodes that document first (`benchmarks/bare_decoding.py`), and the
    floor row divides its median by the bare app's."""
    from benchmarks import __main__ as suite

    out = tmp_path / "floor.json"
    monkeypatch.chdir(tmp_path)
    args = ["--only", "first_paint", "--scales", "1k", "--runs", "1", "--starts", "2"]
    assert suite.main([*args, "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    seen = result["raw"]["1k"]["settled"]
    assert seen["1k / 10k"]["floor_start"]["n"] == 2
    floor = next(row for row in result["rows"] if row["figure"].startswith(settle.FLOOR_START))
    bare = seen["bare"]["figures"]["start"]["p50"]
    assert floor["ratio"] == pytest.approx(seen["1k / 10k"]["floor_start"]["p50"] / bare)
    assert floor["passed"] is None


BUSY_THEN_STILL = """
import sys, threading, time
from pathlib import Path

def work() -> None:  # a start's work left to a thread, as the app's search index
    while time.thread_time() < float(sys.argv[2]):  # seconds of CPU, however long they take
        sum(range(1000))
    Path(sys.argv[1]).write_text("done")

print("UP", flush=True)
threading.Thread(target=work).start()
time.sleep(3600)
"""


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_keys_wait_until_the_app_has_done_the_work_its_start_left(tmp_path: Path) -> None:
    """`wait_still` returns only once the thread's work is done (the app's CPU still),
    not while it runs: at 20k / 200k the first keys were timed while the search index was
    being built, and shared the interpreter with it."""
    env = settle.private_env(tmp_path)
    script = tmp_path / "busy.py"
    script.write_text(BUSY_THEN_STILL, encoding="utf-8")
    done = tmp_path / "done"
    command = settle.shell(str(script), str(done), "2.0")
    with settle.terminal(command, env) as term:
        term.wait(term.started, timeout=30.0, until="UP")
        assert not done.exists()
        term.wait_still(timeout=120.0)
        assert done.read_text() == "done"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_an_app_that_never_rests_is_an_error(tmp_path: Path) -> None:
    env = settle.private_env(tmp_path)
    script = tmp_path / "busy.py"
    script.write_text(BUSY_THEN_STILL, encoding="utf-8")
    command = settle.shell(str(script), str(tmp_path / "done"), "3600")
    with settle.terminal(command, env) as term:
        term.wait(term.started, timeout=30.0, until="UP")
        with pytest.raises(TimeoutError, match="still busy"):
            term.wait_still(timeout=1.5)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_an_app_that_has_exited_is_not_taken_for_one_at_rest(tmp_path: Path) -> None:
    """A crashed app uses no CPU either: waiting on it is an error, not a start of keys."""
    env = settle.private_env(tmp_path)
    term = settle.Terminal(settle.shell("-c", "print('BYE')"), env)
    term.open()
    try:
        assert term._process is not None
        term._process.wait(timeout=30)  # the app, its server and the client: all gone
        with pytest.raises(RuntimeError, match="not running"):
            term.wait_still(timeout=5.0)
    finally:
        term.close()
