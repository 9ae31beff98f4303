"""A person's whole record as a FHIR R4B Bundle of type 'collection'.

Every resource is a fhir.resources model, so it was validated when it was
made; the Bundle is validated again as a whole before it is serialised.
"""

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from .registry import exporters

MEDIA_TYPE = "application/fhir+json"


def bundle(person) -> Bundle:
    entries = []
    for exporter in exporters():
        for resource in exporter.resources(person):
            if not resource.id:
                raise ValueError(
                    f"{type(exporter).__name__} gave a {resource.get_resource_type()} "
                    "without an id: use registry.resource_id"
                )
            entries.append({"fullUrl": f"urn:uuid:{resource.id}", "resource": resource})
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": timezone.now().isoformat(),
            "entry": entries,
        }
    )


def bundle_json(person) -> str:
    return bundle(person).model_dump_json(indent=2)
