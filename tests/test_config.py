"""config.toml: what is read from it, and every way it can be wrong.

An invalid file never stops the app: `load_config` gives the defaults and one message that
names the file, the line and what is wrong.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from briefing.disk import paths
from briefing.disk.config import (
    DEFAULT_MAX_MIB,
    DEFAULT_REFRESH,
    DEFAULT_TIMEOUT,
    Config,
    ConfigError,
    FeedConfig,
    load_config,
    parse_config,
    redact_url,
    scrub,
)
from briefing.services.startup import open_target

KNOWN = "known: animations, default_feed, feeds, keys, max_mib, theme, timeout"
DESK = '[[feeds]]\nname = "desk"\nurl = "https://feeds.example.org/desk.json"\n'
"""One valid feed, lines 1-3."""


def write_config(text: str | bytes) -> Path:
    path = paths.user_dirs().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- what a valid file gives --------------------------------------------------------------


def test_no_file_is_the_defaults_without_a_message():
    assert not paths.user_dirs().config_file.exists()
    assert load_config(paths.user_dirs().config_file) == (Config(), None)
    assert (Config().timeout, Config().max_bytes) == (DEFAULT_TIMEOUT, DEFAULT_MAX_MIB << 20)


def test_every_setting_is_read():
    path = write_config(
        'default_feed = "desk"\n'
        'theme = "nord"\n'
        "timeout = 12.5\n"
        "max_mib = 8\n"
        + DESK
        + '[[feeds]]\nname = "wire"\nurl = "http://wire.example.org/f"\nrefresh = 0\n'
        + '[keys]\n"app.search" = "ctrl+f"\n'
    )
    config, message = load_config(path)
    assert message is None
    search_line = path.read_text().splitlines().index('"app.search" = "ctrl+f"') + 1
    desk = FeedConfig("desk", "https://feeds.example.org/desk.json", DEFAULT_REFRESH)
    wire = FeedConfig("wire", "http://wire.example.org/f", 0)
    assert config == Config(
        feeds=(desk, wire),
        default_feed="desk",
        theme="nord",
        timeout=12.5,
        max_bytes=8 * 1024 * 1024,
        keys={"app.search": "ctrl+f"},
        key_lines={"app.search": search_line},
        source=str(path),
    )
    assert (config.feed("wire"), config.feed("nowhere")) == (wire, None)


@pytest.mark.parametrize(
    ("setting", "read"),
    [
        ("timeout = 1", Config(timeout=1.0)),
        ("timeout = 3600", Config(timeout=3600.0)),
        ("max_mib = 1", Config(max_bytes=1 << 20)),
        ("max_mib = 128", Config(max_bytes=128 << 20)),
        (
            '[[feeds]]\nname = "a"\nurl = "HTTPS://A.EXAMPLE/"\nrefresh = 10',
            Config(feeds=(FeedConfig("a", "HTTPS://A.EXAMPLE/", 10),)),
        ),
    ],
)
def test_the_limits_themselves_are_accepted(setting, read):
    assert parse_config(setting + "\n") == read


# -- every way it can be wrong ------------------------------------------------------------

WRONG = [
    # (id, file, line, what is wrong)
    ("toml-syntax", 'theme = "nord"\ntimeout = \n', "2", "Invalid value"),
    ("toml-duplicate", 'theme = "nord"\ntheme = "x"\n', "2", "Cannot overwrite a value"),
    ("toml-ends-early", 'theme = "nord"\nfeeds = [\n', "2 (the end of the file)", "Invalid value"),
    ("unknown-setting", 'theme = "nord"\nrefresh = 60\n', "2", f"unknown setting 'refresh' ({KNOWN})"),
    ("unknown-table", 'theme = "nord"\n\n[colours]\nx = 1\n', "3", f"unknown setting 'colours' ({KNOWN})"),
    ("feeds-not-a-list", 'theme = "nord"\nfeeds = "desk"\n', "2", "'feeds' must be a list of [[feeds]] tables"),
    ("feeds-a-table", "[feeds]\nname = 'desk'\n", "1", "'feeds' must be a list of [[feeds]] tables"),
    ("feed-not-a-table", 'feeds = ["https://a.example/f"]\n', "1", "each feeds entry must be a [[feeds]] table"),
    ("feed-unknown-key", DESK + "interval = 60\n", "4", "unknown key 'interval' in [[feeds]] (known: name, url, refresh)"),
    ("feed-no-name", '[[feeds]]\nurl = "https://a.example/f"\n', "1", "every [[feeds]] entry needs a name"),
    ("feed-blank-name", '[[feeds]]\nname = " "\nurl = "https://a.example/f"\n', "2", "every [[feeds]] entry needs a name"),
    ("feed-name-number", '[[feeds]]\nname = 7\nurl = "https://a.example/f"\n', "2", "every [[feeds]] entry needs a name"),
    ("feed-no-url", '[[feeds]]\nname = "desk"\n', "1", "feed 'desk': url must be an http or https URL"),
    ("feed-url-number", DESK.replace('"https://feeds.example.org/desk.json"', "42"), "3", "feed 'desk': url must be an http or https URL"),
    ("feed-url-ftp", DESK.replace("https:", "ftp:"), "3", "feed 'desk': url must be an http or https URL"),
    ("feed-url-no-scheme", DESK.replace("https://", ""), "3", "feed 'desk': url must be an http or https URL"),
    ("feed-refresh-text", DESK + 'refresh = "5m"\n', "4", "feed 'desk': refresh must be 0 (off) or at least 10 seconds"),
    ("feed-refresh-bool", DESK + "refresh = true\n", "4", "feed 'desk': refresh must be 0 (off) or at least 10 seconds"),
    ("feed-refresh-float", DESK + "refresh = 60.0\n", "4", "feed 'desk': refresh must be 0 (off) or at least 10 seconds"),
    ("feed-refresh-9", DESK + "refresh = 9\n", "4", "feed 'desk': refresh must be 0 (off) or at least 10 seconds"),
    ("feed-refresh-negative", DESK + "refresh = -1\n", "4", "feed 'desk': refresh must be 0 (off) or at least 10 seconds"),
    ("feeds-same-name", DESK + DESK.replace("desk.json", "other.json"), "5", "two feeds are named 'desk'"),
    ("default-feed-number", "default_feed = 1\n" + DESK, "1", "default_feed must be a non-empty string"),
    ("default-feed-empty", 'default_feed = ""\n' + DESK, "1", "default_feed must be a non-empty string"),
    ("default-feed-unknown", 'default_feed = "wire"\n' + DESK, "1", "default_feed 'wire' is not the name of a [[feeds]] entry"),
    ("default-feed-no-feeds", 'theme = "nord"\ndefault_feed = "desk"\n', "2", "default_feed 'desk' is not the name of a [[feeds]] entry"),
    ("theme-number", 'default_feed = "desk"\ntheme = 1\n' + DESK, "2", "theme must be a non-empty string"),
    ("theme-blank", 'theme = "  "\n', "1", "theme must be a non-empty string"),
    ("timeout-text", 'theme = "nord"\ntimeout = "soon"\n', "2", "timeout must be a number of seconds between 1 and 3600"),
    ("timeout-bool", "timeout = true\n", "1", "timeout must be a number of seconds between 1 and 3600"),
    ("timeout-0", "timeout = 0\n", "1", "timeout must be a number of seconds between 1 and 3600"),
    ("timeout-half", "timeout = 0.5\n", "1", "timeout must be a number of seconds between 1 and 3600"),
    ("timeout-3601", "timeout = 3601\n", "1", "timeout must be a number of seconds between 1 and 3600"),
    ("timeout-nan", "timeout = nan\n", "1", "timeout must be a number of seconds between 1 and 3600"),
    ("timeout-inf", "timeout = inf\n", "1", "timeout must be a number of seconds between 1 and 3600"),
    ("max-mib-text", 'theme = "nord"\nmax_mib = "8"\n', "2", "max_mib must be a whole number of MiB from 1 to 128"),
    ("max-mib-float", "max_mib = 8.0\n", "1", "max_mib must be a whole number of MiB from 1 to 128"),
    ("max-mib-bool", "max_mib = true\n", "1", "max_mib must be a whole number of MiB from 1 to 128"),
    ("max-mib-0", "max_mib = 0\n", "1", "max_mib must be a whole number of MiB from 1 to 128"),
    ("max-mib-129", "max_mib = 129\n", "1", "max_mib must be a whole number of MiB from 1 to 128"),
    ("keys-not-a-table", 'theme = "nord"\nkeys = "ctrl+f"\n', "2", '[keys] must map binding ids to key names, e.g. "app.search" = "ctrl+f"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "what"), [c[1:] for c in WRONG], ids=[c[0] for c in WRONG]
)
def test_a_wrong_file_is_named_with_its_line_and_the_defaults_are_used(text, line, what):
    path = write_config(text)
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "my.toml")
    assert str(raised.value) == f"my.toml, line {line}: {what}"
    assert load_config(path) == (Config(), f"{path}, line {line}: {what}; using the defaults")


def test_the_app_starts_on_the_defaults_with_the_message_to_show():
    path = write_config('theme = "nord"\ntimeout = "soon"\n')
    startup = open_target(None)
    assert startup.config == Config()
    assert startup.notes == [
        f"{path}, line 2: timeout must be a number of seconds between 1 and 3600; using the defaults"
    ]
    assert startup.target is None and startup.origin.kind == "bundled"


def test_control_characters_in_what_is_quoted_are_made_harmless():
    path = write_config('"red\\u001b[31m" = 1\n')
    assert load_config(path) == (
        Config(),
        f"{path}, line 1: unknown setting 'red\ufffd[31m' ({KNOWN}); using the defaults",
    )


def test_a_toml_error_without_a_place_is_still_named(monkeypatch):
    """tomllib always says where; should a version not, the line is given as unknown."""

    def fails(_text: str) -> dict[str, object]:
        raise tomllib.TOMLDecodeError("Something odd")

    monkeypatch.setattr(tomllib, "loads", fails)
    with pytest.raises(ConfigError, match=r"^config\.toml, line \?: Something odd$"):
        parse_config('theme = "nord"\n')


def test_a_config_that_is_not_utf8_is_named_with_the_line_and_the_defaults_are_used():
    path = write_config('theme = "nord"\n# caf\xe9, saved as Latin-1\n'.encode("latin-1"))
    assert load_config(path) == (
        Config(),
        f"{path}, line 2: not UTF-8 text: byte 0xe9 at column 6 (save the file as UTF-8); "
        "using the defaults",
    )


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends_read_as_before(newline):
    path = write_config(newline.join(['theme = "nord"', "timeout = 0", ""]))
    assert load_config(path) == (
        Config(),
        f"{path}, line 2: timeout must be a number of seconds between 1 and 3600; "
        "using the defaults",
    )


def test_a_config_that_cannot_be_read_is_named_and_the_defaults_are_used():
    path = paths.user_dirs().config_file
    path.mkdir(parents=True)  # a directory where the file should be
    assert load_config(path) == (
        Config(),
        f"{path}: cannot read the config (it is a directory, not a file); using the defaults",
    )


# -- feed URLs with credentials -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://ann:s3cret@feeds.example.org/f?x=1", "https://***@feeds.example.org/f?x=1"),
        ("http://token@feeds.example.org", "http://***@feeds.example.org"),
        ("https://a@b:c@feeds.example.org/f", "https://***@feeds.example.org/f"),
        ("https://feeds.example.org/user@host", "https://feeds.example.org/user@host"),
        ("https://feeds.example.org/f", "https://feeds.example.org/f"),
        ("ann:s3cret@feeds.example.org/f", "ann:s3cret@feeds.example.org/f"),
    ],
)
def test_redact_url_hides_only_the_credentials(url, shown):
    assert redact_url(url) == shown


def test_scrub_hides_the_url_and_each_credential_of_four_characters_or_more():
    url = "https://ann:s3cret@feeds.example.org/f"
    said = f"GET {url} failed: user ann, password s3cret rejected"
    assert scrub(said, url) == (
        "GET https://***@feeds.example.org/f failed: user ann, password *** rejected"
    )
    assert scrub("token s3cret!", "https://s3cret@h.example/") == "token ***!"


@pytest.mark.parametrize("url", ["https://feeds.example.org/f", "feeds.example.org/s3cret"])
def test_scrub_leaves_text_alone_when_the_url_has_no_credentials(url):
    said = f"GET {url} failed: s3cret"
    assert scrub(said, url) == said


# -- the line named is the line of the wrong thing ----------------------------------------

WHERE = [
    # (id, file, line, what is wrong)
    ("no-name-then-a-named-feed", '[[feeds]]\nurl = "https://a.example/f"\n\n' + DESK, "1",
     "every [[feeds]] entry needs a name"),
    ("no-url-then-a-feed-with-one", '[[feeds]]\nname = "a"\n\n' + DESK, "1",
     "feed 'a': url must be an http or https URL"),
    ("header-with-a-comment", DESK + '[[feeds]]  # the wire\nname = "desk"\nurl = "https://b.example/f"\n', "5",
     "two feeds are named 'desk'"),
    ("inline-feeds", 'theme = "nord"\n\nfeeds = [\n  {url = "https://a.example/f"},\n]\n', "3",
     "every [[feeds]] entry needs a name"),
    ("inline-feed-unknown-key",
     'theme = "nord"\nfeeds = [{name = "a", url = "https://a.example/f", every = 60}]\n', "2",
     "unknown key 'every' in [[feeds]] (known: name, url, refresh)"),
    ("dotted-unknown", 'theme = "nord"\ncolours.fg = "red"\n', "2",
     f"unknown setting 'colours' ({KNOWN})"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "what"), [c[1:] for c in WHERE], ids=[c[0] for c in WHERE]
)
def test_the_line_named_is_in_the_entry_or_table_that_is_wrong(text, line, what):
    """Not the same key in the next [[feeds]] entry, not line 1 for a table written inline
    or with a dotted name."""
    with pytest.raises(ConfigError) as raised:
        parse_config(text)
    assert str(raised.value) == f"config.toml, line {line}: {what}"


# -- [keys] entries that are not key names --------------------------------------------------

NOT_A_STRING = 'the keys must be a string, e.g. "ctrl+f" or "f,space"; ignored'


@pytest.mark.parametrize(
    ("text", "ident", "line"),
    [
        ('theme = "nord"\n[keys]\n"app.search" = 6\n', "app.search", 3),
        ('[keys]\n"app.search" = ["ctrl+f"]\n', "app.search", 2),
        ('theme = "nord"\nkeys.search = 1\n', "search", 2),
        ('keys."app.help" = 3\n', "app.help", 1),
    ],
    ids=["number", "list", "dotted-key", "quoted-dotted-key"],
)
def test_a_keys_entry_that_is_not_a_string_is_left_out_and_named(text, ident, line):
    """Only that entry is dropped, with its own line; the rest of the file holds."""
    config = parse_config(
        text + '[[feeds]]\nname = "desk"\nurl = "https://d.example.org/f"\n', "my.toml"
    )
    assert config.keys == {} and [feed.name for feed in config.feeds] == ["desk"]
    assert config.warnings == (f'my.toml, line {line}: [keys] "{ident}": {NOT_A_STRING}',)


@pytest.mark.parametrize(
    "text",
    [
        '[keys]\n"app.search" = "ctrl+f"\n',
        "[keys]\n'app.search' = \"ctrl+f\"\n",
        '[keys]\napp.search = "ctrl+f"\n',
        'keys."app.search" = "ctrl+f"\n',
        'theme = "nord"\n\n[keys.app]\nsearch = "ctrl+f"\n',
    ],
    ids=["quoted", "single-quoted", "dotted", "dotted-from-the-top", "sub-table"],
)
def test_each_way_of_writing_a_key_is_read_with_its_line(text):
    config = parse_config(text)
    written = next(n for n, line in enumerate(text.splitlines(), 1) if "ctrl+f" in line)
    assert config.keys == {"app.search": "ctrl+f"} and config.warnings == ()
    assert config.key_lines == {"app.search": written}


def test_animations_is_a_boolean_and_off_by_default():
    assert parse_config("").animations is False
    assert parse_config("animations = true\n").animations is True
    with pytest.raises(ConfigError, match=r"line 1: animations must be true or false"):
        parse_config('animations = "yes"\n')
