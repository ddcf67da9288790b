"""The widgets' own messages name their sender (`control`), so a screen can say which widget
it listens to: `@on(ClauseList.Chosen, "#clauses")`."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widget import Widget

import briefing.widgets
from briefing.format.model import Briefing
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.filter_bar import FilterBar


def widget_messages() -> list[tuple[type[Widget], type[Message]]]:
    """Every message class nested in a widget of briefing.widgets."""
    found = []
    for module_info in pkgutil.iter_modules(briefing.widgets.__path__):
        module = importlib.import_module(f"briefing.widgets.{module_info.name}")
        for widget in vars(module).values():
            if not (inspect.isclass(widget) and issubclass(widget, Widget)):
                continue
            if widget.__module__ != module.__name__:
                continue  # imported, not defined here
            for name, value in vars(widget).items():
                if inspect.isclass(value) and issubclass(value, Message) and name[0].isupper():
                    found.append((widget, value))
    return found


def test_every_widget_message_names_its_sender() -> None:
    messages = widget_messages()
    assert {f"{w.__name__}.{m.__name__}" for w, m in messages} >= {
        "ClauseList.Chosen",
        "FilterBar.Done",
    }
    lacking = [
        f"{widget.__name__}.{message.__name__}"
        for widget, message in messages
        if message.control is Message.control  # the base's: always None
    ]
    assert lacking == []


class TwoLists(App[None]):
    """Two clause lists and a filter bar; handlers that each listen to one of them."""

    def __init__(self, doc: Briefing) -> None:
        super().__init__()
        self.doc = doc
        self.chosen: list[str | None] = []
        self.done: list[tuple[str, bool]] = []

    def compose(self) -> ComposeResult:
        yield ClauseList(id="clauses")
        yield ClauseList(id="others")
        yield FilterBar(id="filter")

    def on_mount(self) -> None:
        self.query_one("#clauses", ClauseList).show(self.doc.clauses)
        self.query_one("#others", ClauseList).show(self.doc.clauses[2:])

    @on(ClauseList.Chosen, "#clauses")
    def chosen_in_clauses(self, message: ClauseList.Chosen) -> None:
        assert message.control is self.query_one("#clauses")
        self.chosen.append(message.clause.id if message.clause else None)

    @on(FilterBar.Done, "#filter")
    def done_in_filter(self, message: FilterBar.Done) -> None:
        self.done.append((message.text, message.keep))


async def test_a_handler_with_a_selector_gets_the_messages_of_that_widget_only(sample_doc):
    app = TwoLists(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#clauses", ClauseList).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.chosen == ["army-cap"]
        app.query_one("#others", ClauseList).focus()
        await pilot.press("enter")  # the other list: not for this handler
        await pilot.pause()
        assert app.chosen == ["army-cap"]

        app.query_one(FilterBar).edit("")
        await pilot.press("x", "enter")
        await pilot.pause()
        assert app.done == [("x", True)]
