"""Sign-ins for bench/load.py's virtual users, one account each, added to a demo trust.

django-otp accepts each code once per device, so fifty staff signing in at once need
fifty devices: every staff account here has its own, on the demo key (README.md).
People and students take over seeded records that have no sign-in yet (people on a
caseload, students with enrolments), so each sees a record of their own.
Made the way accounts/demo.py makes the demo sign-ins.

Run by bench/load.py in the benchmark's own database (never a live one):

    python bench/load_accounts.py PEOPLE WORKERS STUDENTS MANAGERS

Prints the sign-in emails by role as JSON.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER_ROLES_IN_TURN = ["peer_worker", "recovery_coach", "clinician"]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    if not settings.ALLOW_DEMO_DATA:
        sys.exit("load_accounts.py writes demo sign-ins: set ALLOW_DEMO_DATA=1.")
    people, workers, students, managers = (int(n) for n in sys.argv[1:5])
    print(json.dumps(add_sign_ins(people, workers, students, managers)))


def add_sign_ins(people: int, workers: int, students: int, managers: int) -> dict:
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from recoveryhub.accounts.demo import DEMO_TOTP_KEY
    from recoveryhub.accounts.models import RoleGrant, User
    from recoveryhub.accounts.roles import Role
    from recoveryhub.college.models import Student
    from recoveryhub.people.demo import DEMO_TEAM
    from recoveryhub.people.models import CaseloadAssignment, Person, Team, TeamMember

    team = Team.objects.get(name=DEMO_TEAM)
    # The demo person's password hash, so no account here costs a slow hash.
    password = User.objects.get(email="person@recoveryhub.example").password

    def account(email: str, name: str, role: str) -> User:
        user, _ = User.objects.update_or_create(
            email=email, defaults={"full_name": name, "is_active": True, "password": password}
        )
        RoleGrant.objects.get_or_create(user=user, role=role)
        return user

    def staff(email: str, name: str, role: str) -> str:
        user = account(email, name, role)
        TeamMember.objects.get_or_create(user=user, team=team, defaults={"job_title": name})
        TOTPDevice.objects.update_or_create(
            user=user, name="Load test authenticator",
            defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
        )  # fmt: skip
        return email

    emails: dict[str, list[str]] = {"person": [], "worker": [], "student": [], "manager": []}
    with transaction.atomic():
        on_caseload = CaseloadAssignment.objects.current().values("person")
        for i, record in enumerate(
            Person.objects.filter(pk__in=on_caseload, user=None).order_by("pk")[:people]
        ):
            email = f"load.person.{i}@recoveryhub.example"
            record.user = account(email, record.full_name, Role.PERSON)
            record.save(update_fields=["user"])
        emails["person"] = list(
            User.objects.filter(email__startswith="load.person.").values_list("email", flat=True)
        )
        for i in range(workers):
            role = WORKER_ROLES_IN_TURN[i % len(WORKER_ROLES_IN_TURN)]
            emails["worker"].append(staff(f"load.worker.{i}@recoveryhub.example", role, role))
        for i in range(managers):
            emails["manager"].append(
                staff(f"load.manager.{i}@recoveryhub.example", "Manager", Role.MANAGER)
            )
        learners = Student.objects.filter(user=None, enrolments__isnull=False).distinct()
        for i, student in enumerate(learners.order_by("pk")[:students]):
            email = f"load.student.{i}@recoveryhub.example"
            student.user = account(email, student.full_name, Role.STUDENT)
            student.save(update_fields=["user"])
        emails["student"] = list(
            User.objects.filter(email__startswith="load.student.").values_list("email", flat=True)
        )
    return emails


if __name__ == "__main__":
    main()
