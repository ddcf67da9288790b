"""List every structural problem of a decoded JSON value against the model.

msgspec stops at the first problem; an editor fixing a feed wants all of them.
This walker follows the same Struct definitions (through `msgspec.inspect`),
so it accepts exactly the shapes the fast typed decoder accepts.
"""

from __future__ import annotations

import msgspec.inspect as mi

from briefing.format import model
from briefing.format.cells import quoted
from briefing.format.problems import Problems


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _expected(info: mi.Type) -> str:
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.StructType):
        return "an object"
    if isinstance(info, mi.ListType | mi.VarTupleType):
        return "a list"
    if isinstance(info, mi.StrType | mi.LiteralType):
        return "text"
    if isinstance(info, mi.NoneType):
        return "null"
    if isinstance(info, mi.BoolType):
        return "true/false"
    if isinstance(info, mi.UnionType):
        return " or ".join(_expected(member) for member in info.types)
    return str(info)


def check_structure(value: object, problems: Problems) -> None:
    """Add a problem for every place where `value` does not have the format's shape."""
    if isinstance(value, dict):
        fmt = value.get("format")
        if isinstance(fmt, str) and fmt != model.FORMAT and fmt.startswith("briefing/"):
            problems.add(
                "$.format",
                f"this is a {fmt} document; this version of the app reads {model.FORMAT} "
                "only — install a newer briefing to read it",
            )
            return
    _walk(value, mi.type_info(model.Briefing), "$", problems)


def _walk(value: object, info: mi.Type, path: str, problems: Problems) -> None:
    if problems.full:
        return
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        if value is None and any(isinstance(t, mi.NoneType) for t in info.types):
            return
        others = [t for t in info.types if not isinstance(t, mi.NoneType)]
        if len(others) == 1:
            _walk(value, others[0], path, problems)
            return
        problems.add(path, f"expected {_expected(info)}, got {_kind(value)}")
        return
    if isinstance(info, mi.StructType):
        if not isinstance(value, dict):
            problems.add(path, f"expected an object, got {_kind(value)}")
            return
        for field in info.fields:
            name = field.encode_name
            if name in value:
                _walk(value[name], field.type, f"{path}.{name}", problems)
            elif field.required:
                problems.add(f"{path}.{name}", "required key is missing")
        return
    if isinstance(info, mi.ListType | mi.VarTupleType):
        if not isinstance(value, list):
            problems.add(path, f"expected a list, got {_kind(value)}")
            return
        if info.min_length and len(value) < info.min_length:
            problems.add(path, f"needs at least {info.min_length} item(s), has {len(value)}")
        for index, item in enumerate(value):
            _walk(item, info.item_type, f"{path}[{index}]", problems)
            if problems.full:
                return
        return
    if isinstance(info, mi.LiteralType):
        if value not in info.values or not isinstance(value, str):
            shown = quoted(value) if isinstance(value, str) else _kind(value)
            choices = ", ".join(str(v) for v in info.values)
            problems.add(path, f"{shown} is not one of: {choices}")
        return
    if isinstance(info, mi.StrType):
        if not isinstance(value, str):
            problems.add(path, f"expected text, got {_kind(value)}")
            return
        _check_str(value, info, path, problems)
        return
    if isinstance(info, mi.NoneType):
        if value is not None:
            problems.add(path, f"expected null, got {_kind(value)}")
        return
    if isinstance(info, mi.BoolType):  # format 1.2: a deadline's `tz_assumed`
        if not isinstance(value, bool):
            problems.add(path, f"expected true/false, got {_kind(value)}")
        return
    problems.add(path, f"cannot check a value of type {info}")  # pragma: no cover


def _check_str(value: str, info: mi.StrType, path: str, problems: Problems) -> None:
    if info.max_length is not None and len(value) > info.max_length:
        problems.add(path, f"{quoted(value)} is longer than {info.max_length} characters")
    if info.min_length is not None and len(value) < info.min_length:
        problems.add(path, f"needs at least {info.min_length} characters")
