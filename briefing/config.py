"""`config.toml`: the desk's feeds, the default one, the theme, refresh limits and keys.

An invalid file never stops the app: the problem is reported once, naming the
file and the line, and the app runs on the defaults.

    default_feed = "desk"
    theme = "textual-dark"
    timeout = 30              # seconds a refresh may take in all
    max_mib = 128             # the largest feed body accepted

    [[feeds]]
    name = "desk"
    url = "https://feeds.example.org/briefing.json"
    refresh = 300             # seconds between timed refreshes; 0 = only at start and on r

    [keys]                    # binding id = keys
    "app.search" = "ctrl+f"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from briefing.storage import Refused, read_file
from briefing.textclean import clean_display_text

DEFAULT_TIMEOUT: Final = 30.0
DEFAULT_REFRESH: Final = 300
DEFAULT_MAX_MIB: Final = 128
MAX_CONFIG_BYTES: Final = 1 << 20
"""A config.toml larger than this is refused unread (one that is /dev/zero, say)."""
_LINE: Final = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str
    refresh: int = DEFAULT_REFRESH
    """Seconds between timed refreshes; 0 turns the timer off."""


@dataclass(frozen=True)
class Config:
    feeds: tuple[FeedConfig, ...] = ()
    default_feed: str | None = None
    theme: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_MIB * 1024 * 1024
    keys: dict[str, str] = field(default_factory=dict)

    def feed(self, name: str) -> FeedConfig | None:
        return next((feed for feed in self.feeds if feed.name == name), None)


class ConfigError(ValueError):
    """What is wrong with the file, with where: 'config.toml, line 7: …'."""


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


REDACTED: Final = "***"


def redact_url(url: str) -> str:
    """`url` without the credentials it may carry (`https://user:pass@host/…` →
    `https://***@host/…`): the only form of a feed URL that is shown, logged or stored."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    if "@" not in authority:
        return url
    return f"{scheme}://{REDACTED}@{authority.rpartition('@')[2]}{slash}{path}"


def scrub(text: str, url: str) -> str:
    """`text` with the credentials of `url` (if any) replaced, wherever they appear (a
    library's error message may quote the URL)."""
    _scheme, sep, rest = url.partition("://")
    authority = rest.partition("/")[0] if sep else ""
    if "@" not in authority:
        return text
    userinfo = authority.rpartition("@")[0]
    text = text.replace(url, redact_url(url))
    for secret in {userinfo, *userinfo.split(":", 1)}:
        if len(secret) >= 4:  # a user name like "a" would blank every "a"
            text = text.replace(secret, REDACTED)
    return text


def load_config(path: Path) -> tuple[Config, str | None]:
    """The configuration in `path` (defaults when it does not exist), and a message when the
    file is invalid (then the defaults are returned)."""
    try:
        text = read_file(path, MAX_CONFIG_BYTES).decode("utf-8")
    except FileNotFoundError:
        return Config(), None
    except Refused as refused:  # a FIFO, a device, a directory: never opened, never waited on
        return Config(), clean_display_text(
            f"{path}: cannot read the config ({refused.reason}); using the defaults"
        )
    except (OSError, UnicodeDecodeError) as error:
        return Config(), clean_display_text(
            f"{path}: cannot read the config ({error}); using the defaults"
        )
    try:
        return parse_config(text, str(path)), None
    except ConfigError as error:
        return Config(), f"{clean_display_text(str(error))}; using the defaults"


def parse_config(text: str, name: str = "config.toml") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _LINE.search(message)
        if found:
            where = f"line {found.group(1)}"
            message = message[: found.start()].strip()
        elif "(at end of document)" in message:
            where = f"line {max(len(text.splitlines()), 1)} (the end of the file)"
            message = message.replace("(at end of document)", "").strip()
        else:
            where = "line ?"
        raise ConfigError(f"{name}, {where}: {message}") from None
    lines = text.splitlines()

    def fail(what: str, key: str, table: str | None = None, nth: int = 0) -> ConfigError:
        return ConfigError(f"{name}, line {_line_of(lines, key, table, nth)}: {what}")

    known = {"feeds", "default_feed", "theme", "timeout", "max_mib", "keys"}
    for key in data:
        if key not in known:
            raise fail(f"unknown setting '{key}' (known: {', '.join(sorted(known))})", key)

    feeds = []
    raw_feeds = data.get("feeds", [])
    if not isinstance(raw_feeds, list):
        raise fail("'feeds' must be a list of [[feeds]] tables", "feeds")
    for nth, raw in enumerate(raw_feeds):
        feeds.append(_feed(raw, nth, fail))
    names = [feed.name for feed in feeds]
    for nth, feed_name in enumerate(names):
        if names.index(feed_name) != nth:
            raise fail(f"two feeds are named '{feed_name}'", "name", "feeds", nth)

    default = _optional_str(data, "default_feed", fail)
    if default is not None and default not in names:
        raise fail(f"default_feed '{default}' is not the name of a [[feeds]] entry", "default_feed")
    theme = _optional_str(data, "theme", fail)
    timeout = data.get("timeout", DEFAULT_TIMEOUT)
    if (
        not isinstance(timeout, int | float)
        or isinstance(timeout, bool)
        or not 1 <= timeout <= 3600
    ):
        raise fail("timeout must be a number of seconds between 1 and 3600", "timeout")
    max_mib = data.get("max_mib", DEFAULT_MAX_MIB)
    if not isinstance(max_mib, int) or isinstance(max_mib, bool) or not 1 <= max_mib <= 128:
        raise fail("max_mib must be a whole number of MiB from 1 to 128", "max_mib")
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        raise fail('[keys] must map binding ids to key names, e.g. "app.search" = "ctrl+f"', "keys")
    return Config(
        feeds=tuple(feeds),
        default_feed=default,
        theme=theme,
        timeout=float(timeout),
        max_bytes=max_mib * 1024 * 1024,
        keys=dict(keys),
    )


def _optional_str(data: dict[str, Any], key: str, fail: Any) -> str | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise fail(f"{key} must be a non-empty string", key)
    return value


def _feed(raw: object, nth: int, fail: Any) -> FeedConfig:
    if not isinstance(raw, dict):
        raise fail("each feeds entry must be a [[feeds]] table", "feeds")
    for key in raw:
        if key not in ("name", "url", "refresh"):
            raise fail(
                f"unknown key '{key}' in [[feeds]] (known: name, url, refresh)", key, "feeds", nth
            )
    feed_name = raw.get("name")
    if not isinstance(feed_name, str) or not feed_name.strip():
        raise fail("every [[feeds]] entry needs a name", "name", "feeds", nth)
    url = raw.get("url")
    if not isinstance(url, str) or not is_url(url):
        raise fail(f"feed '{feed_name}': url must be an http or https URL", "url", "feeds", nth)
    refresh = raw.get("refresh", DEFAULT_REFRESH)
    if (
        not isinstance(refresh, int)
        or isinstance(refresh, bool)
        or not (refresh == 0 or refresh >= 10)
    ):
        raise fail(
            f"feed '{feed_name}': refresh must be 0 (off) or at least 10 seconds",
            "refresh",
            "feeds",
            nth,
        )
    return FeedConfig(name=feed_name, url=url, refresh=refresh)


def _line_of(lines: list[str], key: str, table: str | None, nth: int) -> int:
    """The 1-based line where `key` is set (in the `nth` [[table]] when given); best effort."""
    start = 0
    if table is not None:
        seen = -1
        for number, line in enumerate(lines):
            if line.strip() == f"[[{table}]]":
                seen += 1
                if seen == nth:
                    start = number
                    break
    pattern = re.compile(rf"^\s*(\[\[?)?\s*\"?{re.escape(key)}\"?\s*(=|\]\]?)")
    for number in range(start, len(lines)):
        if pattern.match(lines[number]):
            return number + 1
    return start + 1
