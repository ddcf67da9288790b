"""The one seam for file locations: platformdirs for user files, the package for bundled data.

Nothing here creates a directory or reads a file at import time; tests point
the user directories elsewhere through the XDG variables or by patching
`user_dirs`.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path
from typing import Final

import msgspec
import platformdirs

from briefing.disk import storage

APP_NAME: Final = "briefing"
BUNDLED_NAME: Final = "peace-plan-2025-11.json"
SCHEMA_NAME: Final = "briefing-1.schema.json"


class UserDirs(msgspec.Struct, frozen=True):
    config: Path
    data: Path
    cache: Path

    @property
    def config_file(self) -> Path:
        """`--config PATH`, else BRIEFING_CONFIG, else config.toml in the config directory."""
        chosen = _chosen_config or os.environ.get(CONFIG_VARIABLE)
        return Path(chosen).expanduser() if chosen else self.config / "config.toml"


CONFIG_VARIABLE: Final = "BRIEFING_CONFIG"
_chosen_config: str | None = None


def config_chosen() -> bool:
    """Whether the config file was named (--config, BRIEFING_CONFIG) rather than defaulted."""
    return bool(_chosen_config or os.environ.get(CONFIG_VARIABLE))


def choose_config(path: str | None) -> None:
    """The config file `--config` names for this process (None: back to the default)."""
    global _chosen_config
    _chosen_config = path


def user_dirs() -> UserDirs:
    """Where this user's config, data (notes, seen-state) and feed cache live. The data and
    cache directories are registered with `storage`, which refuses them when they are
    symbolic links or belong to another user (the config is only read, and may be a link)."""
    dirs = UserDirs(
        config=_absolute(platformdirs.user_config_dir(APP_NAME, appauthor=False), ".config"),
        data=_absolute(platformdirs.user_data_dir(APP_NAME, appauthor=False), ".local/share"),
        cache=_absolute(platformdirs.user_cache_dir(APP_NAME, appauthor=False), ".cache"),
    )
    storage.register_app_roots(dirs.data, dirs.cache)
    return dirs


def _absolute(found: str, xdg_default: str) -> Path:
    """A relative XDG_*_HOME is ignored, as the XDG spec says: recent platformdirs does so,
    4.3 returns it as it stands, which would put the user's files wherever the command
    happens to run. Then the spec's default under the home dir is used."""
    path = Path(found)
    if path.is_absolute():
        return path
    return Path.home() / xdg_default / APP_NAME


def data_dir() -> Path:
    """The bundled `data/` folder: inside the installed package, or beside it in a checkout."""
    installed = Path(str(importlib.resources.files("briefing"))) / "_data"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "data"


def bundled_briefing() -> Path:
    return data_dir() / BUNDLED_NAME


def bundled_schema() -> Path:
    return data_dir() / SCHEMA_NAME


def format_description() -> Path:
    """format.md: shipped in the package data, or in docs/ of a checkout."""
    installed = data_dir() / "format.md"
    if installed.is_file():
        return installed
    return Path(__file__).resolve().parents[2] / "docs" / "format.md"
