"""The import boundary at run time: the domain (services, feed, disk, reading, format) loads
without Textual, the screens or the widgets. One fresh interpreter imports every domain
module and looks at what came with them. The static check of every layer is import-linter's
(`lint-imports`, the contracts in pyproject.toml), which CI runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ("services", "feed", "disk", "reading", "format")

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def domain_modules() -> list[str]:
    """Every module of the domain's folders, found on disk (a new one needs no edit here)."""
    return [
        f"briefing.{layer}.{path.stem}"
        for layer in DOMAIN
        for path in sorted((ROOT / "briefing" / layer).glob("*.py"))
        if path.stem != "__init__"
    ]


def loaded_with(modules: list[str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return set(json.loads(result.stdout))


def is_ui(name: str) -> bool:
    return name.split(".")[0] == "textual" or name.startswith(
        ("briefing.tui", "briefing.screens", "briefing.widgets")
    )


def test_the_domain_loads_without_textual_widgets_or_screens():
    domain = domain_modules()
    assert len(domain) > 30 and "briefing.services.session" in domain
    loaded = loaded_with(domain)
    assert set(domain) <= loaded
    assert sorted(filter(is_ui, loaded)) == []


def test_the_probe_sees_what_a_module_really_loads():
    # The App is allowed Textual: probing it the same way must find it, and the screens.
    loaded = loaded_with(["briefing.tui.app"])
    assert "textual" in loaded and "briefing.screens.main" in loaded
    assert any(map(is_ui, loaded))


SCREEN_PROBE = """
import importlib, inspect, json, sys
from textual.screen import Screen
found = {}
for name in sys.argv[1:]:
    module = importlib.import_module(name)
    found[name] = sorted(
        kind.__name__ for kind in vars(module).values()
        if inspect.isclass(kind) and issubclass(kind, Screen) and kind.__module__ == name
    )
print(json.dumps(found))
"""


def test_the_app_imports_only_the_first_screen_and_each_other_screen_where_it_opens():
    """No list of screens to keep: each screen's module is imported where it is opened, when
    first opened, so start-up loads the main screen only (the others cost import time before
    the first paint). Every screen module on disk is found, and none but the main one (and
    the base every screen shares) comes with the App."""
    modules = [
        f"briefing.screens.{path.stem}"
        for path in sorted((ROOT / "briefing" / "screens").glob("*.py"))
        if path.stem != "__init__"
    ]
    result = subprocess.run(
        [sys.executable, "-c", SCREEN_PROBE, *modules],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    screens = {name for name, kinds in json.loads(result.stdout).items() if kinds}
    assert {"briefing.screens.main", "briefing.screens.search"} <= screens
    assert len(screens) >= 14
    loaded = loaded_with(["briefing.tui.app"])
    assert sorted(screens & loaded) == ["briefing.screens.base", "briefing.screens.main"]
    init = (ROOT / "briefing" / "screens" / "__init__.py").read_text(encoding="utf-8")
    assert "Screen" not in init  # no registry of screens to keep in step with the modules


FORGETTING_PROBE = """
import importlib, json, sys
forget = set(sys.argv[1].split(","))
for name in list(sys.modules):  # loaded before us (coverage, measuring this child, reads
    if name.split(".")[0] in forget:  # its config with tomllib): imported again if we do
        del sys.modules[name]
for name in sys.argv[2:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def test_the_app_and_its_command_line_load_no_toml_reader_and_no_package_walker():
    """What only some starts need is imported where it is used: `tomllib` when there is a
    config.toml to read, `pkgutil` when its [keys] remap bindings (each ~0.6-1.3 ms of
    every start's imports otherwise)."""
    ours = ["briefing.cli", "briefing.tui.app", "briefing.entry"]
    result = subprocess.run(
        [sys.executable, "-c", FORGETTING_PROBE, "tomllib,pkgutil", *ours],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    loaded = set(json.loads(result.stdout))
    assert "briefing.disk.config" in loaded and "briefing.screens.keymap" in loaded
    assert sorted({"tomllib", "pkgutil"} & loaded) == []
    # The probe sees such an import: the config module does load tomllib to parse.
    result = subprocess.run(
        [sys.executable, "-c", FORGETTING_PROBE + PARSE, "tomllib", "briefing.disk.config"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "tomllib" in json.loads(result.stdout.splitlines()[-1])


PARSE = """
from briefing.disk.config import parse_config
parse_config("")
print(json.dumps(sorted(sys.modules)))
"""
