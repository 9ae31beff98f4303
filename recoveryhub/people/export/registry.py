"""Which app exports which part of a person's record.

Each app registers an `Exporter` for the models it keeps about a person: it
gives FHIR resources for the machine-readable download and summary sections
for the readable one. A model that holds nothing a person should get back is
left out with `exclude(model, reason)`. The coverage test fails for any model pointing
at people.Person that is neither, so a new feature cannot be left out.

Other apps register in an `export_parts.py` module of their own, which is
imported from every installed app the first time the registry is used.
"""

from dataclasses import dataclass, field
from importlib import import_module
from typing import ClassVar
from uuid import NAMESPACE_URL, uuid5

from django.utils.module_loading import autodiscover_modules

# Stable resource ids, so two downloads of the same record can be compared.
_ID_NAMESPACE = uuid5(NAMESPACE_URL, "urn:recoveryhub:export")


@dataclass(frozen=True)
class Section:
    """A heading and label/value rows for the readable summary (HTML and PDF)."""

    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    empty: str = "Nothing recorded."  # said instead of an empty table ("" for nothing)
    intro: str = ""
    level: int = 2  # 3 for a part of the section before it (a day of the access log)


class Exporter:
    """Subclass, list the models covered as 'app_label.ModelName', and @register it."""

    models: ClassVar[tuple[str, ...]] = ()
    order: ClassVar[int] = 100  # place in the summary: smaller comes first

    def resources(self, person) -> list:
        """FHIR R4B resources (fhir.resources models), each with an id from `resource_id`."""
        return []

    def sections(self, person) -> list[Section]:
        return []


_exporters: dict[type[Exporter], Exporter] = {}
_excluded: dict[str, str] = {}
_discovered = False


def register(cls: type[Exporter]) -> type[Exporter]:
    _exporters[cls] = cls()
    return cls


def exclude(model: str, reason: str) -> None:
    """Leave a model out of the download on purpose; the reason is for reviewers."""
    if not reason.strip():
        raise ValueError(f"Say why {model} is left out of the download")
    _excluded[model] = reason


def exporters() -> list[Exporter]:
    _discover()
    return sorted(_exporters.values(), key=lambda e: (e.order, type(e).__name__))


def summary(person) -> list[Section]:
    """Every part of the record as readable sections, in order."""
    return [section for exporter in exporters() for section in exporter.sections(person)]


def covered_models() -> set[str]:
    return {model for exporter in exporters() for model in exporter.models}


def excluded_models() -> dict[str, str]:
    _discover()
    return dict(_excluded)


def _discover() -> None:
    # On first use rather than at import, so every app is loaded by then.
    global _discovered
    if not _discovered:
        import_module("recoveryhub.people.export.people_parts")
        autodiscover_modules("export_parts")
        _discovered = True


def resource_id(obj) -> str:
    return str(uuid5(_ID_NAMESPACE, f"{obj._meta.label}/{obj.pk}"))


def reference(obj, display: str = "") -> dict:
    """A reference to another resource in the same Bundle (by its urn:uuid fullUrl)."""
    ref = {"reference": f"urn:uuid:{resource_id(obj)}"}
    if display:
        ref["display"] = display
    return ref
