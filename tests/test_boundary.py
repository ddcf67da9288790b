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


def test_the_app_imports_only_the_first_screen_and_names_the_others_lazily():
    """`briefing.screens` gives every other screen by name, imported when first asked for:
    start-up loads the main screen only (the others cost import time before the first
    paint)."""
    from textual.screen import Screen

    import briefing.screens as screens

    loaded = loaded_with(["briefing.tui.app"])
    later = {f"briefing.screens.{module}" for module in screens._MODULES.values()}
    assert len(later) == len(screens.__all__) == 11
    assert sorted(later & loaded) == []
    for name in screens.__all__:
        kind = getattr(screens, name)
        assert isinstance(kind, type) and issubclass(kind, Screen) and kind.__name__ == name
    try:
        screens.NoSuchScreen  # noqa: B018
    except AttributeError as error:
        assert "NoSuchScreen" in str(error)
    else:
        raise AssertionError("an unknown screen name must raise AttributeError")
