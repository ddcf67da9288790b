"""The real app, built as `briefing [--feed URL]` builds it (`cli.make_app`), driven by
Textual's pilot in a child process: for tests that need a second uid (setpriv) or an
environment of their own (HOME unset). Run as `python -m tests.pilot_child FEED STEPS`,
where STEPS is a JSON list:

- "settle": wait until every worker (refresh, notes, export) has finished;
- "look": record what the app shows now (screen text, messages so far, feed status line,
  unsaved notes, the briefing's id and where it came from);
- ["keys", "j", "enter", …]: press keys; ["type", "text"]: type text;
- ["wait", seconds];
- "refreshing": wait until a refresh is under way (the start's warnings about the disk
  shown before it);
- ["get", URL]: fetch a URL of the test's loopback server (`FeedServer.releaser`: it
  lets a held answer go, so a refresh stays in flight until this step). A plain HTTP
  loopback call, made from the app's event loop, which it holds for that moment.

Prints one JSON object on stdout: {"looks": [...]}. Anything else on stdout or stderr (a
traceback, a warning) is the test's to see.
"""

from __future__ import annotations

import asyncio
import json
import sys
import urllib.request
from typing import Any

from briefing import cli
from briefing.tui.app import BriefingApp
from tests.helpers import screen_text, settle, wait_until


def look(app: BriefingApp) -> dict[str, Any]:
    session = app.session
    return {
        "screen": screen_text(app),
        "messages": [str(n.message) for n in app._notifications],
        "status": session.feed_status() if session.feed is not None else None,
        "unsaved": {f"{doc}/{key}": text for (doc, key), text in session.unsaved.items()},
        "doc": session.doc.id,
        "origin": session.origin.kind,
    }


async def run(feed: str | None, steps: list[Any]) -> dict[str, Any]:
    app = cli.make_app(feed, None, None)
    looks: list[dict[str, Any]] = []
    async with app.run_test(size=(120, 36)) as pilot:
        for step in steps:
            if step == "settle":
                await settle(app, pilot)
            elif step == "refreshing":
                await wait_until(
                    pilot,
                    lambda: any(w.group == "refresh" and not w.is_finished for w in app.workers),
                    "a refresh under way",
                    timeout=60,
                )
            elif step == "look":
                await pilot.pause()
                looks.append(look(app))
            elif step[0] == "keys":
                await pilot.press(*step[1:])
            elif step[0] == "type":
                await pilot.press(*step[1])
            elif step[0] == "wait":
                await pilot.pause(step[1])
            elif step[0] == "get":
                if not step[1].startswith("http://127.0.0.1:"):
                    raise ValueError(f"not the test's loopback server: {step[1]!r}")
                with urllib.request.urlopen(step[1], timeout=30) as answer:
                    answer.read()
                await pilot.pause()
            else:
                raise ValueError(f"unknown step {step!r}")
    return {"looks": looks}


def main() -> None:
    feed = sys.argv[1] or None
    steps = json.loads(sys.argv[2])
    print(json.dumps(asyncio.run(run(feed, steps))))


if __name__ == "__main__":
    main()
