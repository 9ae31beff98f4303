"""A small Recovery College for tests: `college` builds on the shared `world` fixture.

One published, co-produced run of four sessions starting next week at the Wisbech
hub, with Tariq (world.trainer) as practitioner and Petra as peer trainer; Pat and
Sam are students, Pat with a confirmed place and a learning plan. A second run
with no trainer of Tariq's shows what a trainer must not see.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from recoveryhub.accounts.roles import Role


@dataclass
class College:
    term: object
    area: object
    course: object
    wisbech: object
    online: object
    practitioner: object  # Trainer for world.trainer
    peer: object  # Trainer for Petra Peer-Trainer
    peer_user: object
    run: object  # published; Tariq and Petra teach it
    sessions: list
    other_run: object  # published; Petra and another practitioner teach it
    pat_student: object
    sam_student: object
    pat_enrolment: object
    pat_plan: object


@pytest.fixture
def college(world):
    return build_college(world)


def build_college(world):
    from conftest import make_user_now as make_user
    from recoveryhub.college import models as m

    now = timezone.now()
    today = timezone.localdate()
    term = m.Term.objects.create(
        name="Spring 2027", slug="spring-2027", starts_on=today - timedelta(7),
        ends_on=today + timedelta(120),
    )  # fmt: skip
    area = m.CurriculumArea.objects.create(
        name="Living well and self-management", slug="living-well"
    )
    course = m.Course.objects.create(
        title="Understanding anxiety", slug="understanding-anxiety", area=area,
        summary="What anxiety is, and ways to live well with it.",
        learning_outcomes="Know what anxiety is\nTry three ways to manage it",
        session_count=4, session_minutes=120,
    )  # fmt: skip
    wisbech = m.Venue.objects.create(
        name="Wisbech Recovery Hub", kind=m.VenueKind.OUTREACH, locality=world.fenland,
        address="1 Market Place, Wisbech", postcode="PE13 1AB", step_free=True,
        hearing_loop=True, parking="Town centre car park", bus_routes="X1, 46",
        cost_per_session_pence=4000,
    )  # fmt: skip
    online = m.Venue.objects.create(name="Online (Microsoft Teams)", kind=m.VenueKind.ONLINE)
    practitioner = m.Trainer.objects.create(
        user=world.trainer, kind=m.TrainerKind.PRACTITIONER, hourly_rate_pence=3000
    )
    peer_user = make_user("petra@example.com", Role.TRAINER, full_name="Petra Peer-Trainer")
    peer = m.Trainer.objects.create(
        user=peer_user, kind=m.TrainerKind.PEER, hourly_rate_pence=2000
    )
    other_user = make_user("owen@example.com", Role.TRAINER, full_name="Owen Other")
    other = m.Trainer.objects.create(user=other_user, kind=m.TrainerKind.PRACTITIONER)

    def make_run(trainers, first):
        run = m.CourseRun.objects.create(
            course=course, term=term, capacity=10, status=m.RunStatus.PUBLISHED,
            first_session_at=first, last_session_ends_at=first + timedelta(weeks=3, hours=2),
        )  # fmt: skip
        for trainer in trainers:
            m.RunTrainer.objects.create(run=run, trainer=trainer)
        sessions = [
            m.Session.objects.create(
                run=run,
                number=n + 1,
                starts_at=first + timedelta(weeks=n),
                ends_at=first + timedelta(weeks=n, hours=2),
                venue=wisbech,
            )  # fmt: skip
            for n in range(4)
        ]
        return run, sessions

    start = (now + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    run, sessions = make_run([practitioner, peer], start)
    other_run, _ = make_run([peer, other], start + timedelta(days=1))
    pat_student = m.Student.objects.create(
        user=world.pat_user, person=world.pat, full_name="Patricia Jones",
        preferred_name="Pat", email="pat@example.com",
        student_type=m.StudentType.USES_SERVICES, locality=world.fenland,
    )  # fmt: skip
    sam_student = m.Student.objects.create(
        user=world.student, full_name="Sam Student", email="sam.student@example.com",
        student_type=m.StudentType.PUBLIC, locality=world.fenland,
    )  # fmt: skip
    pat_enrolment = m.Enrolment.objects.create(
        student=pat_student, run=run, status=m.EnrolmentStatus.CONFIRMED,
        requested_at=now, confirmed_at=now,
    )  # fmt: skip
    pat_plan = m.LearningPlan.objects.create(
        student=pat_student, hopes="To feel less alone", wants_from_college="Meet people",
        support_needs="Large print handouts, please", written_by=world.pat_user,
    )  # fmt: skip
    return College(
        term=term, area=area, course=course, wisbech=wisbech, online=online,
        practitioner=practitioner, peer=peer, peer_user=peer_user, run=run, sessions=sessions,
        other_run=other_run, pat_student=pat_student, sam_student=sam_student,
        pat_enrolment=pat_enrolment, pat_plan=pat_plan,
    )  # fmt: skip
