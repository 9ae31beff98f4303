"""The pathways' part of My data: a person's pathway to volunteering and work.

FHIR has no resources for volunteering or job search, so, as the College does, each
record is a `Basic` resource coded under `urn:recoveryhub:pathways`, with its facts as
extensions and the same words (as the person reads them) in its narrative: what they
told us about themselves, each interest they showed, each volunteering or panel placement
(its checklist, hours and payments), employment support, jobs, and interview panels.
The goals they chose are their recovery plan's, exported with the plan.
"""

from html import escape

from django.utils import timezone
from fhir.resources.R4B.basic import Basic

from recoveryhub.core.presenters import long_date
from recoveryhub.people.export.registry import Exporter, Section, reference, register, resource_id

from . import vocabulary
from .models import HoursStatus, OnboardingItem, Payment, Travel
from .pathway import pathway_of

PATHWAYS = "urn:recoveryhub:pathways"
EXTENSION = "urn:recoveryhub:pathways:"  # + the fact's name
NONE = "None given"


def _day(moment) -> str:
    return long_date(timezone.localtime(moment)) if moment else ""


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _kinds(values) -> str:
    from .models import OpportunityKind

    return ", ".join(OpportunityKind(v).label for v in values) or "Any kind"


def _times(values) -> str:
    return ", ".join(vocabulary.TIME_LABELS[v] for v in values if v in vocabulary.TIME_LABELS)


def _role(opportunity) -> str:
    return f"{opportunity.title}, {opportunity.owner_name}"


def profile_rows(profile) -> list[tuple[str, str]]:
    return [
        ("Skills you bring", ", ".join(s.name for s in profile.skills.all()) or NONE),
        ("What interests you", profile.interests or NONE),
        ("Kinds of role you would like", _kinds(profile.kinds_wanted)),
        ("When you are free", _times(profile.times) or NONE),
        ("How far you can travel", Travel(profile.travel_miles).label),
        ("You need step-free access", _yes(profile.needs_step_free)),
        ("You would rather do things from home", _yes(profile.prefers_remote)),
        ("Goals from your recovery plan", ", ".join(g.title for g in profile.goals.all()) or NONE),
        ("You share your pathway with your worker", _yes(profile.shares_with_worker)),
        ("The pathways team may suggest you for roles", _yes(profile.open_to_suggestions)),
    ]


def interest_rows(interest) -> list[tuple[str, str]]:
    rows = [
        ("Role", _role(interest.opportunity)),
        ("Sent", _day(interest.sent_at)),
        ("Status", interest.get_status_display()),
        ("How to contact you", interest.contact_by),
        ("What you wrote", interest.message or "Nothing"),
    ]
    if interest.reason:
        rows.append(("Why not this time", interest.reason))
    return rows


def placement_rows(placement) -> list[tuple[str, str]]:
    rows = [("Role", _role(placement.opportunity)), ("Status", placement.get_status_display())]
    if placement.started_on:
        rows.append(("Started", long_date(placement.started_on)))
    if placement.ended_on:
        rows.append(("Ended", f"{long_date(placement.ended_on)}: {placement.end_reason}"))
    for item in OnboardingItem.objects.filter(placement=placement).order_by("pk"):
        done = f", {long_date(item.done_on)}" if item.done_on else ""
        expires = f", renew by {long_date(item.expires_on)}" if item.expires_on else ""
        rows.append((item.label, f"{item.get_state_display()}{done}{expires}"))
    for log in placement.hours.order_by("on", "pk"):
        status = log.get_status_display()
        query = f" ({log.query})" if log.status == HoursStatus.QUERIED else ""
        rows.append(
            (f"Hours on {long_date(log.on)}",
             f"{log.minutes} minutes, {log.get_kind_display().lower()}: {status}{query}")
        )  # fmt: skip
    return rows


def payment_text(payment) -> str:
    return (
        f"{payment.get_kind_display()} of £{payment.amount_pence / 100:.2f} for {payment.what_for}"
    )


def support_rows(support) -> list[tuple[str, str]]:
    rows = [
        ("With", f"{support.specialist.display_name}, {support.team.name}"),
        ("Referred", long_date(support.referred_on)),
        ("Status", support.get_status_display()),
    ]
    if support.first_employer_contact_on:
        rows.append(
            ("First contact with an employer", long_date(support.first_employer_contact_on))
        )
    if support.benefits_advice_on:
        rows.append(("Benefits advice", long_date(support.benefits_advice_on)))
    if support.ended_on:
        rows.append(("Ended", f"{long_date(support.ended_on)}: {support.end_reason}"))
    return rows


def job_rows(job) -> list[tuple[str, str]]:
    rows = [
        ("Job", f"{job.job_title}, {job.employer}"),
        ("Hours a week", f"{job.hours_per_week.normalize():f}"),
        ("Pay", dict(vocabulary.PAY_BANDS).get(job.pay_band, job.pay_band)),
        ("Started", long_date(job.started_on)),
    ]
    if job.ended_on:
        rows.append(("Ended", f"{long_date(job.ended_on)}: {job.end_reason}"))
    if job.in_work_support:
        rows.append(("Support in work", job.in_work_support))
    return rows


def booking_text(booking) -> str:
    text = f"Panel for {booking.post} at {booking.place}: {booking.get_status_display().lower()}"
    if booking.member_debrief:
        text += f". Your debrief: {booking.member_debrief}"
    return text


def _basic(obj, code: str, display: str, rows, patient, created) -> Basic:
    body = "".join(f"<p>{escape(label)}: {escape(value)}</p>" for label, value in rows)
    return Basic.model_validate(
        {
            "resourceType": "Basic",
            "id": resource_id(obj),
            "text": {
                "status": "generated",
                "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>',
            },
            "code": {"coding": [{"system": PATHWAYS, "code": code, "display": display}]},
            "subject": patient,
            "created": created.isoformat(),
            "extension": [
                {"url": EXTENSION + label.lower().replace(" ", "-"), "valueString": value}
                for label, value in rows
            ],
        }
    )


@register
class Pathways(Exporter):
    models = (
        "pathways.PathwayProfile",
        "pathways.Interest",
        "pathways.Placement",
        "pathways.OnboardingItem",
        "pathways.HoursLog",
        "pathways.Payment",
        "pathways.EmploymentSupport",
        "pathways.JobStart",
        "pathways.PanelMember",
        "pathways.PanelBooking",
    )
    order = 60

    def resources(self, person):
        p = pathway_of(person)
        patient = reference(person, person.full_name)
        local = lambda moment: timezone.localtime(moment).date()  # noqa: E731
        found = []
        if p.profile:
            found.append(
                _basic(p.profile, "profile", "About me", profile_rows(p.profile), patient,
                       local(p.profile.updated_at))
            )  # fmt: skip
        found += [
            _basic(
                i,
                "interest",
                "Expression of interest",
                interest_rows(i),
                patient,
                local(i.sent_at),
            )
            for i in p.interests
        ]
        for placement in p.placements:
            rows = placement_rows(placement)
            rows += [("Payment", payment_text(pay)) for pay in placement.payments.all()]
            found.append(_basic(placement, "placement", "Volunteering placement", rows, patient,
                                local(placement.created_at)))  # fmt: skip
        found += [
            _basic(
                s,
                "employment-support",
                "Employment support",
                support_rows(s),
                patient,
                s.referred_on,
            )
            for s in p.supports
        ]
        found += [_basic(j, "job", "Job", job_rows(j), patient, j.started_on) for j in p.jobs]
        if p.member:
            rows = self._member_rows(p)
            found.append(_basic(p.member, "panel-member", "Interview panel member", rows, patient,
                                p.member.trained_on))  # fmt: skip
        return found

    def _member_rows(self, p) -> list[tuple[str, str]]:
        rows = [
            ("Trained", long_date(p.member.trained_on)),
            ("Refresher training due", long_date(p.member.refresher_due)),
            ("On the register", _yes(p.member.is_active)),
        ]
        rows += [(long_date(b.on), booking_text(b)) for b in p.bookings]
        payments = Payment.objects.filter(booking__member=p.member).order_by("on", "pk")
        return rows + [("Payment", payment_text(pay)) for pay in payments]

    def sections(self, person):
        p = pathway_of(person)
        payments = Payment.objects.filter(person=person).order_by("on", "pk")
        return [
            Section(
                "Your pathway to volunteering and work",
                profile_rows(p.profile) if p.profile else [],
                intro="What you told us about you, for volunteering and work.",
                empty="You have not told us about you for volunteering and work.",
            ),
            Section(
                "Interest you showed in roles",
                [
                    (_role(i.opportunity), "; ".join(f"{k}: {v}" for k, v in interest_rows(i)[1:]))
                    for i in p.interests
                ],
                empty="You have not shown interest in a role.",
            ),  # fmt: skip
            *(
                Section(f"Volunteering: {_role(pl.opportunity)}", placement_rows(pl), level=3)
                for pl in p.placements
            ),  # fmt: skip
            Section(
                "Expenses and involvement payments",
                [(long_date(pay.on), payment_text(pay)) for pay in payments],
                empty="No payments recorded for you.",
            ),  # fmt: skip
            *(
                Section(
                    f"Employment support from {long_date(s.referred_on)}", support_rows(s), level=3
                )
                for s in p.supports
            ),  # fmt: skip
            *(Section(f"Work: {j.job_title}", job_rows(j), level=3) for j in p.jobs),
            *([Section("Interview panels", self._member_rows(p))] if p.member else []),
        ]
