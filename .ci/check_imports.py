"""The import boundary: the domain (`briefing/` but the app's own modules) never imports
Textual, `widgets` or `screens`; widgets never import screens; nothing imports the App.

Each module is imported in a fresh interpreter and `sys.modules` is inspected, so an
indirect import is caught too. Exit status 0 when the boundary holds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_MODULES = {
    "briefing.app",
    "briefing.app_base",
    "briefing.app_feed",
    "briefing.app_work",
    "briefing.palette",
}
"""The only modules in `briefing/` that are allowed to import Textual."""

_APP = (
    "briefing.app",
    "briefing.app_base",
    "briefing.app_feed",
    "briefing.app_work",
    "briefing.palette",
)
RULES = {
    "briefing": ("textual", "widgets", "screens"),
    "widgets": ("screens", *_APP),
    "screens": _APP,
}

PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(sys.modules)))
"""


def modules() -> list[str]:
    found = []
    for package in RULES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            if name in UI_MODULES or name.endswith("__main__"):
                continue
            found.append(name)
    return found


def violations(module: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        return [f"{module}: cannot be imported on its own:\n{result.stderr.strip()}"]
    loaded = json.loads(result.stdout)
    forbidden = RULES[module.split(".")[0]]
    return [
        f"{module} imports {name}"
        for name in loaded
        if any(name == bad or name.startswith(bad + ".") for bad in forbidden)
    ]


def main() -> int:
    problems = [problem for module in modules() for problem in violations(module)]
    for problem in problems:
        print(problem)
    checked = len(modules())
    if problems:
        print(f"import boundary broken ({len(problems)} problems in {checked} modules)")
        return 1
    print(f"import boundary holds ({checked} modules checked)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
