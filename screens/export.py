"""Where to write a Markdown brief; never overwrites an existing file without asking."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from briefing.screens.base import NoSilentKeys
from briefing.widgets.key_bar import KeyBar


class ExportScreen(NoSilentKeys, ModalScreen[Path | None]):
    """A path prompt. An existing file needs a second Enter (or `y`) to be replaced."""

    HELP_NAME = "the export prompt"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(self, suggested: Path, what: str, problem: str | None = None) -> None:
        """`problem`: why the last try at `suggested` failed (the dialog is back, the path
        as typed)."""
        super().__init__()
        self.suggested = suggested
        self.what = what
        self.problem = problem
        self._confirm: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Static(
                Content.assemble(("Export ", "bold"), (self.what, "bold"), " as Markdown to:")
            )
            yield Input(value=str(self.suggested), id="export-path")
            yield Static(id="export-question")
        yield KeyBar()  # this dialog's keys over the main screen's, which do not act here

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.problem:
            self._ask(self.problem, error=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.problem and event.value == str(self.suggested):
            return  # the field filled in with the path the problem is about: it still holds
        self.problem = None
        self._confirm = None
        self.query_one("#export-question", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        raw = event.value.strip()
        if not raw:
            return
        path = Path(raw).expanduser()
        if path.is_dir():
            self._ask(f"{path} is a directory; give a file name", error=True)
            return
        parent = path.parent
        if not parent.exists():
            self._ask(f"{parent} does not exist: create it, or give another directory", error=True)
            return
        if not parent.is_dir():
            self._ask(f"{parent} is not a directory", error=True)
            return
        if path.exists() and self._confirm != path:
            self._confirm = path
            self._ask(f"{path} exists. Enter again to replace it, or change the name.")
            return
        self.dismiss(path)

    def _ask(self, text: str, *, error: bool = False) -> None:
        style = "$text-error" if error else "bold $text-warning"
        self.query_one("#export-question", Static).update(Content.assemble((text, style)))

    def action_cancel(self) -> None:
        self.dismiss(None)
