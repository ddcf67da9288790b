"""What lives on disk: storage (atomic writes, compare-and-swap, locks), paths (the one
platformdirs seam), config, the feed cache, notebooks and change logs. No network, no
Textual.
"""
