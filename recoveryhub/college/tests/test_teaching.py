"""Trainers' pages: their runs, their students' support needs, and registers."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recoveryhub.college import services
from recoveryhub.college.models import (
    Attendance,
    EnrolmentStatus,
    LearningPlan,
    Mark,
    RunTrainer,
    Session,
)
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures.models import CheckIn

from .test_teaching_support import add_student, count_queries, finished, later_today, mark, shift

__all__ = ["finished"]  # a fixture, used by name

pytestmark = pytest.mark.django_db


def students_url(run) -> str:
    return reverse("college:run_students", args=[run.pk])


def register_url(session) -> str:
    return reverse("college:session_register", args=[session.pk])


# Your teaching ------------------------------------------------------------------------------


def test_a_trainer_sees_only_the_runs_they_teach(client, sign_in, world, college):
    sign_in(client, world.trainer)
    response = client.get(reverse("college:teaching"))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Your teaching"]
    assert students_url(college.run) in facts.links
    assert students_url(college.other_run) not in facts.links
    assert "1 student with a place" in body
    assert "Next session:" in body


def test_a_peer_trainer_on_both_runs_sees_both(client, sign_in, college):
    sign_in(client, college.peer_user)
    facts = assert_good_page(client.get(reverse("college:teaching")))
    assert {students_url(college.run), students_url(college.other_run)} <= set(facts.links)


def test_runs_that_have_finished_are_listed_apart_with_their_last_register(
    client, sign_in, world, finished
):
    sign_in(client, world.trainer)
    response = client.get(reverse("college:teaching"))
    facts = assert_good_page(response)
    body = response.content.decode()
    finished_part = body[body.index("<h2>Finished</h2>") :]
    assert students_url(finished.run) in finished_part
    assert register_url(finished.sessions[3]) in facts.links


@pytest.mark.parametrize("who", ["college_staff", "pat_user", "student", "manager", "clinician"])
def test_only_trainers_have_a_teaching_page(client, sign_in, world, college, who):
    sign_in(client, getattr(world, who))
    assert client.get(reverse("college:teaching")).status_code == 404


def test_the_teaching_page_makes_the_same_queries_however_many_runs(
    client, sign_in, world, college
):
    sign_in(client, world.trainer)
    url = reverse("college:teaching")
    client.get(url)  # warm up the session and sign-in checks
    few = count_queries(lambda: client.get(url))
    for n in range(3):
        run = college.other_run
        run.pk = None
        run.save()
        RunTrainer.objects.create(run=run, trainer=college.practitioner)
        add_student(run, f"Extra Student{n}")
    many = count_queries(lambda: client.get(url))
    assert many == few


# A run's students ---------------------------------------------------------------------------


def test_a_trainer_sees_their_students_support_needs_and_nothing_else(
    client, sign_in, world, college
):
    CheckIn.objects.create(
        person=world.pat, instrument="phq9", status="complete", answers={}, total=9,
        band="Mild", started_at=timezone.now(), completed_at=timezone.now(),
    )  # fmt: skip
    sign_in(client, world.trainer)
    response = client.get(students_url(college.run))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Understanding anxiety: students and registers"]
    assert "Pat Jones" in body and "Patricia" not in body  # the name in use leads
    assert "Large print handouts, please" in body
    # Only the support needs and how they like to learn, never the rest of the plan
    # nor anything clinical.
    for private in ["To feel less alone", "Meet people", "Mild", "PHQ", "9997654323"]:
        assert private not in body
    event = AccessEvent.objects.get(person=world.pat)
    assert (event.actor, event.action) == (world.trainer, AccessAction.VIEW)
    assert event.object_type == "learning plan"
    assert event.object_id == str(college.pat_plan.pk)


def test_the_latest_learning_plan_is_the_one_shown(client, sign_in, world, college):
    LearningPlan.objects.create(
        student=college.pat_student, hopes="h", wants_from_college="w",
        support_needs="Sit near the door", how_i_like_to_learn="Talking in pairs",
    )  # fmt: skip
    sign_in(client, world.trainer)
    body = client.get(students_url(college.run)).content.decode()
    assert "Sit near the door" in body and "Talking in pairs" in body
    assert "Large print handouts" not in body


def test_only_confirmed_students_are_listed(client, sign_in, world, college):
    add_student(college.run, "Wendy Waiting", status=EnrolmentStatus.WAITING)
    add_student(college.run, "Carl Cancelled", status=EnrolmentStatus.CANCELLED)
    sign_in(client, world.trainer)
    body = client.get(students_url(college.run)).content.decode()
    assert "Wendy" not in body and "Carl" not in body


def test_a_trainer_cannot_see_another_runs_students(client, sign_in, world, college):
    add_student(college.other_run, "Olive Otherrun")
    sign_in(client, world.trainer)
    response = client.get(students_url(college.other_run))
    assert response.status_code == 404
    assert "Olive" not in response.content.decode()
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("who", ["pat_user", "student", "manager", "recovery_coach", "carer_user"])
def test_no_one_else_sees_a_runs_students(client, sign_in, world, college, who):
    sign_in(client, getattr(world, who))
    assert client.get(students_url(college.run)).status_code == 404


def test_college_staff_see_support_needs_but_no_clinical_content(client, sign_in, world, college):
    CheckIn.objects.create(
        person=world.pat, instrument="gad7", status="complete", answers={}, total=12,
        band="Moderate", notes={"q1": "worried all week"}, started_at=timezone.now(),
        completed_at=timezone.now(),
    )  # fmt: skip
    sign_in(client, world.college_staff)
    response = client.get(students_url(college.run))
    assert_good_page(response)
    body = response.content.decode()
    assert "Large print handouts, please" in body
    for clinical in ["Moderate", "worried all week", "GAD", "9997654323", "To feel less alone"]:
        assert clinical not in body
    assert AccessEvent.objects.filter(person=world.pat, actor=world.college_staff).count() == 1


def test_attendance_so_far_counts_sessions_held_not_cancelled_ones(
    client, sign_in, world, college
):
    shift(college.run, 14.5)  # sessions 1 and 2 are over, 3 and 4 to come
    first, second = Session.objects.filter(run=college.run).order_by("number")[:2]
    mark(college.pat_enrolment, first, Mark.PRESENT)
    mark(college.pat_enrolment, second, Mark.APOLOGIES)
    sign_in(client, world.trainer)
    body = client.get(students_url(college.run)).content.decode()
    assert "Present at 1 of 2 sessions" in body
    Session.objects.filter(pk=second.pk).update(cancelled_at=timezone.now())
    body = client.get(students_url(college.run)).content.decode()
    assert "Present at 1 of 1 session" in body


def test_one_access_event_per_student_with_a_record_and_flat_queries(
    client, sign_in, world, college
):
    from recoveryhub.people.models import Person

    sign_in(client, world.trainer)
    url = students_url(college.run)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for n in range(5):
        person = Person.objects.create(full_name=f"Record Holder{n}", locality=world.fenland)
        add_student(college.run, f"Record Holder{n}", person=person)
        add_student(college.run, f"No Record{n}")  # a member of the public: no record to log
    AccessEvent.objects.all()._raw_delete(AccessEvent.objects.db)  # start counting afresh
    many = count_queries(lambda: client.get(url))
    assert many == few
    assert AccessEvent.objects.filter(actor=world.trainer).count() == 6  # Pat and five more
    assert set(AccessEvent.objects.values_list("action", flat=True)) == {AccessAction.VIEW}


def test_a_trainer_who_is_also_a_student_on_the_run_is_not_logged_viewing_themselves(
    client, sign_in, world, college
):
    from recoveryhub.people.models import Person

    own = Person.objects.create(
        full_name="Tariq Trainer", locality=world.fenland, user=world.trainer
    )
    add_student(college.run, "Tariq Trainer", person=own)
    sign_in(client, world.trainer)
    client.get(students_url(college.run))
    assert not AccessEvent.objects.filter(person=own).exists()
    assert AccessEvent.objects.filter(person=world.pat).count() == 1


# Marking a register ---------------------------------------------------------------------------


@pytest.fixture
def today_session(college):
    """college.run's first session, moved to later today."""
    session = college.sessions[0]
    session.starts_at = later_today()
    session.ends_at = session.starts_at + timezone.timedelta(minutes=30)
    session.save()
    return session


def test_a_trainer_marks_a_register(client, sign_in, world, college, today_session):
    sam = add_student(college.run, "Sam Smith")
    sign_in(client, world.trainer)
    url = register_url(today_session)
    response = client.get(url)
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Register for session 1"]
    assert "nhsuk-radios--inline" in body
    assert "Pat Jones" in body and "Sam Smith" in body and "Patricia" not in body
    pat = college.pat_enrolment
    response = client.post(url, {f"mark_{pat.pk}": "present", f"mark_{sam.pk}": "apologies"})
    assert response.status_code == 302
    assert response["Location"] == students_url(college.run)
    marks = dict(
        Attendance.objects.filter(session=today_session).values_list("enrolment_id", "mark")
    )
    assert marks == {pat.pk: Mark.PRESENT, sam.pk: Mark.APOLOGIES}
    assert set(Attendance.objects.values_list("marked_by", flat=True)) == {world.trainer.pk}
    page = client.get(students_url(college.run))
    assert "Register saved for session 1" in page.content.decode()
    # Marking again changes the marks, never adds a second row.
    client.post(url, {f"mark_{pat.pk}": "absent", f"mark_{sam.pk}": "present"})
    assert Attendance.objects.count() == 2
    assert Attendance.objects.get(enrolment=pat).mark == Mark.ABSENT
    # The form shows the marks already given.
    assert 'value="absent" checked' in client.get(url).content.decode()


def test_college_staff_can_mark_a_register(client, sign_in, world, college, today_session):
    sign_in(client, world.college_staff)
    response = client.post(
        register_url(today_session), {f"mark_{college.pat_enrolment.pk}": "present"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get().marked_by == world.college_staff


@pytest.mark.parametrize(
    "data",
    [
        {},  # no one marked
        {"mark_PAT": "maybe"},  # not a mark
        {"mark_PAT": ""},
    ],
)
def test_a_register_with_missing_or_junk_marks_is_refused(
    client, sign_in, world, college, today_session, data
):
    sign_in(client, world.trainer)
    pat = college.pat_enrolment.pk
    data = {key.replace("PAT", str(pat)): value for key, value in data.items()}
    response = client.post(register_url(today_session), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert f"#id_mark_{pat}" in facts.error_summary_links
    assert "Select present, apologies or absent for Pat" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_register_for_a_session_still_to_come_cannot_be_marked(client, sign_in, world, college):
    session = college.sessions[0]  # next week
    sign_in(client, world.trainer)
    response = client.get(register_url(session))
    assert_good_page(response)
    body = response.content.decode()
    assert "has not happened yet" in body and "<form" not in body
    response = client.post(register_url(session), {f"mark_{college.pat_enrolment.pk}": "present"})
    assert_good_page(response, 400)
    assert not Attendance.objects.exists()


def test_a_register_for_a_cancelled_session_cannot_be_marked(
    client, sign_in, world, college, today_session
):
    Session.objects.filter(pk=today_session.pk).update(cancelled_at=timezone.now())
    sign_in(client, world.trainer)
    response = client.post(
        register_url(today_session), {f"mark_{college.pat_enrolment.pk}": "present"}
    )
    assert_good_page(response, 400)
    assert "cancelled" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_trainer_cannot_mark_another_runs_register(client, sign_in, world, college):
    olive = add_student(college.other_run, "Olive Otherrun")
    session = college.other_run.sessions.get(number=1)
    shift(college.other_run, 10)
    sign_in(client, world.trainer)
    assert client.get(register_url(session)).status_code == 404
    response = client.post(register_url(session), {f"mark_{olive.pk}": "present"})
    assert response.status_code == 404
    assert "Olive" not in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", ["pat_user", "student", "manager", "peer_worker"])
def test_no_one_else_may_mark_a_register(client, sign_in, world, college, today_session, who):
    sign_in(client, getattr(world, who))
    response = client.post(
        register_url(today_session), {f"mark_{college.pat_enrolment.pk}": "present"}
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_the_register_makes_the_same_queries_however_many_students(
    client, sign_in, world, college, today_session
):
    sign_in(client, world.trainer)
    url = register_url(today_session)
    client.get(url)

    def save():
        enrolments = college.run.enrolments.filter(status=EnrolmentStatus.CONFIRMED)
        client.post(url, {f"mark_{e.pk}": "present" for e in enrolments})

    few_get = count_queries(lambda: client.get(url))
    few_post = count_queries(save)
    for n in range(6):
        add_student(college.run, f"Extra Student{n}")
    assert count_queries(lambda: client.get(url)) == few_get
    Attendance.objects.all().delete()
    assert count_queries(save) == few_post
    assert Attendance.objects.count() == 7


# The register service itself ------------------------------------------------------------------


def test_mark_register_updates_or_creates_in_one_go(world, college, today_session):
    sam = add_student(college.run, "Sam Smith")
    pat = college.pat_enrolment
    services.mark_register(today_session, {pat.pk: Mark.PRESENT}, by=world.trainer)
    services.mark_register(
        today_session, {pat.pk: Mark.APOLOGIES, sam.pk: "absent"}, by=college.peer_user
    )
    rows = {a.enrolment_id: a for a in Attendance.objects.filter(session=today_session)}
    assert rows[pat.pk].mark == Mark.APOLOGIES and rows[pat.pk].marked_by == college.peer_user
    assert rows[sam.pk].mark == Mark.ABSENT


@pytest.mark.parametrize(
    "marks",
    [
        {},
        {"PAT": "present"},  # an id as text, not a number
        {999999: "present"},  # no such place
        {"PAT_ID": "late"},
        {"PAT_ID": None},
        {"PAT_ID": ["present"]},
        {"PAT_ID": "present", "OTHER": "present"},  # a place on another run
        {"PAT_ID": "present", "WAITING": "present"},  # on the waiting list
        {"PAT_ID": "present", 1.5: "present"},
    ],
)
def test_mark_register_refuses_bad_marks_and_writes_nothing(world, college, today_session, marks):
    other = add_student(college.other_run, "Olive Otherrun")
    waiting = add_student(college.run, "Wendy Waiting", status=EnrolmentStatus.WAITING)
    ids = {"PAT_ID": college.pat_enrolment.pk, "OTHER": other.pk, "WAITING": waiting.pk}
    marks = {ids.get(k, str(college.pat_enrolment.pk) if k == "PAT" else k): v
             for k, v in marks.items()}  # fmt: skip
    with pytest.raises(ValidationError):
        services.mark_register(today_session, marks, by=world.trainer)
    assert not Attendance.objects.exists()


def test_mark_register_refuses_a_session_on_a_later_day_or_cancelled(world, college):
    pat = college.pat_enrolment.pk
    tomorrow = college.sessions[0]
    tomorrow.starts_at = later_today() + timezone.timedelta(days=1)
    tomorrow.ends_at = tomorrow.starts_at + timezone.timedelta(hours=1)
    tomorrow.save()
    with pytest.raises(ValidationError, match="not happened yet"):
        services.mark_register(tomorrow, {pat: Mark.PRESENT}, by=world.trainer)
    cancelled = college.sessions[1]
    Session.objects.filter(pk=cancelled.pk).update(
        starts_at=timezone.now() - timezone.timedelta(days=1),
        ends_at=timezone.now() - timezone.timedelta(hours=20),
        cancelled_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="cancelled"):
        services.mark_register(cancelled, {pat: Mark.PRESENT}, by=world.trainer)
    assert not Attendance.objects.exists()


def test_a_session_can_be_marked_from_the_start_of_its_day(world, college, today_session):
    services.mark_register(today_session, {college.pat_enrolment.pk: "present"}, by=world.trainer)
    assert Attendance.objects.get().marked_at is not None
