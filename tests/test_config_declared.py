"""config.toml declared as msgspec Structs: its JSON Schema (`briefing schema --config`),
the docstring of every field carried into it, and the file chosen by `--config PATH` or
BRIEFING_CONFIG (tests/test_config.py holds every way a file can be wrong)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import msgspec
import pytest

from briefing.disk import paths
from briefing.disk.config import Config, ConfigFile, FeedConfig, config_schema
from briefing.services.startup import open_target
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, run_cli

ROOT = Path(__file__).resolve().parent.parent


def readme_config() -> str:
    """The config.toml the README shows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```toml\n(default_feed.*?)```", readme, re.S)
    assert found, "the README shows a config.toml"
    return found.group(1)


def printed_schema() -> dict[str, object]:
    done = run_cli("schema", "--config")
    assert done.returncode == 0 and done.stderr == ""
    schema: dict[str, object] = json.loads(done.stdout)
    return schema


def test_the_printed_schema_is_a_json_schema_with_every_field_described():
    schema = printed_schema()
    assert schema == json.loads(json.dumps(config_schema()))
    jsonschema.Draft202012Validator.check_schema(schema)
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    for struct in (ConfigFile, FeedConfig):
        properties = defs[struct.__name__]["properties"]
        assert set(properties) == set(struct.__struct_fields__)
        for field, described in properties.items():
            assert len(described.get("description", "")) > 20, f"{struct.__name__}.{field}"


def test_the_schema_accepts_the_readmes_config_and_refuses_wrong_ones():
    validator = jsonschema.Draft202012Validator(printed_schema())
    good = tomllib.loads(readme_config())
    assert list(validator.iter_errors(good)) == []
    for wrong in (
        {**good, "timeout": 0},
        {**good, "max_mib": 129},
        {**good, "refresh": 60},  # belongs in [[feeds]]
        {**good, "feeds": [{"name": "desk", "url": "ftp://x.example/f"}]},
        {**good, "feeds": [{"url": "https://x.example/f"}]},
        {**good, "animations": "yes"},
    ):
        assert list(validator.iter_errors(wrong)), wrong


def test_the_readmes_config_is_read_as_declared():
    path = tmp_config(readme_config())
    config, note = open_config(path)
    assert note is None
    assert config.feeds == (FeedConfig("desk", "https://feeds.example.org/briefing.json", 300),)
    assert msgspec.structs.asdict(config)["default_feed"] == "desk"


def tmp_config(text: str, name: str = "chosen.toml") -> Path:
    path = Path.home() / name
    path.write_text(text, encoding="utf-8")
    return path


def open_config(path: Path) -> tuple[Config, str | None]:
    from briefing.disk.config import load_config

    return load_config(path, chosen=True)


@pytest.mark.parametrize("how", ["--config", "BRIEFING_CONFIG", "both"])
def test_the_config_file_is_chosen_by_option_or_environment(
    server: FeedServer, how: str, monkeypatch
):
    url = server.route("/chosen", Route(body=V1))
    chosen = tmp_config(f'default_feed = "c"\n[[feeds]]\nname = "c"\nurl = "{url}"\n')
    decoy = tmp_config('theme = "nord"\ntimeout = 0\n', "decoy.toml")
    args: list[str] = []
    if how in ("BRIEFING_CONFIG", "both"):
        monkeypatch.setenv("BRIEFING_CONFIG", str(decoy if how == "both" else chosen))
    if how in ("--config", "both"):
        args = ["--config", str(chosen)]
    shown = run_cli(*args, "paths")
    assert f"config                    {chosen}" in shown.stdout
    done = run_cli(*args, "refresh")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("c: feed ok · updated") and done.stderr == ""
    assert len(server.hits("/chosen")) == 1


def test_a_bad_chosen_config_is_one_line_and_the_defaults(monkeypatch):
    bad = tmp_config('theme = "nord"\ntimeout = "soon"\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(bad))
    start = open_target(None)
    assert start.config == Config() and start.origin.kind == "bundled"
    assert start.notes == [
        f"{bad}, line 2: timeout must be a number of seconds between 1 and 3600; using the defaults"
    ]
    done = run_cli("--config", str(bad), "refresh")
    assert done.returncode == 2
    first = done.stderr.splitlines()[0]
    assert first == (
        f"briefing: {bad}, line 2: timeout must be a number of seconds between 1 and 3600; "
        "using the defaults"
    )
    assert "Traceback" not in done.stderr


def test_a_chosen_config_that_does_not_exist_is_said_to_be_missing(tmp_path: Path):
    missing = tmp_path / "nowhere.toml"
    done = run_cli("--config", str(missing), "refresh")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        f"briefing: {missing}: no such config file; using the defaults"
    )
    assert "no feed is configured" in done.stderr
    assert not paths.user_dirs().config_file.exists()
