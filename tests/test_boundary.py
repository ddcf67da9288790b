"""The import boundary of the design card, checked the way `.ci/run` checks it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

CHECK = Path(__file__).resolve().parent.parent / ".ci" / "check_imports.py"


def load_checker():
    spec = importlib.util.spec_from_file_location("check_imports", CHECK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_domain_never_imports_textual_widgets_or_screens():
    checker = load_checker()
    assert checker.main() == 0


def test_the_checker_does_catch_a_violation():
    checker = load_checker()
    # The App module is allowed to import Textual, so probing it as if it were domain code
    # must report Textual: proof that the probe sees what a module really loads.
    found = checker.violations("briefing.app")
    assert any("imports textual" in problem for problem in found)
    assert "briefing.session" in checker.modules()
    assert "briefing.app" not in checker.modules()
