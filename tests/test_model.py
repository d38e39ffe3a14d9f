"""The model as data (schema.yaml) and the classes that carry it must agree."""

from __future__ import annotations

import dataclasses

import pytest

from builder.model.entities import ENTITY_CLASSES, OBJECT_CLASSES, Located
from builder.model.schema import load_schema
from tests.conftest import REPO

BOOKKEEPING = {f.name for f in dataclasses.fields(Located)} | {"owner", "anchor"}


@pytest.mark.parametrize("kind", sorted(ENTITY_CLASSES))
def test_entity_fields_match_schema(kind: str) -> None:
    schema_fields = set(load_schema().kinds[kind].fields)
    class_fields = {f.name for f in dataclasses.fields(ENTITY_CLASSES[kind])} - BOOKKEEPING
    assert class_fields == schema_fields


def test_object_fields_match_schema() -> None:
    schema = load_schema()
    for key, cls in OBJECT_CLASSES.items():
        if isinstance(key, str):
            spec_fields = set(schema.objects[key].fields)
        else:
            kind, field = key
            spec = schema.kinds[kind].fields[field]
            assert spec.items is not None
            spec_fields = set(spec.items.fields)
        assert {f.name for f in dataclasses.fields(cls)} - BOOKKEEPING == spec_fields, key


def test_reference_page_documents_every_field_and_term() -> None:
    text = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    schema = load_schema()
    missing = [name for kind in schema.kinds.values() for name in kind.fields if f"`{name}`" not in text]
    missing += [
        term
        for vocab in ("actor_kind", "relationship_type", "non_body_kind")
        for term in schema.vocabularies[vocab]
        if f"`{term}`" not in text
    ]
    assert not missing, f"document these in docs/reference.md: {missing}"
