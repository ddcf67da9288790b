"""Key → settled screen, as the user sees it: the real app in tmux at 80×24.

    python -m benchmarks.settle [--feed PATH] [--presses 20] [--runs 3] [--only page,move]

The app runs in a private tmux server (`tmux -L <unique>`, its own HOME and XDG
directories) driven by a control-mode client (`tmux -C`): every byte the app writes to
its terminal arrives as an `%output` notification, stamped when it is read. A key is
sent with `send-keys`; the screen has settled once nothing has arrived for 250 ms, and
the figure is key → the last output before that quiet. Start-up is timed the same way:
launch → the last output before 250 ms of quiet once the first screen's marker is on
the screen (`capture-pane`), after one untimed start of each app (bytecode compiled and
kept in a private cache, as an installed app has it; see `private_env`).

The same run measures the bare Textual app (`benchmarks/bare.py`) doing the least an
app can do for the same kind of key; the ratio of the two is the verdict, since the
absolute figures move with the load on a shared machine. Its keys are measured before
ours and after them, and the quieter run is the reference (`quieter`: of all the bare
runs in one `measure`, two for each briefing; the lowest p95 makes a stricter verdict). The
apps run under `benchmarks/launch.py`, which stops what changes the screen on a timer
(the text cursor's blink, the countdown's one-second tick), so that it is not taken for
the key's doing.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KEY_TIMEOUT = 3.0
"""Seconds a key may take to change anything before it counts as having changed nothing.
The harness's own tests raise it: on a loaded machine running the suite (coverage, other
workers' apps) a bare app's Enter once took longer, and its figure went missing."""

QUIET = 0.250
"""Seconds without output after which the screen counts as settled."""
ROOT = Path(__file__).resolve().parent.parent
XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
BARE_MARKER = "BARE-READY"
BRIEFING_MARKER = "Clauses ("
START_NOTE = "no copy of feed"
"""The start-up notification of a configured feed with no copy yet (shown for 10 s)."""


@dataclass
class Settle:
    """When the screen settled after a moment `start`: fed the times output arrived.

    `state(now)` is None while it may still change, else the seconds from `start` to the
    last output (0.0 when nothing arrived within `timeout`: the key changed nothing)."""

    start: float
    quiet: float = QUIET
    timeout: float = 10.0
    last: float | None = None

    def feed(self, when: float) -> None:
        if when >= self.start and (self.last is None or when > self.last):
            self.last = when

    def state(self, now: float) -> float | None:
        if self.last is None:
            return 0.0 if now - self.start >= self.timeout else None
        if now - self.last >= self.quiet:
            return self.last - self.start
        if now - self.start >= self.timeout + self.quiet:
            raise TimeoutError(f"the screen was still changing after {self.timeout:.0f} s")
        return None


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0, "mean": 0.0, "n": 0}

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {
        "p50": at(0.50),
        "p95": at(0.95),
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
        "n": len(ordered),
    }


@dataclass
class Terminal:
    """One app in a private tmux server at 80×24, watched through a control-mode client."""

    command: str
    env: dict[str, str]
    socket: str = field(default_factory=lambda: f"bench-{uuid.uuid4().hex[:10]}")
    outputs: list[float] = field(default_factory=list)
    _replies: queue.Queue[list[str]] = field(default_factory=queue.Queue)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _process: subprocess.Popen[bytes] | None = None
    started: float = 0.0

    def open(self) -> None:
        self.started = time.perf_counter()
        self._process = subprocess.Popen(
            [
                "tmux",
                "-L",
                self.socket,
                "-f",
                "/dev/null",
                "-C",
                "new-session",
                "-x",
                "80",
                "-y",
                "24",
                "-c",
                str(ROOT),
                self.command,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self.env,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self._sync()

    def _sync(self) -> None:
        """Until the server answers this client: a marker asked for and waited on (tmux's
        answer to the `new-session` the client was started with is not taken, see
        `_read`; left queued, it once made every command take the one before's)."""
        assert self._process is not None and self._process.stdin is not None
        token = f"sync-{uuid.uuid4().hex}"
        self._process.stdin.write(f"display-message -p {token}\n".encode())
        self._process.stdin.flush()
        while self._replies.get(timeout=30) != [token]:
            pass

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        block: list[str] | None = None
        for raw in self._process.stdout:
            now = time.perf_counter()
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if block is not None:
                if line.startswith(("%end ", "%error ")):
                    self._replies.put(block)
                    block = None
                else:
                    block.append(line)
            elif line.startswith("%output "):
                with self._lock:
                    self.outputs.append(now)
            elif line.startswith("%begin ") and line.split()[-1] == "1":
                # Only answers to this client's own commands (flag 1): tmux answers the
                # `new-session` it was started with too, with flag 0.
                block = []

    def _command(self, text: str, timeout: float = 30.0) -> list[str]:
        """The command's answer, found by a marker asked for right after it: the answer
        just before the marker's. Matching by order alone once took a stray empty answer
        (CI, 2026-12-07: `display-message -p first` read `[]`), and every answer after it
        would have been the one before's."""
        assert self._process is not None and self._process.stdin is not None
        token = f"mark-{uuid.uuid4().hex}"
        self._process.stdin.write(f"{text}\ndisplay-message -p {token}\n".encode())
        self._process.stdin.flush()
        deadline = time.monotonic() + timeout
        answer: list[str] | None = None
        while True:
            reply = self._replies.get(timeout=max(0.0, deadline - time.monotonic()))
            if reply == [token]:
                if answer is None:
                    raise queue.Empty
                return answer
            answer = reply

    def screen(self, *, styled: bool = False) -> str:
        return "\n".join(self._command("capture-pane -p -e" if styled else "capture-pane -p"))

    def outputs_since(self, index: int) -> tuple[list[float], int]:
        with self._lock:
            return self.outputs[index:], len(self.outputs)

    def wait(self, start: float, timeout: float = 10.0, until: str | None = None) -> float:
        """Seconds from `start` to the last output before QUIET of silence (0.0: none
        within `timeout`); with `until`, only once that text is on the screen."""
        settle = Settle(start, timeout=timeout)
        seen = 0
        shown = until is None
        checked = 0.0
        while True:
            time.sleep(0.002)
            fresh, seen = self.outputs_since(seen)
            for when in fresh:
                settle.feed(when)
            now = time.perf_counter()
            if not shown:
                if fresh or now - checked > 0.1:
                    checked = now
                    shown = until in self.screen()  # type: ignore[operator]
                if not shown:
                    if now - start > timeout:
                        raise TimeoutError(f"{until!r} did not appear within {timeout:.0f} s")
                    continue
            result = settle.state(now)
            if result is not None:
                return result

    def wait_gone(self, text: str, timeout: float = 30.0, appears_within: float = 0.0) -> None:
        """Until `text` is no longer on the screen (a notification timing out); with
        `appears_within`, first until it has appeared (if it does within those seconds:
        a notification shown a moment after the screen it covers)."""
        start = time.perf_counter()
        while appears_within and text not in self.screen():
            if time.perf_counter() - start > appears_within:
                return
            time.sleep(0.05)
        while text in self.screen():
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{text!r} still on the screen after {timeout:.0f} s")
            time.sleep(0.1)

    def wait_still(self, timeout: float = 180.0) -> float:
        """Until the app's processes have used at most `STILL_TICKS` clock ticks of CPU in
        the last `STILL_FOR` seconds: the work a start leaves to a thread (the search index:
        ~1.7 s of CPU at 10k / 100k, ~3.6 s at 20k / 200k) is done before a key is timed, so
        the figure is the key's own and not its share of the interpreter with that thread.
        Returns the seconds waited; raises `TimeoutError` after `timeout`, and
        `RuntimeError` when the app is not running (an app that has died is not still)."""
        start = time.perf_counter()
        pids = self._app_processes()
        used: dict[int, int] = {}
        """Each process's CPU ticks, as last read while it ran (a process that ends keeps
        its last reading: the sum never goes back)."""
        samples: list[tuple[float, int]] = []
        while True:
            now = time.perf_counter()
            running = False
            for pid in pids:
                ticks = _cpu_ticks(pid)
                if ticks is not None:
                    running = True
                    used[pid] = max(used.get(pid, 0), ticks)
            if not running:
                raise RuntimeError("the app is not running: it cannot be waited on to rest")
            samples.append((now, sum(used.values())))
            while len(samples) > 1 and now - samples[1][0] >= STILL_FOR:
                samples.pop(0)  # the newest sample at least STILL_FOR back is kept
            first, before = samples[0]
            if now - first >= STILL_FOR and samples[-1][1] - before <= STILL_TICKS:
                return now - start
            if now - start > timeout:
                raise TimeoutError(f"the app still busy after {timeout:.0f} s")
            time.sleep(0.05)

    def idle(self) -> None:
        """Until nothing has arrived for QUIET: no output of before is taken for the key's."""
        while True:
            with self._lock:
                last = self.outputs[-1] if self.outputs else self.started
            if time.perf_counter() - last >= QUIET:
                return
            time.sleep(0.01)

    def press(self, key: str, timeout: float | None = None) -> float:
        """Send one key (tmux's name: j, Enter, PageDown, Escape, BSpace…); key → settled.

        0.0 when the key changed nothing: no output within `timeout` (`KEY_TIMEOUT`), or a
        screen (text and colours) the same as before it, since the app may repaint on its
        own later."""
        timeout = KEY_TIMEOUT if timeout is None else timeout
        self.idle()
        before = self.screen(styled=True)
        start = time.perf_counter()
        self._command(f"send-keys -t %0 {shlex.quote(key)}")
        seconds = self.wait(start, timeout=timeout)
        while seconds and self.screen(styled=True) == before:
            # Output came and went, and the screen is as it was: not the key's doing (the
            # app repainting itself). The key's may still come within its time: a loaded
            # machine (the suite's own run) once let a bare app's Enter come after it.
            again = time.perf_counter()
            left = timeout - (again - start)
            more = self.wait(again, timeout=left) if left > 0 else 0.0
            seconds = again - start + more if more else 0.0
        return seconds

    def close(self) -> None:
        """The server killed, and back once the app's processes have exited (or after
        `EXIT_TIMEOUT`, saying so).

        A closed terminal does not end the app at once (Textual's teardown, ~1.5 s even for
        the bare app), and until 2026-12-07 an app at 10k / 100k went on building its
        search index for ~2 s of CPU after it: the next start measured, the bare app's,
        shared the machine with it."""
        pids = self._app_processes()
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, env=self.env
        )
        deadline = time.monotonic() + EXIT_TIMEOUT
        while any(_running(pid) for pid in pids):
            if time.monotonic() > deadline:
                print(
                    f"benchmark: the app still runs {EXIT_TIMEOUT:.0f} s after its terminal closed",
                    file=sys.stderr,
                )
                break
            time.sleep(0.01)
        if self._process is not None:
            if self._process.stdin is not None:
                with suppress(OSError):  # a client gone with its server
                    self._process.stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()

    def _app_processes(self) -> list[int]:
        """The pane's process and every process under it (the app, whatever shell or `env`
        started it); none when the app has exited already (its server, and this client,
        with it) or tmux does not say."""
        assert self._process is not None and self._process.stdin is not None
        if self._process.poll() is not None:
            return []
        token = f"pane-{uuid.uuid4().hex}"
        try:
            self._process.stdin.write(
                f"display-message -p -t %0 '{token} #{{pane_pid}}'\n".encode()
            )
            self._process.stdin.flush()
            # Replies to commands that timed out earlier may still be queued: skipped.
            # A server that answers nothing (its app gone meanwhile) is not waited on long.
            reply = self._replies.get(timeout=2.0)
            while not (reply and reply[0].startswith(token)):
                reply = self._replies.get(timeout=2.0)
            pane = int(reply[0].split()[1])
        except (queue.Empty, IndexError, ValueError, OSError):
            print(
                "benchmark: the app's process was not found; not waiting for its exit",
                file=sys.stderr,
            )
            return []
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
        found, todo = [], [pane]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found


EXIT_TIMEOUT = 15.0
"""Seconds `Terminal.close` waits for the app's processes to exit."""
STILL_FOR = 0.5
"""Seconds over which `Terminal.wait_still` looks at the CPU the app uses."""
STILL_TICKS = 2
"""Clock ticks of CPU the app may use in `STILL_FOR` and count as still (20 ms at the
usual 100 a second: an app waiting for input uses none; one building its index, all of a
core)."""


def _stat(pid: int) -> list[str] | None:
    """The fields of `/proc/<pid>/stat` after the process's name (state first, then the
    parent's id; the name, in parentheses, may hold anything); None when it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        int(fields[1]), int(fields[11]), int(fields[12])  # the ones read here are numbers
    except (OSError, IndexError, ValueError):
        return None
    return fields


def _cpu_ticks(pid: int) -> int | None:
    """The clock ticks of CPU process `pid` has used so far, all its threads; None once it
    has gone (or is a zombie)."""
    fields = _stat(pid)
    if fields is None or fields[0] == "Z":
        return None
    return int(fields[11]) + int(fields[12])  # utime, stime (stat fields 14, 15)


def _running(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie (exited, not yet reaped)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


@contextmanager
def terminal(command: str, env: dict[str, str]) -> Iterator[Terminal]:
    term = Terminal(command, env)
    term.open()
    try:
        yield term
    finally:
        term.close()


def private_env(home: Path) -> dict[str, str]:
    """The environment the apps run in: their own HOME and XDG directories, and their
    compiled bytecode kept (in a private cache under `home`), as after `pip install`,
    which compiles it: a shell with PYTHONDONTWRITEBYTECODE would otherwise have Python
    compile this package's modules afresh at every start, while the bare app's Textual
    was compiled when it was installed."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in XDG
        and name != "PYTHONDONTWRITEBYTECODE"
        and not name.startswith(("TMUX", "TEXTUAL"))
    }
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    env["HOME"] = str(home)
    for name in XDG:
        path = home / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def shell(*args: str) -> str:
    prefix = "env TERM=xterm-256color COLORTERM=truecolor"
    return " ".join([prefix, shlex.quote(sys.executable), *map(shlex.quote, args)])


def launch(module: str, *args: str) -> str:
    """The shell command that runs `python -m module args` under `benchmarks/launch.py`."""
    return shell("-m", "benchmarks.launch", module, *args)


def desk_config(env: dict[str, str], *, present: bool = True) -> None:
    """A config with one desk feed (a loopback port nothing listens on), so `b` has a
    list of briefings to offer; `present=False`: no config, as the starts are measured
    (a user opening the bundled briefing or a file has no feed to try at start)."""
    folder = Path(env["XDG_CONFIG_HOME"]) / "briefing"
    folder.mkdir(parents=True, exist_ok=True)
    if not present:
        (folder / "config.toml").unlink(missing_ok=True)
        return
    (folder / "config.toml").write_text(
        '[[feeds]]\nname = "desk"\nurl = "http://127.0.0.1:9/briefing.json"\nrefresh = 0\n',
        encoding="utf-8",
    )


# -- what is measured ------------------------------------------------------------------

FIGURES = {
    "start": "start → first paint, settled",
    "move": "j / k in the clause list",
    "enter": "Enter on a clause → its page",
    "overview": "Enter on the text as a whole → the overview",
    "page": "PgDn / PgUp on a clause page",
    "escape": "Escape from a clause page",
    "matrix": "m → the matrix",
    "search": "a search keystroke",
    "backspace": "a search backspace",
    "filter": "filter typing (F, then a word)",
    "desk": "b → the desk's briefings",
}
REFERENCE = {
    "start": "start",
    "move": "move",
    "enter": "enter",
    "overview": "enter",
    "page": "page",
    "escape": "escape",
    "matrix": "enter",
    "search": "move",
    "backspace": "move",
    "filter": "move",
    "desk": "enter",
}
"""Which of the bare app's figures each of ours is divided by."""
BARE_ROWS = "bare app: a key that changes 20 rows (diagnostic: Textual's cost per row)"
"""The bare app's `rows` figure (`benchmarks/bare.py`), reported beside the verdicts."""
FLOOR_START = "floor: the bare app decoding the document before its first paint"
"""Diagnostic beside the start row: how far any app that reads the whole document before
its first screen is from the bare app (`benchmarks/bare_decoding.py`)."""
QUERY = "cease"
FILTER = "forces"


@dataclass
class Samples:
    times: dict[str, list[float]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        if seconds <= 0.0:
            self.unchanged[name] = self.unchanged.get(name, 0) + 1
        else:
            self.times.setdefault(name, []).append(seconds)


def first_paint(command: str, marker: str, env: dict[str, str]) -> float:
    with terminal(command, env) as term:
        return term.wait(term.started, timeout=180.0, until=marker)


KEY_FIGURES = tuple(name for name in FIGURES if name != "start")


def bare_keys(
    env: dict[str, str], presses: int, out: Samples, only: frozenset[str] = frozenset(FIGURES)
) -> None:
    """The bare app's figures that the ones in `only` are divided by."""
    wanted = {REFERENCE[name] for name in only}
    with terminal(launch("benchmarks.bare"), env) as term:
        term.wait(term.started, timeout=60.0, until=BARE_MARKER)
        term.wait_still()  # as the app's keys wait (it has nothing left to do)
        for n in range(presses if "move" in wanted else 0):
            out.add("move", term.press("j" if n % 2 == 0 else "k"))
        for _ in range(max(1, presses // 4) if wanted & {"enter", "page", "escape"} else 0):
            out.add("enter", term.press("Enter"))
            for n in range(4):
                out.add("page", term.press("PageDown" if n < 2 else "PageUp"))
            out.add("escape", term.press("Escape"))
        if "move" in wanted:  # the diagnostic beside the one-line key: 20 rows changed
            term.press("r")
            for n in range(presses):
                out.add("rows", term.press("j" if n % 2 == 0 else "k"))
            term.press("Escape")


def briefing_keys(
    feed: Path | None,
    env: dict[str, str],
    presses: int,
    out: Samples,
    only: frozenset[str] = frozenset(FIGURES),
) -> None:
    """Our figures named in `only` (each group of keys runs only when one of its is)."""

    def runs(count: int, *names: str) -> range:
        return range(max(1, count) if only.intersection(names) else 0)

    args = ["--feed", str(feed)] if feed is not None else []
    with terminal(launch("briefing", *args), env) as term:
        term.wait(term.started, timeout=180.0, until=BRIEFING_MARKER)
        # With the desk configured, the bundled briefing starts on the desk feed, which has
        # no copy yet: the app says so for 10 s, and the failed first fetch changes the
        # status ~2 s in. Keys pressed then were timed to those changes (a `j` of 240 ms,
        # once or twice in forty): the keys start once the note has come and gone (it
        # comes ~0.2 s after the first screen).
        term.wait_gone(START_NOTE, appears_within=5.0)
        # At 20k / 200k the search index was still being built when the note had gone (the
        # overview's Enter of 326-451 ms then, 77 ms after it; 2026-12-07).
        term.wait_still()
        if "overview" in only:  # the list starts on "the text as a whole"
            out.add("overview", term.press("Enter"))
            term.press("Escape")
        for n in range(presses if "move" in only else 0):
            out.add("move", term.press("j" if (n // 5) % 2 == 0 else "k"))
        if only & {"enter", "page", "escape"}:
            term.press("j")  # off "the text as a whole" (wherever j / k left it): a clause
        for _ in runs(presses // 4, "enter", "page", "escape"):
            out.add("enter", term.press("Enter"))
            for n in range(4):
                out.add("page", term.press("PageDown" if n < 2 else "PageUp"))
            out.add("escape", term.press("Escape"))
            term.press("j")
        for _ in runs(presses // 8, "matrix"):
            out.add("matrix", term.press("m"))
            term.press("Escape")
        if only & {"search", "backspace"}:
            term.press("/")
            for _ in runs(presses // (2 * len(QUERY)), "search", "backspace"):
                for char in QUERY:
                    out.add("search", term.press(char))
                for _ in QUERY:
                    out.add("backspace", term.press("BSpace"))
            term.press("Escape")
        for _ in runs(presses // (2 * len(FILTER)), "filter"):
            term.press("F")
            for char in FILTER:
                out.add("filter", term.press(char))
            term.press("Escape")
        for _ in runs(presses // 8, "desk"):
            out.add("desk", term.press("b"))
            term.press("Escape")


def measure(
    feeds: dict[str, Path | None],
    *,
    presses: int,
    runs: int,
    home: Path,
    start_runs: int | None = None,
    progress: Callable[[str], None] = lambda _: None,
    only: frozenset[str] = frozenset(FIGURES),
) -> dict[str, Any]:
    """Every figure for the bare app and for each of `feeds` (label → path; None: the
    bundled briefing), in one run: {label: {figure: percentiles…}, "bare": …}; with
    `only`, those figures alone (and the bare app's they are divided by). `start_runs`:
    the starts of each app (default `runs`)."""
    start_runs = start_runs or runs
    env = private_env(home)
    bare_start: list[float] = []
    bare_runs: list[Samples] = []
    results: dict[str, Any] = {}
    for label, feed in feeds.items():
        if "start" in only:
            progress(f"{label}: start ×{start_runs} (interleaved with the bare app)")
        starts: list[float] = []
        args = ["--feed", str(feed)] if feed is not None else []
        desk_config(env, present=False)  # the starts: no feed configured to try
        if "start" in only:
            # One start of each, not timed: bytecode compiled and cached, the file in the
            # page cache, a file opened by its path checked once (as the user's second start).
            first_paint(shell(str(ROOT / "benchmarks" / "bare.py")), BARE_MARKER, env)
            first_paint(shell("-m", "briefing", *args), BRIEFING_MARKER, env)
        # With a document by its path, a third app: the bare one that decodes it first (the
        # floor of our start at its scale: `benchmarks/bare_decoding.py`).
        floor = [str(ROOT / "benchmarks" / "bare_decoding.py"), str(feed)] if feed else None
        if floor and "start" in only:
            first_paint(shell(*floor), BARE_MARKER, env)
        floor_starts: list[float] = []
        for _ in range(start_runs if "start" in only else 0):
            bare_start.append(
                first_paint(shell(str(ROOT / "benchmarks" / "bare.py")), BARE_MARKER, env)
            )
            starts.append(first_paint(shell("-m", "briefing", *args), BRIEFING_MARKER, env))
            if floor:
                floor_starts.append(first_paint(shell(*floor), BARE_MARKER, env))
        ours = Samples()
        desk_config(env)  # the keys: `b` has a desk to show
        if only & set(KEY_FIGURES):
            # The bare app's keys before ours and after them; the quieter run is the
            # reference (`quieter`), so a burst of load on the shared machine during one of
            # them does not pass a key of ours that is not fast.
            bare_runs.append(Samples())
            bare_keys(env, presses, bare_runs[-1], only)
            briefing_keys(feed, env, presses, ours, only)
            bare_runs.append(Samples())
            bare_keys(env, presses, bare_runs[-1], only)
        figures = {name: percentiles(values) for name, values in ours.times.items() if name in only}
        if starts:
            figures["start"] = percentiles(starts)
        results[label] = {"figures": figures, "unchanged": ours.unchanged}
        if floor_starts:
            results[label]["floor_start"] = percentiles(floor_starts)
    bare_figures = quieter(bare_runs)
    if bare_start:
        bare_figures["start"] = percentiles(bare_start)
    results["bare"] = {
        "figures": bare_figures,
        "unchanged": dict(sum((Counter(run.unchanged) for run in bare_runs), Counter())),
        "runs": [
            {name: percentiles(values) for name, values in run.times.items()} for run in bare_runs
        ],
    }
    return results


def quieter(runs: list[Samples]) -> dict[str, dict[str, float]]:
    """For each figure, the percentiles of the run in which it had the lowest p95 (the
    bare app's runs of one `measure`: two for each briefing measured, one before its keys
    and one after; `python -m benchmarks` measures one briefing at a time).

    The full run of 2026-12-07 12:00 UTC measured the bare app's `j` once, after ours, at
    10k / 100k: p50 3.6 ms but p95 8.4 ms (3.7–3.8 at every other scale), and three of
    our keys passed their targets on that reference alone."""
    best: dict[str, dict[str, float]] = {}
    for run in runs:
        for name, values in run.times.items():
            figure = percentiles(values)
            if name not in best or figure["p95"] < best[name]["p95"]:
                best[name] = figure
    return best


def ratio(results: dict[str, Any], label: str, name: str, at: str = "p95") -> float | None:
    ours = results[label]["figures"].get(name)
    ref = results["bare"]["figures"].get(REFERENCE[name])
    if not ours or not ref or not ref[at]:
        return None
    return float(ours[at] / ref[at])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feed", type=Path, help="a briefing file (default: the bundled one)")
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument(
        "--only", help="comma-separated figures to measure (default all): " + ",".join(FIGURES)
    )
    args = parser.parse_args(argv)
    only = frozenset(args.only.split(",")) if args.only else frozenset(FIGURES)
    if only - set(FIGURES):
        parser.error(f"unknown figure {sorted(only - set(FIGURES))[0]!r}")
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    label = str(args.feed) if args.feed else "bundled"
    with tempfile.TemporaryDirectory(prefix="briefing-settle-") as home:
        results = measure(
            {label: args.feed},
            presses=args.presses,
            runs=args.runs,
            home=Path(home),
            progress=lambda text: print(text, file=sys.stderr),
            only=only,
        )
    for name, title in FIGURES.items():
        ours = results[label]["figures"].get(name)
        ref = results["bare"]["figures"].get(REFERENCE[name])
        if not ours:
            continue
        r = ratio(results, label, name)
        print(
            f"{title:<36} p95 {ours['p95'] * 1000:7.1f} ms (p50 {ours['p50'] * 1000:6.1f})"
            f"  bare {ref['p95'] * 1000:6.1f} ms  {r or 0:5.2f}×"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
