"""College staff's pages: who may reach them, what they show, and every form's bad input."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.college import models as m
from recoveryhub.college import services
from recoveryhub.college.views.staff import run_warnings, with_counts
from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page, read_page
from recoveryhub.people.models import ServiceLine

from .matrix_staff import MATRIX

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, sign_in, world, college):
    return sign_in(client, world.college_staff)


def url(name, *args):
    return reverse(f"college:{name}", args=args)


def errors(response) -> list[str]:
    """The error summary's links: one per message, each to its field."""
    return read_page(response.content.decode()).error_summary_links


def date_parts(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


# Every page, and who may reach it ---------------------------------------------------


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_staff_page_is_a_good_page(staff, world, college, name):
    world.college = college
    response = staff.get(reverse(name, args=MATRIX[name][0](world)))
    assert_good_page(response)
    assert "Macro" not in response.content.decode()  # every button says what it does


@pytest.mark.parametrize("role", ["trainer", "manager", "person", "student", "admin", "clinician"])
def test_anyone_else_is_told_not_found_and_writes_nothing(client, sign_in, world, college, role):
    sign_in(client, world.by_role()[role])
    run = college.run
    assert client.get(url("manage")).status_code == 404
    assert client.post(url("manage_run_capacity", run.pk), {"capacity": 50}).status_code == 404
    assert client.post(url("manage_run_cancel", run.pk), {"reason": "x"}).status_code == 404
    assert client.post(url("manage_term_add"), {"name": "Sneaky"}).status_code == 404
    run.refresh_from_db()
    assert (run.capacity, run.status) == (10, m.RunStatus.PUBLISHED)
    assert not m.Term.objects.filter(name="Sneaky").exists()


def test_strangers_are_asked_to_sign_in(client, college):
    response = client.get(url("manage_run", college.run.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


# The dashboard -------------------------------------------------------------------------


def test_dashboard_shows_runs_places_waiting_and_warnings(staff, college):
    draft = m.CourseRun.objects.create(course=college.course, term=college.term, capacity=5)
    response = staff.get(url("manage"))
    page = assert_good_page(response)
    body = response.content.decode()
    assert page.h1s == ["Recovery College: Spring 2027"]
    assert "1 of 10" in body  # Pat's place
    assert "Draft" in body and "Published" in body
    assert "Add a peer trainer with lived experience before publishing" in body
    assert "Add all 4 sessions before publishing (0 so far)" in body
    assert url("manage_run", draft.pk) in page.links
    for name in ["manage_run_add", "manage_terms", "manage_areas", "manage_courses",
                 "manage_venues", "manage_students"]:  # fmt: skip
        assert url(name) in page.links


def test_dashboard_warnings_say_what_services_say(college):
    draft = m.CourseRun.objects.create(course=college.course, term=college.term, capacity=5)
    services.add_trainer(draft, college.practitioner, by=None)
    counted = with_counts(m.CourseRun.objects.select_related("course")).get(pk=draft.pk)
    coproduction = services.coproduction_problems(draft)
    assert run_warnings(counted)[: len(coproduction)] == coproduction
    with pytest.raises(services.ValidationError) as refused:
        services.publish(draft, by=None)
    assert refused.value.messages == run_warnings(counted)


def test_dashboard_chooses_a_term(staff, college):
    later = m.Term.objects.create(
        name="Autumn 2027", slug="autumn-2027", starts_on=college.term.ends_on + timedelta(1),
        ends_on=college.term.ends_on + timedelta(90),
    )  # fmt: skip
    response = staff.get(url("manage"), {"term": later.pk})
    assert assert_good_page(response).h1s == ["Recovery College: Autumn 2027"]
    assert "There are no course runs in Autumn 2027 yet" in response.content.decode()
    # Nonsense falls back to the term on now.
    response = staff.get(url("manage"), {"term": "nonsense"})
    assert assert_good_page(response).h1s == ["Recovery College: Spring 2027"]


def _more_runs(college, world, make_user, count: int) -> None:
    for n in range(count):
        run = m.CourseRun.objects.create(course=college.course, term=college.term, capacity=3)
        m.RunTrainer.objects.create(run=run, trainer=college.peer)
        for k in range(2):
            starts = timezone.now() + timedelta(days=30 + n, hours=k)
            m.Session.objects.create(
                run=run, number=k + 1, starts_at=starts, ends_at=starts + timedelta(minutes=30),
                venue=college.wisbech,
            )  # fmt: skip
        for k in range(4):
            student = m.Student.objects.create(full_name=f"S {n} {k}", student_type="public")
            m.Enrolment.objects.create(
                student=student, run=run, requested_at=timezone.now(),
                status=m.EnrolmentStatus.CONFIRMED if k < 3 else m.EnrolmentStatus.WAITING,
            )  # fmt: skip


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page",
    [
        lambda c: url("manage"),
        lambda c: url("manage_run", c.run.pk),
        lambda c: url("manage_run_enrolments", c.run.pk),
        lambda c: url("manage_terms"),
        lambda c: url("manage_courses"),
        lambda c: url("manage_venues"),
        lambda c: url("manage_student", c.pat_student.pk),
    ],
)
def test_query_counts_do_not_grow_with_data(staff, world, college, make_user, page):
    path = page(college)
    before = _queries(staff, path)
    _more_runs(college, world, make_user, 6)
    for n in range(5):
        student = m.Student.objects.create(full_name=f"Waiting {n}", student_type="public")
        m.Enrolment.objects.create(
            student=student, run=college.run, status=m.EnrolmentStatus.WAITING,
            requested_at=timezone.now(),
        )  # fmt: skip
        m.LearningPlan.objects.create(
            student=college.pat_student, hopes="h", wants_from_college="w"
        )
    m.Enrolment.objects.create(
        student=college.pat_student, run=college.other_run, requested_at=timezone.now(),
        status=m.EnrolmentStatus.CONFIRMED,
    )  # fmt: skip
    assert _queries(staff, path) == before


# Terms, areas, courses, venues -----------------------------------------------------


def test_add_and_change_a_term(staff, college):
    today = timezone.localdate()
    data = {
        "name": "Summer 2027",
        **date_parts("starts_on", today),
        **date_parts("ends_on", today),
    }
    response = staff.post(url("manage_term_add"), data)
    assert response.status_code == 302
    term = m.Term.objects.get(name="Summer 2027")
    assert term.slug == "summer-2027"
    data["name"] = "Summer 2027 (changed)"
    assert staff.post(url("manage_term_change", term.pk), data).status_code == 302
    term.refresh_from_db()
    assert (term.name, term.slug) == ("Summer 2027 (changed)", "summer-2027")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the term&#39;s name"),
        ({"name": "Spring 2027"}, "name", "A term with that name already exists"),
        ({"name": "spring 2027"}, "name", "That name is too like one already in use"),
        ({"ends_on_0": "1", "ends_on_1": "1", "ends_on_2": "2020"}, "ends_on",
         "End date must be the same as or after the start date"),
        ({"starts_on_0": "31", "starts_on_1": "2"}, "starts_on", "Start date must be a real date"),
        ({"ends_on_2": ""}, "ends_on", "End date must include a year"),
    ],
)  # fmt: skip
def test_bad_terms_are_refused_and_nothing_is_written(staff, college, change, field, message):
    today = timezone.localdate()
    data = {"name": "Summer 2027", **date_parts("starts_on", today),
            **date_parts("ends_on", today + timedelta(30)), **change}  # fmt: skip
    response = staff.post(url("manage_term_add"), data)
    page = assert_good_page(response)
    assert page.title.startswith("Error: ")
    assert message in response.content.decode()
    assert any(link.startswith(f"#id_{field}") for link in errors(response))
    assert m.Term.objects.count() == 1


def test_add_a_curriculum_area_and_refuse_a_duplicate(staff, college):
    assert staff.post(url("manage_area_add"), {"name": "Carers"}).status_code == 302
    response = staff.post(url("manage_area_add"), {"name": "Carers"})
    assert "A curriculum area with that name already exists" in response.content.decode()
    assert m.CurriculumArea.objects.filter(name="Carers").count() == 1
    assert "Carers" in staff.get(url("manage_areas")).content.decode()


def _course_data(college, **change):
    return {
        "title": "Living with voices", "area": college.area.pk, "summary": "About voices.",
        "learning_outcomes": "Know more\n\n  Feel less alone  \n", "session_count": "3",
        "session_minutes": "90", "audience": "everyone", "audience_service_line": "",
        "completion_percent": "75", **change,
    }  # fmt: skip


def test_add_and_change_a_course(staff, college):
    assert staff.post(url("manage_course_add"), _course_data(college)).status_code == 302
    course = m.Course.objects.get(title="Living with voices")
    assert course.outcomes == ["Know more", "Feel less alone"]
    line = ServiceLine.objects.get()
    data = _course_data(college, audience="service", audience_service_line=line.pk)
    assert staff.post(url("manage_course_change", course.pk), data).status_code == 302
    course.refresh_from_db()
    assert (course.audience, course.audience_service_line) == ("service", line)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"audience": "service"}, "audience_service_line", "Select the service"),
        ({"audience_service_line": "LINE"}, "audience_service_line",
         "Only choose a service when the course is for people using a particular service"),
        ({"completion_percent": "0"}, "completion_percent", "must be 1 or more"),
        ({"completion_percent": "101"}, "completion_percent", "must be 100 or fewer"),
        ({"session_count": "0"}, "session_count", "must be 1 or more"),
        ({"session_minutes": "ten"}, "session_minutes", "must be a whole number"),
        ({"title": "Understanding anxiety"}, "title", "A course with that title already exists"),
        ({"learning_outcomes": "  \n "}, "learning_outcomes", "Enter at least one learning"),
        ({"area": "999999"}, "area", "Select a curriculum area from the list"),
    ],
)  # fmt: skip
def test_bad_courses_are_refused_and_nothing_is_written(staff, college, change, field, message):
    if change.get("audience_service_line") == "LINE":
        change["audience_service_line"] = ServiceLine.objects.get().pk
    response = staff.post(url("manage_course_add"), _course_data(college, **change))
    assert_good_page(response)
    assert message in response.content.decode()
    assert f"#id_{field}" in errors(response)
    assert m.Course.objects.count() == 1


def _venue_data(world, **change):
    return {
        "name": "March Library", "kind": "community", "address": "City Road, March",
        "postcode": "pe159ld", "locality": world.fenland.pk,
        "access": ["step_free", "hearing_loop"],
        "parking": "", "bus_routes": "33", "access_notes": "", "cost_per_session_pence": "40.00",
        **change,
    }  # fmt: skip


def test_add_and_change_a_venue(staff, world, college):
    assert staff.post(url("manage_venue_add"), _venue_data(world)).status_code == 302
    venue = m.Venue.objects.get(name="March Library")
    assert (venue.postcode, venue.cost_per_session_pence) == ("PE15 9LD", 4000)
    assert (venue.step_free, venue.hearing_loop, venue.accessible_toilet) == (True, True, False)
    page = staff.get(url("manage_venue_change", venue.pk)).content.decode()
    assert 'value="40.00"' in page
    data = _venue_data(world, access=["accessible_toilet"], cost_per_session_pence="£12.5")
    assert staff.post(url("manage_venue_change", venue.pk), data).status_code == 302
    venue.refresh_from_db()
    assert (venue.step_free, venue.accessible_toilet, venue.cost_per_session_pence) == (
        False, True, 1250,
    )  # fmt: skip


def test_an_online_venue_needs_no_address(staff, world, college):
    data = _venue_data(world, name="Zoom", kind="online", address="", postcode="", locality="")
    assert staff.post(url("manage_venue_add"), data).status_code == 302
    assert m.Venue.objects.get(name="Zoom").locality is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"address": ""}, "address", "Enter the address, or choose online"),
        ({"postcode": ""}, "postcode", "Enter the postcode, or choose online"),
        ({"postcode": "NOT A CODE"}, "postcode", "Enter a real postcode, like PE13 1AB"),
        ({"locality": ""}, "locality", "Select the locality, or choose online"),
        ({"cost_per_session_pence": "-5"}, "cost_per_session_pence", "must be £0 or more"),
        ({"cost_per_session_pence": "forty"}, "cost_per_session_pence", "must be an amount"),
        ({"cost_per_session_pence": ""}, "cost_per_session_pence", "Enter cost per session"),
        ({"kind": "castle"}, "kind", "Select the kind of venue from the list"),
        ({"access": ["lift"]}, "access", "Select access from the list"),
        ({"name": "Wisbech Recovery Hub"}, "name", "A venue with that name already exists"),
    ],
)  # fmt: skip
def test_bad_venues_are_refused_and_nothing_is_written(staff, world, college, change, field,
                                                        message):  # fmt: skip
    response = staff.post(url("manage_venue_add"), _venue_data(world, **change))
    assert_good_page(response)
    assert message in response.content.decode()
    assert any(link.startswith(f"#id_{field}") for link in errors(response))
    assert m.Venue.objects.count() == 2


# Runs --------------------------------------------------------------------------------


def _run_data(college, **change):
    return {"course": college.course.pk, "term": college.term.pk, "capacity": "12",
            "funding_source": "", "materials_pence": "25.50", **change}  # fmt: skip


def test_add_a_run_as_a_draft(staff, college):
    response = staff.post(url("manage_run_add"), _run_data(college))
    run = m.CourseRun.objects.latest("pk")
    assert response["Location"] == url("manage_run", run.pk)
    assert (run.status, run.capacity, run.materials_pence) == ("draft", 12, 2550)
    page = staff.get(url("manage_run", run.pk))
    body = page.content.decode()
    assert_good_page(page)
    assert "has been added as a draft" in body
    assert "Before this course run can go ahead" in body


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"capacity": "0"}, "capacity", "Places must be 1 or more"),
        ({"capacity": "-4"}, "capacity", "Places must be 1 or more"),
        ({"capacity": "lots"}, "capacity", "must be a whole number"),
        ({"course": ""}, "course", "Select a course"),
        ({"term": "999999"}, "term", "Select a term from the list"),
        ({"materials_pence": "1.234"}, "materials_pence", "no more than 2 numbers"),
    ],
)  # fmt: skip
def test_bad_runs_are_refused_and_nothing_is_written(staff, college, change, field, message):
    response = staff.post(url("manage_run_add"), _run_data(college, **change))
    assert_good_page(response)
    assert message in response.content.decode()
    assert f"#id_{field}" in errors(response)
    assert m.CourseRun.objects.count() == 2


def test_run_page_shows_trainers_sessions_and_places(staff, college):
    response = staff.get(url("manage_run", college.run.pk))
    body = response.content.decode()
    assert_good_page(response)
    assert "Tariq Trainer (Practitioner trainer)" in body
    assert "Petra Peer-Trainer (Peer trainer (lived experience))" in body
    assert "1 taken of 10" in body
    assert body.count("Wisbech Recovery Hub") == 4
    assert url("manage_session_cancel", college.sessions[0].pk) in body


def test_cancel_a_whole_run_keeps_enrolments(staff, college):
    run = college.run
    response = staff.post(url("manage_run_cancel", run.pk), {"reason": "Trainer unwell"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == m.RunStatus.CANCELLED
    assert run.first_session_at is None
    assert all(s.cancelled_reason == "Trainer unwell" for s in run.sessions.all())
    college.pat_enrolment.refresh_from_db()
    assert college.pat_enrolment.status == m.EnrolmentStatus.CONFIRMED
    # Twice is refused, with a clear message.
    response = staff.post(url("manage_run_cancel", run.pk), {"reason": "Again"})
    assert "This course run is already cancelled." in response.content.decode()
    assert not m.Session.objects.filter(cancelled_reason="Again").exists()


def test_cancel_a_run_needs_a_reason(staff, college):
    response = staff.post(url("manage_run_cancel", college.run.pk), {"reason": "  "})
    assert "Enter why it is cancelled" in response.content.decode()
    college.run.refresh_from_db()
    assert college.run.status == m.RunStatus.PUBLISHED


def test_cancel_run_does_not_touch_sessions_already_held(college):
    held = college.sessions[0]
    m.Session.objects.filter(pk=held.pk).update(
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1) + timedelta(hours=2),
    )
    services.cancel_run(college.run, reason="Venue closed", by=None)
    held.refresh_from_db()
    assert held.cancelled_at is None
    assert college.run.sessions.filter(cancelled_at__isnull=False).count() == 3


# Enrolments --------------------------------------------------------------------------


def _fill(run, names, status=m.EnrolmentStatus.WAITING):
    start = timezone.now() - timedelta(hours=1)
    made = []
    for n, name in enumerate(names):
        student = m.Student.objects.create(full_name=name, student_type="public")
        made.append(m.Enrolment.objects.create(
            student=student, run=run, status=status, requested_at=start + timedelta(minutes=n),
        ))  # fmt: skip
    return made


def test_enrolments_page_lists_places_waiting_list_positions_and_cancelled(staff, college):
    _fill(college.run, ["Wendy First", "Walter Second"])
    (gone,) = _fill(college.run, ["Carl Cancelled"], status=m.EnrolmentStatus.CANCELLED)
    response = staff.get(url("manage_run_enrolments", college.run.pk))
    body = response.content.decode()
    assert_good_page(response)
    assert "1 of 10 places taken; 2 on the waiting list" in body
    assert body.index("Pat Jones") < body.index("Wendy First") < body.index("Walter Second")
    assert body.index("Walter Second") < body.index("Carl Cancelled")
    assert '<td class="nhsuk-table__cell">2</td>' in body
    assert url("manage_enrolment_cancel", gone.pk) not in body


def test_search_and_enrol_an_existing_student_on_their_behalf(staff, world, college):
    response = staff.get(url("manage_run_enrol", college.run.pk), {"q": "sam stu"})
    body = response.content.decode()
    assert_good_page(response)
    assert "Sam Student" in body and "Patricia" not in body
    # By whole email address too.
    response = staff.get(url("manage_run_enrol", college.run.pk), {"q": "SAM.student@example.com"})
    assert "Sam Student" in response.content.decode()
    response = staff.post(
        url("manage_run_enrol", college.run.pk) + "?q=sam", {"student": college.sam_student.pk}
    )
    assert response["Location"] == url("manage_run_enrolments", college.run.pk)
    enrolment = m.Enrolment.objects.get(student=college.sam_student, run=college.run)
    assert enrolment.status == m.EnrolmentStatus.CONFIRMED
    assert enrolment.enrolled_by == world.college_staff
    assert "Sam Student has a place" in staff.get(response["Location"]).content.decode()


def test_enrolling_someone_twice_is_refused(staff, college):
    response = staff.post(
        url("manage_run_enrol", college.run.pk), {"student": college.pat_student.pk}
    )
    page = assert_good_page(response)
    assert page.title.startswith("Error: ")
    # Said to staff about the student, not "You already have a place" (issue 12).
    assert f"{college.pat_student} has a place on this course" in response.content.decode()
    assert page.error_summary_links == ["#results"]
    assert m.Enrolment.objects.filter(run=college.run).count() == 1


@pytest.mark.parametrize("student", ["", "nonsense", "999999"])
def test_enrol_without_a_real_student_is_refused(staff, college, student):
    response = staff.post(url("manage_run_enrol", college.run.pk), {"student": student})
    assert "Choose a student from the list" in response.content.decode()
    assert m.Enrolment.objects.filter(run=college.run).count() == 1


def test_a_full_course_puts_them_on_the_waiting_list(staff, college):
    services.change_capacity(college.run, 1, by=None)
    staff.post(url("manage_run_enrol", college.run.pk), {"student": college.sam_student.pk})
    body = staff.get(url("manage_run_enrolments", college.run.pk)).content.decode()
    assert "The course is full: Sam Student is number 1 on the waiting list" in body


def test_add_a_new_student_and_enrol_them(staff, world, college):
    data = {"full_name": "Nia New", "email": "nia@example.com", "phone": "01945 123456",
            "student_type": "carer", "locality": world.fenland.pk}  # fmt: skip
    response = staff.post(url("manage_run_enrol_new", college.run.pk), data)
    assert response.status_code == 302
    student = m.Student.objects.get(full_name="Nia New")
    assert (student.user, student.student_type, student.email) == (
        None,
        "carer",
        "nia@example.com",
    )
    enrolment = student.enrolments.get()
    assert enrolment.enrolled_by == world.college_staff


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Enter their full name"),
        ({"student_type": ""}, "student_type", "Select who they are"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"phone": "call me"}, "phone", "Enter a phone number"),
    ],
)  # fmt: skip
def test_bad_new_students_are_refused(staff, college, change, field, message):
    data = {"full_name": "Nia New", "student_type": "carer", **change}
    response = staff.post(url("manage_run_enrol_new", college.run.pk), data)
    assert_good_page(response)
    assert message in response.content.decode()
    assert any(link.startswith(f"#id_{field}") for link in errors(response))
    assert not m.Student.objects.filter(full_name="Nia New").exists()


def test_a_refused_place_leaves_no_new_student_behind(staff, college):
    draft = m.CourseRun.objects.create(course=college.course, term=college.term, capacity=5)
    data = {"full_name": "Nia New", "student_type": "carer"}
    response = staff.post(url("manage_run_enrol_new", draft.pk), data)
    assert "This course is not open for enrolment." in response.content.decode()
    assert not m.Student.objects.filter(full_name="Nia New").exists()


def test_cancel_a_place_shows_who_was_promoted(staff, college):
    services.change_capacity(college.run, 1, by=None)
    first, _second = _fill(college.run, ["Wendy First", "Walter Second"])
    response = staff.post(url("manage_enrolment_cancel", college.pat_enrolment.pk))
    assert response.status_code == 302
    body = staff.get(response["Location"]).content.decode()
    assert "Pat Jones&#39;s place has been cancelled" in body
    assert "Given the place from the waiting list: Wendy First" in body
    first.refresh_from_db()
    assert first.status == m.EnrolmentStatus.CONFIRMED
    college.pat_enrolment.refresh_from_db()
    assert college.pat_enrolment.cancelled_by is not None
    # Cancelling again is refused and changes nothing.
    response = staff.post(url("manage_enrolment_cancel", college.pat_enrolment.pk))
    assert "This place has already been cancelled." in response.content.decode()
    assert m.Enrolment.objects.filter(run=college.run, status="confirmed").count() == 1


# A student's College record -------------------------------------------------------------


def test_student_record_shows_learning_but_no_clinical_content(staff, world, college):
    from recoveryhub.measures.models import CheckIn

    m.LearningPlan.objects.filter(pk=college.pat_plan.pk).update(
        written_at=timezone.now() - timedelta(days=60)
    )
    m.LearningPlan.objects.create(
        student=college.pat_student, hopes="To go back to work", wants_from_college="Skills"
    )
    CheckIn.objects.create(
        person=world.pat, instrument="phq9", status="complete", answers={}, total=19,
        band="Moderately severe", notes={"q1": "A private note"}, started_at=timezone.now(),
        completed_at=timezone.now(),
    )  # fmt: skip
    response = staff.get(url("manage_student", college.pat_student.pk))
    body = response.content.decode()
    assert_good_page(response)
    assert body.index("To go back to work") < body.index("Earlier learning plans")
    assert body.index("Earlier learning plans") < body.index("To feel less alone")
    assert "Understanding anxiety, Spring 2027" in body
    for clinical in ["PHQ", "Moderately severe", "A private note", "check-in", "Check-in",
                     "9997654323", "recovery plan", "Recovery plan"]:  # fmt: skip
        assert clinical not in body
    event = AccessEvent.objects.get(person=world.pat)
    assert (event.actor, event.action) == (world.college_staff, "view")


def test_student_record_without_a_person_writes_no_access_event(staff, college):
    assert_good_page(staff.get(url("manage_student", college.sam_student.pk)))
    assert AccessEvent.objects.count() == 0


def test_student_record_of_nobody_is_not_found(staff, college):
    assert staff.get(url("manage_student", 999999)).status_code == 404


def test_find_a_student(staff, college):
    response = staff.get(url("manage_students"), {"q": "pat"})
    assert_good_page(response)
    assert url("manage_student", college.pat_student.pk) in response.content.decode()
    response = staff.get(url("manage_students"), {"q": "x" * 101})
    assert "Search for 100 characters or fewer" in response.content.decode()
