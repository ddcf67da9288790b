"""The floor of our start at a document's scale: the bare app (`benchmarks/bare.py`) run
after it has read and decoded a document into the app's typed model, with no check.

    python benchmarks/bare_decoding.py PATH

It starts as `briefing` does (`briefing.entry`): the cyclic collector held off from the
first line until the first frame, and the file read in a thread while the modules load.
What it does not do, ours must too: read the document whole and decode it before the
first screen. Its start against the bare app's is the least any app that shows a
document whole on its first screen can reach at that scale.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path


def main(path: str) -> None:
    from briefing.format.collector import hold_start, release_start

    hold_start()
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(Path(path).read_bytes()), daemon=True)
    reader.start()
    import msgspec

    from benchmarks.bare import Bare
    from briefing.format.model import Briefing

    class Decoded(Bare):
        def on_mount(self) -> None:
            self.call_after_refresh(release_start)  # as `briefing` does at its first frame

    reader.join()
    document = msgspec.json.decode(read[0], type=Briefing)
    Decoded().run()
    del document


if __name__ == "__main__":
    main(sys.argv[1])
