"""The installed wheel, not the source tree, finds its styles and bundled data and runs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

APP_CHECK = """
import asyncio, sys
import briefing, briefing.screens as screens, briefing.widgets as widgets
from briefing.disk import paths
from briefing.tui.app import BriefingApp
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.services.session import Session

for module in (briefing, screens, widgets):
    assert module.__file__.startswith(sys.argv[1]), module.__file__

async def main():
    doc = load_path(paths.bundled_briefing())
    app = BriefingApp(Session(doc, Origin("bundled", "")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#clauses").styles.border.top[0] == "round", "no stylesheet"
        await pilot.press("j", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ClauseDetailScreen"
    print("app ok", len(doc.clauses))

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (found,) = out.glob("negotiation_briefing-*.whl")
    return found


def test_the_wheel_holds_the_packages_styles_and_data(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "briefing/tui/app.py",
        "briefing/tui/app.tcss",
        "briefing/_data/peace-plan-2025-11.json",
        "briefing/_data/briefing-1.schema.json",
        "briefing/_data/format.md",
        "briefing/screens/main.py",
        "briefing/widgets/line_list.py",
    ):
        assert expected in names, expected
    assert not any(name.startswith("tests/") for name in names)
    man = [name for name in names if name.endswith(".data/data/share/man/man1/briefing.1")]
    assert len(man) == 1, "the man page goes to share/man/man1 (shared-data)"
    packaged = {name.split("/")[0] for name in names if ".dist-info/" not in name}
    assert packaged - {man[0].split("/")[0]} == {"briefing"}


def test_the_installed_wheel_runs_outside_the_source_tree(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=workdir,
            timeout=120,
        )

    checked = run("-c", APP_CHECK, str(target))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("app ok")
    validate = run(
        "-m", "briefing", "validate", str(target / "briefing" / "_data" / "peace-plan-2025-11.json")
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    exported = run("-m", "briefing", "export")
    assert exported.returncode == 0 and exported.stdout.startswith("# ")
    located = run("-m", "briefing", "paths")
    assert str(target / "briefing" / "_data") in located.stdout
