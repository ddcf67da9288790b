"""An Input whose typing repaints the field alone, without laying the screen out again."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input


class SteadyInput(Input):
    """An input whose virtual width stays the same while text is typed (the search query,
    the clause filter).

    An Input sets its virtual size to its text's width on every keystroke, and a new
    virtual size lays the whole screen out again and repaints all of it; a fixed width
    (wider than any text typed) leaves a keystroke to repaint the field and what it
    narrows. Give it fixed dimensions in CSS too (`width: 1fr; height: 1`): with `auto`
    ones Textual lays out at each keystroke anyway."""

    WIDE = 512

    @property
    def content_width(self) -> int:
        return max(super().content_width, self.WIDE)

    def on_mount(self) -> None:
        self.virtual_size = Size(self.content_width, 1)  # before the first keystroke
