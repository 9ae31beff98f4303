"""A hand-made College whose reach and money figures are worked out by hand below.

Built on the `college` fixture. In college.term (Spring 2027):

- `finished`: a run of Understanding anxiety (75% to complete) that has ended: four
  two-hour sessions at Wisbech (£40 a session), the last cancelled, so 3 went ahead;
  Tariq (£30 an hour) and Petra (£20 an hour) teach it; £25 materials; paid for by the
  "Fenland Carers Grant". Cost: 6 hours x £50 = £300 trainers, 3 x £40 = £120 venue,
  £25 materials: £445.00.
  Students (13 places ever confirmed):
    6 carers from Fenland (rural), present at all 3: completed.
    5 staff of team A from Cambridge, present at 2 of 3 (2 x 100 < 75 x 3): not completed.
    1 staff of team B from East Cambridgeshire (rural), present at 3 of 3: completed; also
      marked present at the cancelled session, which does not count.
    1 person using services from Cambridge, present at 3, who then cancelled: an enrolment,
      not a completion.
  So 13 enrolments, 34 attended of 39 marks, 7 completions.
- college.run (next week): Pat (uses services, Fenland) has a place; 5 members of the
  public from Cambridge wait for a place.

In an earlier term (Autumn 2026), an ended run of a carers' course in the "Carers" area,
online, with 5 carers from Cambridge, each present at both sessions: 5 completions.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from recoveryhub.college import models as m
from recoveryhub.college import reach_counts
from recoveryhub.people.models import Locality


@dataclass
class ReachCollege:
    college: object
    finished: object
    autumn: object
    autumn_run: object
    grant: object
    cambridge: object
    east_cambs: object


def _students(n, kind, locality, prefix, team=None):
    return [
        m.Student.objects.create(
            full_name=f"{prefix} {i}", student_type=kind, locality=locality, team=team
        )
        for i in range(n)
    ]


def _run(course, term, first, venue, sessions, *, trainers=(), **extra):
    run = m.CourseRun.objects.create(
        course=course, term=term, capacity=20, status=m.RunStatus.PUBLISHED,
        first_session_at=first, **extra,
    )  # fmt: skip
    for trainer in trainers:
        m.RunTrainer.objects.create(run=run, trainer=trainer)
    made = [
        m.Session.objects.create(
            run=run,
            number=n + 1,
            starts_at=first + timedelta(days=n),
            ends_at=first + timedelta(days=n, hours=2),
            venue=venue,
        )  # fmt: skip
        for n in range(sessions)
    ]
    return run, made


def _place(student, run, now, *, status=m.EnrolmentStatus.CONFIRMED):
    return m.Enrolment.objects.create(
        student=student, run=run, status=status, requested_at=now,
        confirmed_at=None if status == m.EnrolmentStatus.WAITING else now,
    )  # fmt: skip


def _marks(enrolment, sessions, present: int, now):
    m.Attendance.objects.bulk_create(
        m.Attendance(
            enrolment=enrolment,
            session=session,
            marked_at=now,
            mark=m.Mark.PRESENT if i < present else m.Mark.ABSENT,
        )  # fmt: skip
        for i, session in enumerate(sessions)
    )


@pytest.fixture(name="reach_college")
def reach_college_fixture(world, college):
    now = timezone.now()
    cambridge = Locality.objects.create(name="Cambridge", slug="cambridge")
    east_cambs = Locality.objects.create(
        name="East Cambridgeshire", slug="east-cambridgeshire", is_rural=True
    )
    grant = m.FundingSource.objects.create(
        name="Fenland Carers Grant", kind=m.FundingKind.CHARITABLE_GRANT, amount_pence=500000,
        starts_on=college.term.starts_on, ends_on=college.term.ends_on,
    )  # fmt: skip
    start = (now - timedelta(days=6)).replace(hour=10, minute=0, second=0, microsecond=0)
    finished, sessions = _run(
        college.course, college.term, start, college.wisbech, 4,
        trainers=[college.practitioner, college.peer], funding_source=grant, materials_pence=2500,
    )  # fmt: skip
    m.Session.objects.filter(pk=sessions[3].pk).update(cancelled_at=now, cancelled_reason="Ill")
    held = sessions[:3]
    for student in _students(6, m.StudentType.CARER, world.fenland, "Carer"):
        _marks(_place(student, finished, now), held, 3, now)
    for student in _students(5, m.StudentType.STAFF, cambridge, "Staff A", world.team_a):
        _marks(_place(student, finished, now), held, 2, now)
    (staff_b,) = _students(1, m.StudentType.STAFF, east_cambs, "Staff B", world.team_b)
    _marks(_place(staff_b, finished, now), sessions, 4, now)  # incl. the cancelled one
    (leaver,) = _students(1, m.StudentType.USES_SERVICES, cambridge, "Leaver")
    left = _place(leaver, finished, now)
    _marks(left, held, 3, now)
    m.Enrolment.objects.filter(pk=left.pk).update(
        status=m.EnrolmentStatus.CANCELLED, cancelled_at=now
    )
    for student in _students(5, m.StudentType.PUBLIC, cambridge, "Waiting"):
        _place(student, college.run, now, status=m.EnrolmentStatus.WAITING)

    autumn = m.Term.objects.create(
        name="Autumn 2026", slug="autumn-2026", starts_on=college.term.starts_on - timedelta(120),
        ends_on=college.term.starts_on - timedelta(30),
    )  # fmt: skip
    carers_area = m.CurriculumArea.objects.create(name="Carers", slug="carers")
    carers_course = m.Course.objects.create(
        title="Caring for someone", slug="caring", area=carers_area, summary="For carers.",
        learning_outcomes="Look after yourself", session_count=2, session_minutes=120,
        audience=m.Audience.CARERS,
    )  # fmt: skip
    autumn_start = timezone.make_aware(
        timezone.datetime.combine(autumn.starts_on + timedelta(7), timezone.datetime.min.time())
    ) + timedelta(hours=14)
    autumn_run, autumn_sessions = _run(carers_course, autumn, autumn_start, college.online, 2)
    for student in _students(5, m.StudentType.CARER, cambridge, "Autumn carer"):
        _marks(_place(student, autumn_run, now), autumn_sessions, 2, now)
    reach_counts.rebuild()  # marks and updates written in bulk send no signals (as the demo)
    return ReachCollege(college, finished, autumn, autumn_run, grant, cambridge, east_cambs)
