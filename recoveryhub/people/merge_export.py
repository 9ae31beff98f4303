"""Joined records in 'My data': when the person's records were joined, by whom, why, and
what came from the other record, so the join can be explained to them afterwards."""

from datetime import datetime
from html import escape

from django.utils import timezone
from fhir.resources.R4B.provenance import Provenance

from recoveryhub.core.presenters import long_date
from recoveryhub.people.export.registry import (
    Exporter,
    Section,
    reference,
    register,
    resource_id,
)

from . import merge_presenters
from .models import MergeAction, MergeRecord
from .presenters import who_did_it

DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"


@register
class JoinedRecords(Exporter):
    models = ("people.MergeRecord",)
    order = 15  # after the person's details

    def _records(self, person):
        return MergeRecord.objects.filter(kept=person).select_related("merged_by")

    def sections(self, person):
        found = []
        for record in self._records(person):
            found += [self._section(record), *self._other_plan(record)]
        return found

    def _other_plan(self, record) -> list[Section]:
        """The words of the plan on the other record, when both had one (plans/joining.py):
        as last saved; every version is kept in the join's rows."""
        from recoveryhub.plans import joining

        versions = record.rows.filter(
            model="plans.RecoveryPlanVersion", action=MergeAction.KEPT_IN_EXPLANATION
        ).values_list("details", flat=True)
        latest = max(versions, key=lambda kept: kept["number"], default=None)
        if latest is None:
            return []
        saved = long_date(timezone.localdate(datetime.fromisoformat(latest["written_at"])))
        intro = (
            f"Your other record had its own plan too. This is how it read when "
            f"{latest['written_by']} last saved it, on {saved} (version {latest['number']}; "
            f"all {len(versions)} versions are kept). Your plan above is the one in use."
        )
        rows = joining.sections_of(latest["content"])
        return [Section("The plan on your other record", rows, intro=intro, level=3)]

    def resources(self, person):
        return [self._provenance(record, person) for record in self._records(person)]

    def _provenance(self, record, person) -> Provenance:
        """FHIR's record of where data came from: a MERGE of the other record into this."""
        came = merge_presenters.what_came(record) or ["Only its details"]
        items = "".join(f"<li>{escape(line)}</li>" for line in came)
        return Provenance.model_validate(
            {
                "resourceType": "Provenance",
                "id": resource_id(record),
                "text": {
                    "status": "generated",
                    "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><ul>{items}</ul></div>',
                },
                "target": [reference(person, person.full_name)],
                "recorded": record.merged_at.isoformat(),
                "activity": {"coding": [{"system": DATA_OPERATION, "code": "MERGE"}]},
                "reason": [{"text": record.reason}],
                "agent": [{"who": {"display": self._by(record)}}],
                "entity": [
                    {
                        "role": "source",
                        "what": {
                            "identifier": {
                                "system": "urn:recoveryhub:person",
                                "value": str(record.merged_away_id),
                            },
                            "display": merge_presenters.other_record(record),
                        },
                    }
                ],
            }
        )

    def _by(self, record) -> str:
        return who_did_it(record.merged_by) if record.merged_by else record.merged_by_label

    def _section(self, record) -> Section:
        by = self._by(record)
        came = merge_presenters.what_came(record)
        taken = [merge_presenters.label(n.removesuffix("_id")) for n in record.chosen]
        return Section(
            merge_presenters.joined_note(record).removesuffix("."),
            [
                ("Your other record", merge_presenters.other_record(record)),
                ("Joined by", by),
                ("Why", record.reason),
                ("How they checked it was you", record.how_checked),
                ("What came from your other record", "; ".join(came) or "Only its details"),
                ("Details taken from your other record", ", ".join(taken) or "None"),
            ],
            intro="You had 2 records with us. Everything on both is now on this one.",
        )
