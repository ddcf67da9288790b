"""The JSON Schema agrees with the validator on the same valid and invalid samples."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from briefing.disk import paths
from briefing.format.load import load_bytes
from briefing.format.problems import BriefingError
from briefing.format.schema import json_schema, schema_text


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def app_accepts(data: Any) -> bool:
    try:
        load_bytes(json.dumps(data).encode())
    except BriefingError:
        return False
    return True


def test_the_shipped_schema_is_what_briefing_schema_prints():
    assert paths.bundled_schema().read_text(encoding="utf-8") == schema_text()
    assert json.loads(schema_text())["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_valid_documents_pass_both(validator, sample_raw):
    assert app_accepts(sample_raw)
    assert validator.is_valid(sample_raw)
    bundled = json.loads(paths.bundled_briefing().read_text(encoding="utf-8"))
    assert app_accepts(bundled)
    assert validator.is_valid(bundled)


STRUCTURAL = {
    "missing format": lambda d: d.pop("format"),
    "other format": lambda d: d.__setitem__("format", "briefing/2"),
    "title not text": lambda d: d.__setitem__("title", 3),
    "bad id": lambda d: d["parties"][0].__setitem__("id", "Has Space"),
    "short too long": lambda d: d["parties"][0].__setitem__("short", "1234567"),
    "no parties": lambda d: d.__setitem__("parties", []),
    "status enum": lambda d: d["clauses"][0].__setitem__("status", "maybe"),
    "stance enum": lambda d: d["clauses"][0]["positions"][0].__setitem__("stance", "meh"),
    "kind enum": lambda d: d["deadlines"][0]["history"][0].__setitem__("kind", "extended"),
    "precision enum": lambda d: d["deadlines"][0]["history"][0].__setitem__("precision", "week"),
    "no versions": lambda d: d["clauses"][0].__setitem__("versions", []),
    "version text number": lambda d: d["clauses"][0]["versions"][0].__setitem__("text", 1),
    "missing version text": lambda d: d["clauses"][0]["versions"][0].pop("text"),
    "position without sources": lambda d: d["clauses"][0]["positions"][0].__setitem__(
        "sources", []
    ),
    "date without offset": lambda d: d.__setitem__("updated", "2025-11-23T20:00:00"),
    "updated is a bare date": lambda d: d.__setitem__("updated", "2025-11-23"),
    "slashed date": lambda d: d["events"][0].__setitem__("at", "2025/11/18"),
    "ftp url": lambda d: d["sources"][0].__setitem__("url", "ftp://x.org/"),
    "clauses not a list": lambda d: d.__setitem__("clauses", "none"),
    "history empty": lambda d: d["deadlines"][0].__setitem__("history", []),
}

# Rules JSON Schema cannot state; the schema's description lists them.
SEMANTIC = {
    "dangling party": lambda d: d["clauses"][0]["positions"][0].__setitem__("party", "nato2"),
    "duplicate clause id": lambda d: d["clauses"].append(copy.deepcopy(d["clauses"][0])),
    "not a calendar day": lambda d: d["sources"][0].__setitem__("published", "2025-02-30"),
    "unknown time zone": lambda d: d["deadlines"][0].__setitem__("tz", "Mars/Base"),
    "history starts with moved": lambda d: d["deadlines"][0]["history"][0].__setitem__(
        "kind", "moved"
    ),
    "no speaker": lambda d: d["quotes"][0].pop("speaker"),
}


@pytest.mark.parametrize("case", sorted(STRUCTURAL))
def test_structural_problems_fail_both(validator, sample_raw, case):
    STRUCTURAL[case](sample_raw)
    assert not app_accepts(sample_raw)
    assert not validator.is_valid(sample_raw)


@pytest.mark.parametrize("case", sorted(SEMANTIC))
def test_semantic_problems_fail_the_validator_and_are_documented_in_the_schema(
    validator, sample_raw, case
):
    SEMANTIC[case](sample_raw)
    assert not app_accepts(sample_raw)
    assert validator.is_valid(sample_raw)  # beyond what JSON Schema can express…
    description = json_schema()["description"]  # …so the schema says so
    for rule in ("unique", "reference", "calendar", "time zone", "'set'", "speaker"):
        assert rule in description


def test_unknown_keys_are_allowed_by_both(validator, sample_raw):
    sample_raw["extra"] = True
    sample_raw["clauses"][0]["new_field"] = [1]
    assert app_accepts(sample_raw)
    assert validator.is_valid(sample_raw)
