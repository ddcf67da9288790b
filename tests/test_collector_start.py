"""The cyclic collector is held off from the command's first line until the app's first
frame (briefing/entry.py, briefing.format.collector): what the start builds is frozen out
of its way then, and it runs again. Every other command lets it run once its arguments
are read; nothing is left held whichever way a command ends."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator

import pytest

from briefing import cli, entry
from briefing.disk import paths
from briefing.format.collector import collector_paused, hold_start, release_start
from briefing.tui.app import BriefingApp
from tests.helpers import settle


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Each test starts with the collector on and leaves it so, nothing frozen."""
    assert gc.isenabled()
    try:
        yield
    finally:
        release_start()
        gc.unfreeze()
        gc.enable()


def test_the_hold_keeps_the_collector_off_until_released_then_freezes_the_start() -> None:
    hold_start()
    assert not gc.isenabled()
    hold_start()  # a second hold is the same hold
    with collector_paused():  # a pause within the hold (loading, an index) ends…
        pass
    assert not gc.isenabled()  # …and the hold still stands
    # Objects the collector tracks, made during the start.
    built: list[list[int]] = [[] for _ in range(1000)]
    frozen = gc.get_freeze_count()
    release_start()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(built)
    release_start()  # once released, a release does nothing
    assert gc.isenabled()


def test_a_pause_still_running_at_the_release_keeps_the_collector_off_until_it_ends() -> None:
    hold_start()
    pause = collector_paused()  # e.g. a worker building the search index
    pause.__enter__()
    release_start()
    assert not gc.isenabled()
    pause.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_release_with_nothing_held_changes_nothing() -> None:
    frozen = gc.get_freeze_count()
    release_start()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


async def test_the_app_lets_the_collector_run_again_after_its_first_frame(
    sample_doc, make_session
) -> None:
    hold_start()  # as `briefing` does on its first line
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.query("ClauseList")  # the first screen is drawn
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what the start built, out of the collector's way


def test_a_command_other_than_the_app_lets_the_collector_run_once_its_arguments_are_read(
    monkeypatch,
) -> None:
    seen: list[bool] = []
    validate = cli._validate

    def noted(path: str, out: io.StringIO) -> int:
        seen.append(gc.isenabled())
        return validate(path, out)

    monkeypatch.setattr(cli, "_validate", noted)
    hold_start()
    out = io.StringIO()
    assert cli.main(["validate", str(paths.bundled_briefing())], stdout=out) == 0
    assert seen == [True]  # on while the command ran, not only after
    assert "valid briefing/1" in out.getvalue()


def test_the_entry_point_leaves_the_collector_on_whichever_way_the_command_ends() -> None:
    assert entry.main(["validate", str(paths.bundled_briefing())]) == 0
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        entry.main(["--no-such-option"])  # argparse exits before any command runs
    assert gc.isenabled()
