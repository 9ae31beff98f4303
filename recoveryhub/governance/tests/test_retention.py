"""Records kept as long as the rules say (issue 13, item 7): a dry run changes nothing, the
real run does exactly what the dry run reported, and a second run does nothing."""

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.governance import retention, services
from recoveryhub.governance.models import Covers, Disposal, RetentionRecord, RetentionRule
from recoveryhub.jobs import registry
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.models import CaseloadAssignment, Person

pytestmark = pytest.mark.django_db

LONG_AGO = date(1996, 7, 31)  # more than 20 years before any day these tests run


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def by_rule(outcomes) -> dict[str, list[int]]:
    return {outcome.rule.covers: outcome.ids for outcome in outcomes}


def test_the_command_reports_ids_only_and_its_dry_run_writes_nothing(rules, world):
    pat = world.pat
    CaseloadAssignment.objects.filter(person=pat).update(
        starts_on=date(1990, 1, 1), ends_on=LONG_AGO
    )
    CheckIn.objects.filter(person=pat).delete()
    Person.objects.filter(pk=pat.pk).update(created_at=aware(date(1990, 1, 1)))

    printed = StringIO()
    call_command("apply_retention", "--dry-run", stdout=printed)
    out = printed.getvalue()
    assert "A person's health record" in out and "would anonymise" in out
    assert f"ids: {pat.pk}" in out or f", {pat.pk}" in out
    assert pat.full_name not in out and "Dry run: nothing was changed." in out
    pat.refresh_from_db()
    assert pat.full_name != retention.ANONYMISED_PERSON
    assert not RetentionRecord.objects.exists()

    call_command("apply_retention", stdout=StringIO())
    pat.refresh_from_db()
    assert pat.full_name == retention.ANONYMISED_PERSON
    printed = StringIO()
    call_command("apply_retention", stdout=printed)
    assert "did anonymise 0." in printed.getvalue()


def test_someone_still_on_a_caseload_or_recently_in_touch_is_kept(rules, world):
    pat = world.pat
    Person.objects.filter(pk=pat.pk).update(created_at=aware(date(1990, 1, 1)))
    CheckIn.objects.filter(person=pat).delete()
    today = timezone.localdate()
    rule = rules[Covers.PERSON_RECORD]
    # An open caseload assignment (no end): never due, however old.
    CaseloadAssignment.objects.filter(person=pat).update(starts_on=date(1990, 1, 1), ends_on=None)
    assert pat.pk not in retention.due(rule, today).ids
    # Ended long ago, but a check-in this year is contact.
    CaseloadAssignment.objects.filter(person=pat).update(ends_on=LONG_AGO)
    assert pat.pk in retention.due(rule, today).ids
    CheckIn.objects.create(person=pat, instrument="phq9", started_at=timezone.now())
    assert pat.pk not in retention.due(rule, today).ids
    # So is signing in to their own record.
    CheckIn.objects.filter(person=pat).delete()
    assert pat.pk in retention.due(rule, today).ids
    User.objects.filter(pk=pat.user_id).update(last_login=timezone.now())
    assert pat.pk not in retention.due(rule, today).ids


def test_nothing_is_done_without_an_active_rule_naming_it(rules, world):
    pat = world.pat
    CaseloadAssignment.objects.filter(person=pat).update(
        starts_on=date(1990, 1, 1), ends_on=LONG_AGO
    )
    CheckIn.objects.filter(person=pat).delete()
    Person.objects.filter(pk=pat.pk).update(created_at=aware(date(1990, 1, 1)))
    RetentionRule.objects.filter(covers=Covers.PERSON_RECORD).update(active=False)
    outcomes = services.apply_retention(timezone.localdate(), dry_run=False)
    assert Covers.PERSON_RECORD not in by_rule(outcomes)
    pat.refresh_from_db()
    assert pat.full_name != retention.ANONYMISED_PERSON


def test_ordinary_deletes_of_access_events_are_still_refused(rules, world):
    event = AccessEvent.objects.create(
        actor=world.clinician, person=world.pat, action=AccessAction.VIEW,
        object_type="person", object_id=str(world.pat.pk), route="/",
    )  # fmt: skip
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.filter(pk=event.pk).delete()
    # The retention path deletes only under the access log's own rule.
    with pytest.raises(PermissionError):
        retention.delete_access_events(rules[Covers.PERSON_RECORD], [event.pk])
    assert AccessEvent.objects.filter(pk=event.pk).exists()
    retention.delete_access_events(rules[Covers.ACCESS_EVENTS], [event.pk])
    assert not AccessEvent.objects.filter(pk=event.pk).exists()


def test_a_rule_allows_only_what_its_records_allow(rules):
    rule = rules[Covers.PERSON_RECORD]
    rule.disposal = Disposal.DELETE
    with pytest.raises(ValidationError, match="can only be anonymised"):
        rule.full_clean()
    rule = rules[Covers.ACCESS_EVENTS]
    rule.years = 0
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_the_rules_cite_their_source_and_run_daily_on_the_job_runner(rules):
    assert "Records Management Code of Practice" in rules[Covers.PERSON_RECORD].description
    assert rules[Covers.PERSON_RECORD].years == 20
    job = registry.get("retention")
    assert job.every.days == 1
    assert job.run() == dict.fromkeys(rules, 0)
