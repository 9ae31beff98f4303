"""Words for joining records: a person's details side by side, what each record holds, and
the explanation afterwards, for the service admin and for the person."""

from datetime import date

from recoveryhub.core.presenters import long_date

from . import nhs_numbers
from .models import ContactPreference, Locality, MergeAction, MergeRecord, Person

NOT_GIVEN = "Not given"
# What each kind of row is called in counts: (one, many). Kept summaries are not shown.
KINDS = {
    "core.AccessEvent": ("look at the record", "looks at the record"),
    "people.CarerLink.carer": ("person they care for", "people they care for"),
    "people.CarerLink.cared_for": ("carer", "carers"),
    "people.CarerLink": ("carer link", "carer links"),
    "people.CaseloadAssignment": ("time with a team", "times with a team"),
    "people.Invitation": ("invitation to sign in", "invitations to sign in"),
    "people.SignInLink": ("sign-in joined", "sign-ins joined"),
    "people.CarerInvitation": ("invitation to a carer", "invitations to carers"),
    "people.MergeRecord": ("earlier joined record", "earlier joined records"),
    "measures.CheckIn": ("check-in", "check-ins"),
    "measures.SafetyFlag": ("check-in answer followed up", "check-in answers followed up"),
    "measures.CheckInRequest": ("check-in asked for", "check-ins asked for"),
    "measures.ReminderSchedule": ("check-in reminder", "check-in reminders"),
    "college.Student": ("Recovery College student record", "Recovery College student records"),
    "college.Enrolment": ("Recovery College place", "Recovery College places"),
    "college.LearningPlan": ("learning plan", "learning plans"),
    "plans.RecoveryPlan": ("recovery and wellbeing plan", "recovery and wellbeing plans"),
    "plans.PositiveRiskPlan": ("positive risk-taking plan", "positive risk-taking plans"),
    "plans.Goal": ("goal", "goals"),
    "plans.RecoveryPlanVersion": ("saved version of a plan", "saved versions of a plan"),
    "plans.ReviewReminder": ("plan review reminder", "plan review reminders"),
}
HIDDEN = {"measures.OutcomeSummary", "measures.OutcomeStep", "college.ReachStudent"}


def kind_words(name: str, count: int) -> str:
    """'3 check-ins'. `name` is "app.Model" or "app.Model.field"."""
    model = name if name in KINDS else name.rsplit(".", 1)[0]
    one, many = KINDS.get(name) or KINDS.get(model) or (model, model)
    return f"{count} {one if count == 1 else many}"


def shown(person_or_value, name: str) -> str:
    """A detail as the compare page shows it."""
    value = person_or_value
    if isinstance(person_or_value, Person):
        value = getattr(person_or_value, Person._meta.get_field(name).attname)
    if value in (None, ""):
        return NOT_GIVEN
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name == "date_of_birth":
        return long_date(value if isinstance(value, date) else date.fromisoformat(value))
    if name == "nhs_number":
        return nhs_numbers.formatted(value)
    if name == "locality":
        return str(Locality.objects.filter(pk=value).first() or NOT_GIVEN)
    if name == "contact_preference":
        return ContactPreference(value).label
    return str(value)


def label(name: str) -> str:
    text = str(Person._meta.get_field(name).verbose_name)
    return text[:1].upper() + text[1:]


def record_rows(person: Person) -> list[tuple[str, str]]:
    """Who a record is, for telling two apart: name, birth, NHS number, area, record number."""
    return [
        ("Name", person.full_name),
        ("Date of birth", shown(person, "date_of_birth")),
        ("NHS number", shown(person, "nhs_number")),
        ("Area", shown(person, "locality")),
        ("Record number", str(person.pk)),
    ]


def count_rows(counts: dict) -> list[tuple[str, str, str]]:
    """(kind, kept record, other record) for each kind either record has."""
    rows = []
    for name, (kept, other) in counts.items():
        if name.rsplit(".", 1)[0] in HIDDEN:
            continue
        kind = kind_words(name, 2).split(" ", 1)[1]
        rows.append((kind[:1].upper() + kind[1:], str(kept), str(other)))
    return rows


def what_came(record: MergeRecord) -> list[str]:
    """'2 check-ins moved', 'a check-in reminder combined with ...': plain lines."""
    lines = []
    for model, actions in sorted(record.moved.items()):
        if model in HIDDEN:
            continue
        for action, count in sorted(actions.items()):
            lines.append(f"{kind_words(model, count)} {MergeAction(action).label}")
    return lines


def other_record(record: MergeRecord) -> str:
    """The merged-away record as it was: 'Patricia Jones, born 1 April 1990 (record 12)'."""
    details = record.merged_away
    parts = [details.get("full_name") or "A record"]
    if details.get("date_of_birth"):
        parts.append(f"born {shown(details['date_of_birth'], 'date_of_birth')}")
    if details.get("nhs_number"):
        parts.append(f"NHS number {nhs_numbers.formatted(details['nhs_number'])}")
    return f"{', '.join(parts)} (record {record.merged_away_id})"


def joined_note(record: MergeRecord) -> str:
    """For the person: 'Your records were joined on 7 December 2026.'"""
    return f"Your records were joined on {long_date(record.merged_at)}."
