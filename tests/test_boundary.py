"""The import boundary of the design card: the domain loads without Textual, widgets or
screens. One fresh interpreter imports every domain module and looks at what came with
them; `.ci/check_imports.py` (run by CI) checks each module on its own as well."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / ".ci" / "check_imports.py"

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def load_checker():
    spec = importlib.util.spec_from_file_location("check_imports", CHECK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def loaded_with(modules: list[str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return set(json.loads(result.stdout))


def test_the_domain_loads_without_textual_widgets_or_screens():
    domain = [name for name in load_checker().modules() if name.startswith("briefing.")]
    assert len(domain) > 30 and "briefing.session" in domain and "briefing.app" not in domain
    loaded = loaded_with(domain)
    assert set(domain) <= loaded
    ui = sorted(n for n in loaded if n.split(".")[0] in ("textual", "widgets", "screens"))
    assert ui == []


def test_the_probe_sees_what_a_module_really_loads():
    # The App is allowed Textual: probing it the same way must find it, and the screens.
    loaded = loaded_with(["briefing.app"])
    assert "textual" in loaded and "screens.main" in loaded
    found = load_checker().violations("briefing.app")
    assert any("imports textual" in problem for problem in found)
