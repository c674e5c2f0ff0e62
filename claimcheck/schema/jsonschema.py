"""JSON Schema (draft 2020-12) of claim files and ``sources.yaml``, generated
from the field tables, for editors' YAML language servers."""

from __future__ import annotations

from .fields import (
    CLAIM, KINDS, PUBLISHER, RATING, RELIABILITY, REVIEW, SLUG, SOURCE, STANCE, STATUSES, TOPIC, TOPIC_RE, APPEARANCE,
    Field,
)

_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _json_type(f: Field) -> dict:
    t = f.type
    if t == "text":
        return {"type": "string", "minLength": 1}
    if t in ("id", "source-ref", "stance-ref", "claim-ref"):
        return {"type": "string", "pattern": f"^{SLUG}$"}
    if t == "topic":
        return {"type": "string", "pattern": f"^{TOPIC_RE.pattern}$"}
    if t == "date":
        return {"oneOf": [{"type": "string", "pattern": _DATE_PATTERN}, {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    if t == "url":
        return {"type": "string", "pattern": "^[hH][tT][tT][pP][sS]?://"}
    if t == "bool":
        return {"type": "boolean"}
    if t == "tags":
        return {"type": "array", "items": {"type": "string"}}
    if t == "status":
        return {"enum": list(STATUSES)}
    if t == "kind":
        return {"enum": list(KINDS)}
    if t == "reliability":
        return {"enum": list(RELIABILITY)}
    if t == "figure":
        num = {"oneOf": [{"type": "number", "minimum": 0}, {"type": "string"}]}
        return {
            "oneOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {
                        "low": num,
                        "best": {"anyOf": [num, {"type": "null"}]},
                        "high": {"anyOf": [num, {"type": "null"}], "description": "null: open above"},
                    },
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ]
        }
    if t == "ignore":
        return {"type": "object", "propertyNames": {"pattern": "^CC[0-9]{3}$"},
                "additionalProperties": {"type": "string", "minLength": 1}}
    if t == "line":
        return {"type": "integer", "minimum": 1}
    if t == "appearances":
        return {"type": "array", "items": {"$ref": "#/$defs/appearance"}}
    if t == "reviews":
        return {"type": "array", "items": {"$ref": "#/$defs/review"}}
    if t == "rating":
        return {"$ref": "#/$defs/rating"}
    if t == "number":
        return {"type": "number"}
    raise KeyError(t)


def _object(fields: dict[str, Field]) -> dict:
    props = {}
    for f in fields.values():
        sch = dict(_json_type(f))
        if f.doc:
            sch["description"] = f.doc
        if not f.required:
            sch = {"anyOf": [sch, {"type": "null"}], "description": f.doc} if f.doc else {"anyOf": [sch, {"type": "null"}]}
        props[f.name] = sch
    return {
        "type": "object",
        "properties": props,
        "required": [f.name for f in fields.values() if f.required],
        "additionalProperties": False,
    }


def json_schema(kind: str = "claims") -> dict:
    """JSON Schema for a claims file (``claims``) or ``sources.yaml`` (``sources``)."""
    base = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if kind == "claims":
        return {
            **base,
            "$id": "https://claimcheck.invalid/schema/claims.json",
            "title": "claimcheck claims file",
            "type": "object",
            "properties": {
                "topics": {
                    "type": "object",
                    "propertyNames": {"pattern": f"^{TOPIC_RE.pattern}$"},
                    "additionalProperties": {"anyOf": [{"$ref": "#/$defs/topic"}, {"type": "null"}]},
                },
                "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
            },
            "additionalProperties": False,
            "$defs": {"claim": _object(CLAIM), "appearance": _object(APPEARANCE), "review": _object(REVIEW),
                      "rating": _object(RATING), "topic": _object(TOPIC)},
        }
    if kind == "sources":
        return {
            **base,
            "$id": "https://claimcheck.invalid/schema/sources.json",
            "title": "claimcheck sources.yaml",
            "type": "object",
            "properties": {
                "stances": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": f"^{SLUG}$"},
                    "additionalProperties": {
                        "oneOf": [{"type": "string", "minLength": 1}, {"$ref": "#/$defs/stance"}]
                    },
                },
                "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
                "publisher": {"$ref": "#/$defs/publisher"},
            },
            "required": ["stances", "sources"],
            "additionalProperties": False,
            "$defs": {"source": _object(SOURCE), "stance": _object(STANCE), "publisher": _object(PUBLISHER)},
        }
    raise ValueError(kind)
