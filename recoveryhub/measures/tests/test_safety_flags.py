"""Safety flags: a risk answer reaches the named worker's and the team's home page and
caseload at once, stays until a worker says what was done, and that is kept and audited.
The person and their carer see crisis help, each in their own words."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures import catalogue
from recoveryhub.measures.models import CheckIn, SafetyFlag
from recoveryhub.people.models import CaseloadAssignment, Person

from .test_check_in_views import do_check_in

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
CASELOAD = reverse("people:caseload")

# (instrument, the risk item's number on the form, an answer that raises a flag)
RULES = [("phq9", 9, 1), ("core10", 6, 2)]


def answers(code, number=None, value=0):
    items = catalogue.get(code).items
    return [value if n == number else item.min_value for n, item in enumerate(items, 1)]


def body_for(client, sign_in, user, url):
    client.logout()
    sign_in(client, user)
    response = client.get(url)
    assert_good_page(response)
    return response.content.decode()


def flag_page(flag):
    return reverse("measures:flag", args=[flag.pk])


@pytest.mark.parametrize(("code", "number", "value"), RULES)
def test_a_risk_answer_reaches_the_team_until_acknowledged(
    client, sign_in, world, code, number, value
):
    sign_in(client, world.pat_user)
    check_in = do_check_in(client, code, answers(code, number, value))
    flag = SafetyFlag.objects.get()
    assert (flag.person, flag.check_in, flag.acknowledged_at) == (world.pat, check_in, None)
    assert flag.item == catalogue.get(code).items[number - 1].code
    assert flag.raised_at == check_in.completed_at

    # The named worker (Rory) and another worker on the team (Priya) see it at once.
    body = body_for(client, sign_in, world.recovery_coach, HOME)
    assert "Safety flags to act on" in body and flag_page(flag) in body
    assert "Pat Jones</a> (you are the named worker)" in body  # listed by the name in use
    assert "open for less than an hour" in body
    body = body_for(client, sign_in, world.peer_worker, HOME)
    assert flag_page(flag) in body and "named worker" not in body
    for worker in (world.recovery_coach, world.peer_worker):
        body = body_for(client, sign_in, worker, CASELOAD)
        assert "Open</strong> for less than an hour" in body and flag_page(flag) in body
    # Nobody off the team does.
    for outsider in (world.clinician, world.manager, world.carer_user, world.pat_user):
        assert flag_page(flag) not in body_for(client, sign_in, outsider, HOME)

    # It stays, and says how long it has waited.
    SafetyFlag.objects.filter(pk=flag.pk).update(raised_at=timezone.now() - timedelta(days=3))
    assert "open for 3 days" in body_for(client, sign_in, world.peer_worker, HOME)
    assert "for 3 days" in body_for(client, sign_in, world.peer_worker, CASELOAD)

    # A worker says what was done: kept, audited, and gone from every home page.
    response = client.post(flag_page(flag), {"what_was_done": "Rang Pat; safety plan agreed."})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.acknowledged_by == world.peer_worker
    assert flag.what_was_done == "Rang Pat; safety plan agreed."
    assert flag.acknowledged_at is not None
    event = AccessEvent.objects.get(action="change", object_type="safety flag")
    assert (event.actor, event.person, event.object_id) == (
        world.peer_worker,
        world.pat,
        str(flag.pk),
    )
    body = body_for(client, sign_in, world.peer_worker, flag_page(flag))
    assert "Rang Pat; safety plan agreed." in body and "Acknowledged by Priya Peer" in body
    for worker in (world.recovery_coach, world.peer_worker):
        assert "Safety flags to act on" not in body_for(client, sign_in, worker, HOME)
        assert "Open</strong>" not in body_for(client, sign_in, worker, CASELOAD)


@pytest.mark.parametrize(("code", "number", "value"), RULES)
def test_the_lowest_answer_raises_no_flag(client, sign_in, world, code, number, value):
    sign_in(client, world.pat_user)
    do_check_in(client, code, answers(code))
    assert not SafetyFlag.objects.exists()


def test_a_check_in_recorded_by_a_worker_raises_the_flag_too(client, sign_in, world):
    sign_in(client, world.peer_worker)
    start = reverse("measures:person_start", args=[world.pat.pk, "phq9"])
    do_check_in(client, "phq9", answers("phq9", 9, 3), start, {"recorded_as": "on_behalf"})
    assert SafetyFlag.objects.get().value == 3


def test_a_flag_is_raised_with_its_check_in_or_not_at_all(client, sign_in, world, monkeypatch):
    from recoveryhub.measures import flags

    def broken(check_in):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(flags, "raise_for", broken)
    sign_in(client, world.pat_user)
    client.post(reverse("measures:start", args=["phq9"]))
    check_in = CheckIn.objects.get()
    for number, value in enumerate(answers("phq9", 9, 2), start=1):
        client.post(reverse("measures:question", args=[check_in.pk, number]), {"answer": value})
    client.raise_request_exception = False
    assert client.post(reverse("measures:check", args=[check_in.pk])).status_code == 500
    check_in.refresh_from_db()
    assert check_in.status == "draft" and not SafetyFlag.objects.exists()


# What each reader of the result sees ----------------------------------------------


def flagged_check_in(client, sign_in, world):
    sign_in(client, world.pat_user)
    return do_check_in(client, "phq9", answers("phq9", 9, 3))


def test_the_person_is_told_who_will_see_it_when_and_what_to_do_now(client, sign_in, world):
    check_in = flagged_check_in(client, sign_in, world)
    body = body_for(
        client, sign_in, world.pat_user, reverse("measures:result", args=[check_in.pk])
    )
    assert "Your named worker and your team will see your answer on their next working day" in body
    assert "Check-ins are not watched all the time" in body
    assert "<strong>999</strong>" in body
    assert "<strong>NHS 111</strong> and choose <strong>option 2</strong>" in body
    assert "Samaritans free on <strong>116 123</strong>" in body
    assert "Review safety with" not in body and reverse("measures:flag", args=[1]) not in body


def test_someone_with_no_team_is_told_nobody_will_see_it(client, sign_in, world):
    CaseloadAssignment.objects.filter(person=world.pat).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    check_in = flagged_check_in(client, sign_in, world)
    body = body_for(
        client, sign_in, world.pat_user, reverse("measures:result", args=[check_in.pk])
    )
    assert "nobody will see this answer" in body and "will see your answer" not in body
    assert "<strong>999</strong>" in body


def test_a_carer_sees_crisis_help_not_staff_guidance_or_words_for_pat(client, sign_in, world):
    world.carer_link.shares_check_ins = True
    world.carer_link.save()
    check_in = flagged_check_in(client, sign_in, world)
    body = body_for(
        client, sign_in, world.carer_user, reverse("measures:result", args=[check_in.pk])
    )
    assert "If Pat needs help now" in body
    assert "Pat's named worker and team will see this answer on their next working day" in body
    assert "<strong>999</strong>" in body and "<strong>116 123</strong>" in body
    assert "option 2" in body and "not watched all the time" in body
    assert "Review safety with" not in body and "not a judgement of risk" not in body
    assert "talk with your worker or GP" not in body.lower()  # the band's words are Pat's
    assert "/flags/" not in body


def test_a_worker_sees_the_staff_prompt_the_flag_and_crisis_help(client, sign_in, world):
    check_in = flagged_check_in(client, sign_in, world)
    flag = SafetyFlag.objects.get()
    body = body_for(
        client, sign_in, world.peer_worker, reverse("measures:result", args=[check_in.pk])
    )
    assert "Review safety with Pat" in body and "Safety flag open</strong> for" in body
    assert flag_page(flag) in body and "<strong>999</strong>" in body
    assert "talk with your worker or GP" not in body.lower()


def test_the_crisis_numbers_and_words_are_the_trusts_settings(client, sign_in, world, settings):
    settings.CRISIS_SAMARITANS_NUMBER = "0800 123 456"
    settings.CRISIS_NHS_111_OPTION = "3"
    settings.SAFETY_FLAG_SEEN_WHEN = "within 1 working day"
    check_in = flagged_check_in(client, sign_in, world)
    body = body_for(
        client, sign_in, world.pat_user, reverse("measures:result", args=[check_in.pk])
    )
    assert "<strong>0800 123 456</strong>" in body and "<strong>option 3</strong>" in body
    assert "will see your answer within 1 working day" in body


@pytest.mark.parametrize("raw", ["", "  "])
def test_phone_settings_fall_back_when_empty(monkeypatch, raw):
    from recoveryhub.config.env import env_phone

    monkeypatch.setenv("CRISIS_SAMARITANS_NUMBER", raw)
    assert env_phone("CRISIS_SAMARITANS_NUMBER", "116 123") == "116 123"


@pytest.mark.parametrize("raw", ["116-123", "call us", "12", "1" * 16, "116 123; <b>"])
def test_phone_settings_refuse_junk(monkeypatch, raw):
    from django.core.exceptions import ImproperlyConfigured

    from recoveryhub.config.env import env_phone

    monkeypatch.setenv("CRISIS_SAMARITANS_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match="CRISIS_SAMARITANS_NUMBER"):
        env_phone("CRISIS_SAMARITANS_NUMBER", "116 123")


# Acknowledging: allowed, denied, bad input -----------------------------------------


@pytest.fixture
def flag(client, sign_in, world):
    flagged_check_in(client, sign_in, world)
    client.logout()
    return SafetyFlag.objects.get()


def test_the_flag_page_is_a_good_page_and_its_reading_is_logged(client, sign_in, world, flag):
    sign_in(client, world.recovery_coach)
    facts = assert_good_page(client.get(flag_page(flag)))
    assert facts.h1s == ["Safety flag: Pat Jones"]
    assert AccessEvent.objects.filter(
        action="view", object_type="safety flag", actor=world.recovery_coach
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter what was done"),
        ({"what_was_done": "   "}, "Enter what was done"),
        ({"what_was_done": "x" * 2001}, "What was done must be 2000 characters or fewer"),
    ],
)
def test_bad_input_says_what_is_wrong_and_keeps_nothing(
    client, sign_in, world, flag, data, message
):
    sign_in(client, world.peer_worker)
    response = client.post(flag_page(flag), data)
    facts = assert_good_page(response, 400)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert facts.error_summary_links == ["#id_what_was_done"]
    flag.refresh_from_db()
    assert flag.acknowledged_at is None and flag.what_was_done == ""
    assert not AccessEvent.objects.filter(action="change", object_type="safety flag").exists()


def test_an_acknowledgement_is_never_overwritten(client, sign_in, world, flag):
    sign_in(client, world.peer_worker)
    client.post(flag_page(flag), {"what_was_done": "Spoke with Pat"})
    client.logout()
    sign_in(client, world.recovery_coach)
    response = client.post(flag_page(flag), {"what_was_done": "Something else"})
    assert response.status_code == 200
    flag.refresh_from_db()
    assert (flag.what_was_done, flag.acknowledged_by) == ("Spoke with Pat", world.peer_worker)
    assert AccessEvent.objects.filter(action="change", object_type="safety flag").count() == 1


def test_the_service_refuses_a_second_acknowledgement(world, flag):
    from recoveryhub.measures import flags

    flags.acknowledge(flag, "Spoke with Pat", actor=world.peer_worker)
    with pytest.raises(flags.AcknowledgeError, match="already been acknowledged"):
        flags.acknowledge(flag, "Again", actor=world.recovery_coach)


@pytest.mark.parametrize("who", ["clinician", "manager", "carer_user", "pat_user", "admin"])
def test_nobody_off_the_team_can_read_or_acknowledge_it(client, sign_in, world, flag, who):
    world.carer_link.shares_check_ins = True
    world.carer_link.save()
    sign_in(client, getattr(world, who))
    assert client.get(flag_page(flag)).status_code == 404
    assert client.post(flag_page(flag), {"what_was_done": "x"}).status_code == 404
    flag.refresh_from_db()
    assert flag.acknowledged_at is None
    assert client.get(reverse("measures:flag", args=[flag.pk + 999])).status_code == 404


# The home page and the caseload ask the same number of questions however many flags ---


def test_queries_stay_flat(client, sign_in, world, flag, django_assert_max_num_queries):
    sign_in(client, world.recovery_coach)
    client.get(HOME), client.get(CASELOAD)
    with django_assert_max_num_queries(20) as home_few:
        client.get(HOME)
    with django_assert_max_num_queries(20) as caseload_few:
        client.get(CASELOAD)
    now = timezone.now()
    for n in range(15):
        person = Person.objects.create(full_name=f"Person {n}", locality=world.fenland)
        CaseloadAssignment.objects.create(
            person=person, team=world.team_a, starts_on=timezone.localdate()
        )
        check_in = CheckIn.objects.create(
            person=person, instrument="phq9", status="complete", answers={"phq9_9": 2},
            started_at=now, completed_at=now,
        )  # fmt: skip
        SafetyFlag.objects.create(
            person=person, check_in=check_in, item="phq9_9", value=2, raised_at=now
        )
    with django_assert_max_num_queries(len(home_few) + 1):  # one count, past the first ten
        body = client.get(HOME).content.decode()
    assert "16 answers in check-ins" in body and body.count("open for") == 10
    with django_assert_max_num_queries(len(caseload_few)):
        body = client.get(CASELOAD).content.decode()
    assert body.count("Open</strong> for") == 16


def test_the_service_refuses_anyone_off_the_team(world, flag):
    from django.core.exceptions import PermissionDenied

    from recoveryhub.measures import flags

    for outsider in (world.clinician, world.pat_user, world.carer_user, world.manager):
        with pytest.raises(PermissionDenied):
            flags.acknowledge(flag, "Spoke with Pat", actor=outsider)
    flag.refresh_from_db()
    assert flag.acknowledged_at is None


def test_flags_and_what_was_done_are_in_the_persons_own_data(world, flag):
    import json

    from recoveryhub.measures import flags
    from recoveryhub.people.export import fhir, registry

    def flag_section():
        sections = {s.heading: s for s in registry.summary(world.pat)}
        return sections["Answers your team was asked to check on"].rows

    def fhir_flags():
        entries = json.loads(fhir.bundle_json(world.pat))["entry"]
        return [e["resource"] for e in entries if e["resource"]["resourceType"] == "Flag"]

    [(_, open_text)] = flag_section()
    assert "Your team has not noted what was done yet" in open_text
    assert [f["status"] for f in fhir_flags()] == ["active"]
    flags.acknowledge(
        flag, "Rang Pat the same day; safety plan reviewed", actor=world.recovery_coach
    )
    [(_, closed_text)] = flag_section()
    assert "Rang Pat the same day; safety plan reviewed" in closed_text
    [resource] = fhir_flags()
    assert resource["status"] == "inactive" and "end" in resource["period"]
    assert "Rang Pat the same day" in resource["code"]["text"]
