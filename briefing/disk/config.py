"""`config.toml`: the desk's feeds, the default one, the theme, refresh limits and keys.

An invalid file never stops the app: the problem is reported once, naming the
file and the line, and the app runs on the defaults. The file is declared, not checked
by hand: `ConfigFile` (msgspec) says each setting's type, limits, message and meaning
(its docstring, which `briefing schema --config` puts in the JSON Schema); only what a
declaration cannot say (a usable URL, unique names, a known default feed) is checked after.
The file is `--config PATH`, else BRIEFING_CONFIG, else config.toml (paths.UserDirs).

    default_feed = "desk"
    theme = "textual-dark"
    timeout = 30              # seconds a refresh may take in all
    max_mib = 128             # the largest feed body accepted
    animations = false        # true: smooth scrolling (paging over SSH is slower)

    [[feeds]]
    name = "desk"
    url = "https://feeds.example.org/briefing.json"
    refresh = 300             # seconds between timed refreshes; 0 = only at start and on r

    [keys]                    # binding id = keys
    "app.search" = "ctrl+f"
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Final, get_args, get_type_hints

import msgspec

from briefing.disk.storage import Refused, read_file
from briefing.format.textclean import clean_display_text

DEFAULT_TIMEOUT: Final = 30.0
DEFAULT_REFRESH: Final = 300
DEFAULT_MAX_MIB: Final = 128
MAX_CONFIG_BYTES: Final = 1 << 20
"""A config.toml larger than this is refused unread (one that is /dev/zero, say)."""
_LINE: Final = re.compile(r"\(at line (\d+), column (\d+)\)")


def _wrong(message: str, **constraints: Any) -> msgspec.Meta:
    """A field's constraints, with the one-line message a value breaking them gets."""
    return msgspec.Meta(**constraints, extra={"wrong": message})


_NAME = r"\S"
"""Not empty, not only spaces (msgspec searches the pattern anywhere in the value)."""


class FeedConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One `[[feeds]]` entry: a feed the desk publishes."""

    name: Annotated[str, _wrong("every [[feeds]] entry needs a name", pattern=_NAME)]
    """What the feed is called: `--feed NAME`, `default_feed` and the status line use it."""
    url: Annotated[
        str, _wrong("url must be an http or https URL", pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://")
    ]
    """The feed's http:// or https:// URL; credentials in it (`https://user:pass@host/…`)
    are sent but never shown, stored or logged."""
    refresh: Annotated[int, _wrong("refresh must be 0 (off) or at least 10 seconds", ge=0)] = (
        DEFAULT_REFRESH
    )
    """Seconds between timed refreshes; 0 turns the timer off (only at start and on r).
    At least 10 when not 0."""


class ConfigFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """config.toml as written: what `briefing schema --config` describes."""

    feeds: Annotated[
        tuple[FeedConfig, ...], _wrong("'feeds' must be a list of [[feeds]] tables")
    ] = ()
    """The desk's feeds, one `[[feeds]]` table each (name, url, refresh)."""
    default_feed: (
        Annotated[str, _wrong("default_feed must be a non-empty string", pattern=_NAME)] | None
    ) = None
    """The name of the `[[feeds]]` entry opened when no --feed is given."""
    theme: Annotated[str, _wrong("theme must be a non-empty string", pattern=_NAME)] | None = None
    """The colour theme (textual-dark, textual-light, ansi-dark …), after --theme and
    TEXTUAL_THEME."""
    timeout: Annotated[
        float, _wrong("timeout must be a number of seconds between 1 and 3600", ge=1, le=3600)
    ] = DEFAULT_TIMEOUT
    """Seconds a refresh may take in all, retries included (1 to 3600)."""
    max_mib: Annotated[
        int, _wrong("max_mib must be a whole number of MiB from 1 to 128", ge=1, le=128)
    ] = DEFAULT_MAX_MIB
    """The largest feed body accepted, in MiB (1 to 128)."""
    animations: Annotated[bool, _wrong("animations must be true or false")] = False
    """Smooth scrolling and Textual's other animations (false: a page key lands at once)."""
    keys: Annotated[
        dict[str, Any],
        _wrong('[keys] must map binding ids to key names, e.g. "app.search" = "ctrl+f"'),
    ] = msgspec.field(default_factory=dict)
    """`[keys]`: binding id = keys (`"app.search" = "ctrl+f"`); the help screen lists the
    ids. An entry that is not a string is left out with a warning."""


class Config(msgspec.Struct, frozen=True):
    """The configuration the app runs on: config.toml checked, with where it came from."""

    feeds: tuple[FeedConfig, ...] = ()
    """The `[[feeds]]` entries, in the file's order."""
    default_feed: str | None = None
    """The feed opened when no --feed is given."""
    theme: str | None = None
    """The theme asked for, if any."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds a refresh may take in all."""
    max_bytes: int = DEFAULT_MAX_MIB * 1024 * 1024
    """The largest feed body accepted (max_mib in bytes)."""
    animations: bool = False
    """Smooth scrolling and Textual's other animations (off: a page key lands at once)."""
    keys: dict[str, str] = msgspec.field(default_factory=dict)
    """`[keys]`: binding id → keys, as written (the app checks the key names)."""
    key_lines: dict[str, int] = msgspec.field(default_factory=dict)
    """The line of each `[keys]` entry in the file, for messages."""
    source: str = "config.toml"
    """The file it was read from, for messages."""
    warnings: tuple[str, ...] = ()
    """Entries left out, each one line with the file and line (the rest of the file holds)."""

    def feed(self, name: str) -> FeedConfig | None:
        return next((feed for feed in self.feeds if feed.name == name), None)


def config_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of config.toml, as TOML reads into JSON: each field
    described by its docstring above (for editors: taplo, Even Better TOML)."""
    import ast
    import inspect

    schema = msgspec.json.schema(ConfigFile)
    tree = ast.parse(inspect.getsource(inspect.getmodule(ConfigFile)))  # type: ignore[arg-type]
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name not in schema["$defs"]:
            continue
        properties = schema["$defs"][node.name]["properties"]
        for field_node, after in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(field_node, ast.AnnAssign)
                and isinstance(field_node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                text = " ".join(after.value.value.split())
                properties[field_node.target.id]["description"] = text
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "briefing config.toml",
        **schema,
    }


class ConfigError(ValueError):
    """What is wrong with the file, with where: 'config.toml, line 7: …'."""


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


MAX_URL: Final = 8000
"""The longest feed URL accepted (httpx itself stops at 65,536 characters)."""
_IPV4: Final = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
_HOST_NAME: Final = re.compile(r"[A-Za-z0-9._~-]+")


def url_problem(url: str) -> str | None:
    """What makes `url` unusable as a feed URL, in words, or None when it is usable: the one
    check of every feed URL (the command line's, config.toml's, a redirect's Location).

    It refuses what httpx refuses (a port out of range, an IPv6 literal left open, a host
    IDNA refuses, a URL too long) and what httpx would take but not mean: a control
    character, a space or an invisible character anywhere (a CR/LF included), no host, a
    `%` in the host, a port written with other digits than ASCII ones (`:٣`, `:+80`). It
    does not import httpx, so checking the config costs nothing at start."""
    if not is_url(url):
        return "only http:// and https:// URLs can be feeds"
    if len(url) > MAX_URL:
        return f"it is longer than {MAX_URL:,} characters"
    for index, char in enumerate(url):
        if char.isspace() or not char.isprintable():
            return f"it contains {_unprintable(char)} at character {index + 1}"
    authority = re.split(r"[/?#]", url.split("://", 1)[1], maxsplit=1)[0]
    host_port = authority.rpartition("@")[2]
    if host_port.startswith("["):
        literal, closed, after = host_port[1:].partition("]")
        if not closed:
            return "its IPv6 address is not closed with ]"
        try:
            ipaddress.IPv6Address(literal)
        except ValueError:
            return f"[{literal}] is not an IPv6 address"
        if after and not after.startswith(":"):
            return f"{after!r} follows the IPv6 address where only :port may"
        port = after[1:]
    else:
        if host_port.count(":") > 1:
            return "a host name cannot hold ':' (an IPv6 address goes in [ ])"
        host, _, port = host_port.partition(":")
        problem = _host_problem(host)
        if problem:
            return problem
    if port and (len(port) > 5 or not (port.isascii() and port.isdigit())):
        return f"the port {port!r} is not a number from 1 to 65535"
    if port and not 1 <= int(port) <= 65535:
        return f"the port {port} is out of range (1 to 65535)"
    return None


def _unprintable(char: str) -> str:
    if 0xDC80 <= ord(char) <= 0xDCFF:  # a byte of a command line that is not UTF-8
        return f"a byte that is not UTF-8 text (0x{ord(char) - 0xDC00:02x})"
    category = unicodedata.category(char)
    what = {"Cc": "a control character", "Zs": "a space", "Cf": "an invisible character"}.get(
        category, "a line break" if char.isspace() else "a character that cannot be shown"
    )
    return f"{what} ({char!a})"


def _host_problem(host: str) -> str | None:
    if not host:
        return "it names no host"
    if _IPV4.fullmatch(host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"{host} is not an IPv4 address"
        return None
    if host.isascii():
        if not _HOST_NAME.fullmatch(host):
            odd = next(char for char in host if not _HOST_NAME.fullmatch(char))
            return f"the host {host!r} holds {odd!r}, which no host name has"
        if "xn--" not in host.lower():
            return None
    import idna  # only for international names (httpx depends on it)

    try:
        idna.decode(idna.encode(host.lower()))
    except (idna.IDNAError, UnicodeError, ValueError) as error:
        return f"the host {host!r} is not a valid international name ({error})"
    return None


def shown_url(url: str) -> str:
    """A URL for a one-line message: without its credentials, quoted, with any control or
    invisible character escaped (`'http://h/a\\r\\nb'`)."""
    return repr(redact_url(url))


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


def load_config(path: Path, *, chosen: bool = False) -> tuple[Config, str | None]:
    """The configuration in `path` (defaults when it does not exist), and a message when the
    file is invalid (then the defaults are returned). A file `chosen` (--config,
    BRIEFING_CONFIG) that does not exist is said to be missing."""
    try:
        raw = read_file(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        if chosen:
            return Config(), clean_display_text(f"{path}: no such config file; using the defaults")
        return Config(), None
    except Refused as refused:  # a FIFO, a device, a directory: never opened, never waited on
        return Config(), clean_display_text(
            f"{path}: cannot read the config ({refused.reason}); using the defaults"
        )
    except OSError as error:
        return Config(), clean_display_text(
            f"{path}: cannot read the config ({error}); using the defaults"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        bad = raw[error.start : error.start + 1].hex()
        where = f"line {line}: not UTF-8 text: byte 0x{bad} at column {column}"
        return Config(), clean_display_text(
            f"{path}, {where} (save the file as UTF-8); using the defaults"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # the newlines read_text() gives
    try:
        return parse_config(text, str(path)), None
    except ConfigError as error:
        return Config(), f"{clean_display_text(str(error))}; using the defaults"


def parse_config(text: str, name: str = "config.toml") -> Config:
    import tomllib  # here, not at the top: a start without config.toml never needs it

    try:
        data = tomllib.loads(text)
    except RecursionError:  # `x = [[[[…]]]]` 100,000 deep: tomllib recurses per level
        raise ConfigError(f"{name}: arrays or tables are nested too deeply to read") from None
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

    try:
        declared = msgspec.convert(data, ConfigFile, strict=True)
    except msgspec.ValidationError as error:
        raise _explained(str(error), data, fail) from None
    for nth, feed in enumerate(declared.feeds):
        _check_feed(feed, nth, fail)
    names = [feed.name for feed in declared.feeds]
    for nth, feed_name in enumerate(names):
        if names.index(feed_name) != nth:
            raise fail(f"two feeds are named '{feed_name}'", "name", "feeds", nth)
    default = declared.default_feed
    if default is not None and default not in names:
        raise fail(f"default_feed '{default}' is not the name of a [[feeds]] entry", "default_feed")
    if declared.timeout != declared.timeout:  # NaN passes no comparison, and no check either
        raise fail(_wrong_of(ConfigFile, "timeout"), "timeout")
    keys, key_lines, warnings = _keys(declared.keys, lines, name)
    return Config(
        feeds=declared.feeds,
        default_feed=default,
        theme=declared.theme,
        timeout=float(declared.timeout),
        max_bytes=declared.max_mib * 1024 * 1024,
        animations=declared.animations,
        keys=keys,
        key_lines=key_lines,
        source=name,
        warnings=tuple(warnings),
    )


_WHERE: Final = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_FIELD: Final = re.compile(r"field `(.*)`$", re.S)
_STEP: Final = re.compile(r"\.(\w+)|\[(\d+)\]")


def _wrong_of(struct: type[msgspec.Struct], field: str) -> str:
    """The message declared with a field's constraints (`_wrong`)."""
    found: list[Any] = [get_type_hints(struct, include_extras=True)[field]]
    while found:
        hint = found.pop()
        for meta in getattr(hint, "__metadata__", ()):
            if isinstance(meta, msgspec.Meta) and meta.extra and "wrong" in meta.extra:
                return str(meta.extra["wrong"])
        found += get_args(hint)
    return f"{field} is not valid"  # pragma: no cover - every field declares its message


def _explained(error: str, data: dict[str, Any], fail: Callable[..., ConfigError]) -> ConfigError:
    """msgspec's ValidationError (`Expected int, got str - at $.feeds[0].refresh`) as the
    field's own message, at the line that sets it."""
    where = _WHERE.match(error)
    assert where is not None  # the pattern matches any text
    what, path = where.group("what"), where.group("path") or ""
    steps = [(key, int(index) if index else None) for key, index in _STEP.findall(path)]
    named = _FIELD.search(what)
    unknown = what.startswith("Object contains unknown field") and named is not None
    missing = what.startswith("Object missing required field") and named is not None
    if not steps:
        if unknown and named is not None:
            known = ", ".join(sorted(ConfigFile.__struct_fields__))
            return fail(f"unknown setting '{named.group(1)}' (known: {known})", named.group(1))
        field = named.group(1) if named else "?"
        return fail(_wrong_of(ConfigFile, field), field)  # pragma: no cover - msgspec says where
    top = steps[0][0]
    if top != "feeds" or len(steps) == 1:
        return fail(_wrong_of(ConfigFile, top), top)
    nth = steps[1][1] or 0
    if len(steps) == 2 and not (unknown or missing):
        return fail("each feeds entry must be a [[feeds]] table", "feeds")
    if unknown and named is not None:
        known = ", ".join(FeedConfig.__struct_fields__)
        key = named.group(1)
        return fail(f"unknown key '{key}' in [[feeds]] (known: {known})", key, "feeds", nth)
    field = named.group(1) if missing and named is not None else steps[-1][0]
    message = _wrong_of(FeedConfig, field)
    raw = data["feeds"][nth]
    feed_name = raw.get("name") if isinstance(raw, dict) else None
    if field != "name" and isinstance(feed_name, str):
        message = f"feed '{feed_name}': {message}"
    return fail(message, field, "feeds", nth)


def _check_feed(feed: FeedConfig, nth: int, fail: Callable[..., ConfigError]) -> None:
    """What the declaration cannot say: a printable name, a usable URL, no refresh of 1-9 s."""
    if not feed.name.isprintable():  # it is shown on screen and printed by the command line
        raise fail(
            f"feed {feed.name!r}: a name cannot hold control or invisible characters",
            "name",
            "feeds",
            nth,
        )
    problem = url_problem(feed.url)
    if problem:
        raise fail(
            f"feed '{feed.name}': url {shown_url(feed.url)} is not a usable feed URL: {problem}",
            "url",
            "feeds",
            nth,
        )
    if 0 < feed.refresh < 10:
        message = f"feed '{feed.name}': {_wrong_of(FeedConfig, 'refresh')}"
        raise fail(message, "refresh", "feeds", nth)


def _keys(
    raw: dict[str, Any], lines: list[str], name: str
) -> tuple[dict[str, str], dict[str, int], list[str]]:
    """`[keys]`'s entries whose value is a string, the line of each, and one warning per entry
    that is not (it is left out; the rest of the file holds). A binding id written without
    quotes (`app.quit = "x"`), which TOML reads as tables, is read as the id it spells."""
    keys: dict[str, str] = {}
    where: dict[str, int] = {}
    warnings: list[str] = []
    for ident, value in _flatten(raw):
        line = _key_line(lines, ident)
        if isinstance(value, str):
            keys[ident] = value
            where[ident] = line
            continue
        what = 'the keys must be a string, e.g. "ctrl+f" or "f,space"'
        warnings.append(
            clean_display_text(f'{name}, line {line}: [keys] "{ident}": {what}; ignored')
        )
    return keys, where, warnings


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict) and value:
            found += _flatten(value, f"{prefix}{key}.")
        else:
            found.append((f"{prefix}{key}", value))
    return found


def _key_line(lines: list[str], ident: str) -> int:
    """The 1-based line that sets `[keys]`'s entry `ident`, however it is written: quoted or
    dotted under `[keys]`, dotted from the top (`keys.app.search = …`) or under a sub-table
    (`[keys.app]` then `search = …`). Best effort: the `[keys]` line, else 1."""
    wanted = f"keys.{ident}"
    table = ""
    header_line = 0
    for number, line in enumerate(lines, 1):
        text = line.strip()
        header = _HEADER.match(text)
        if header:
            table = _dotted(header.group(1))
            if table == "keys" and not header_line:
                header_line = number
            continue
        assignment = _ASSIGNMENT.match(text)
        if assignment:
            path = _dotted(assignment.group(1))
            if f"{table}.{path}".lstrip(".") == wanted:
                return number
    return header_line or 1


_HEADER = re.compile(r"^\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_PART = r"(?:\"[^\"]*\"|'[^']*'|[\w-]+)"
_ASSIGNMENT = re.compile(rf"^({_PART}(?:\s*\.\s*{_PART})*)\s*=")


def _dotted(written: str) -> str:
    """A TOML key as written (`keys . "app.search"`) as the dotted name it stands for."""
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([\w-]+)", written)
    return ".".join(next(p for p in part if p) if any(part) else "" for part in parts)


def _line_of(lines: list[str], key: str, table: str | None, nth: int) -> int:
    """The 1-based line where `key` is set; best effort. With `table`, the key is looked for
    in the `nth` [[table]] entry only (up to the next table header): the entry's header line
    when the key is not written there, the line of `table = [...]` when the entries are
    written inline."""
    if table is None:
        return _find(lines, key, 0, len(lines)) or 1
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]\s*(#.*)?$")
    starts = [number for number, line in enumerate(lines) if header.match(line)]
    if nth >= len(starts):
        return _line_of(lines, table, None, 0)
    start = starts[nth]
    end = next(
        (n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("[")), len(lines)
    )
    return _find(lines, key, start + 1, end) or start + 1


def _find(lines: list[str], key: str, start: int, end: int) -> int | None:
    """The 1-based number of the first line in lines[start:end] that sets `key` (`key =`,
    `key.part =`, `[key]`, `[[key]]`, `[key.part]`), or None."""
    pattern = re.compile(rf"^\s*(\[\[?)?\s*\"?{re.escape(key)}\"?\s*(=|\]|\.)")
    return next((n + 1 for n in range(start, end) if pattern.match(lines[n])), None)
