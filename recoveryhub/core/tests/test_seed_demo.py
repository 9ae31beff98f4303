from io import StringIO

import nhs_number
import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from recoveryhub.accounts.demo import DEMO_ACCOUNTS, demo_totp_secret
from recoveryhub.accounts.models import RoleGrant, User
from recoveryhub.accounts.roles import Role, needs_two_factor
from recoveryhub.college.models import Student
from recoveryhub.core.models import DemoDataset
from recoveryhub.core.permissions import can
from recoveryhub.measures.models import CheckIn
from recoveryhub.people.models import (
    CarerLink,
    CaseloadAssignment,
    Locality,
    Person,
    ServiceLine,
    Team,
    TeamMember,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.ALLOW_DEMO_DATA = True


def counts() -> dict[str, int]:
    models = [Locality, ServiceLine, Team, TeamMember, Person, CarerLink, User, DemoDataset]
    return {model.__name__: model.objects.count() for model in models}


def snapshot() -> list[tuple]:
    return (
        list(
            Person.objects.order_by("id").values_list(
                "full_name", "preferred_name", "date_of_birth", "locality__name"
            )
        )
        + list(User.objects.order_by("id").values_list("email", "full_name"))
        # Check-ins too: their answers are drawn from sets made for the seed.
        + list(
            CheckIn.objects.order_by("id").values_list(
                "person__nhs_number", "instrument", "answers", "total", "completed_at"
            )
        )
    )


def forget_demo_data():
    from recoveryhub.college.tests.test_demo import forget_the_college
    from recoveryhub.episodes.tests.test_demo import forget_episodes
    from recoveryhub.plans.tests.test_demo import forget_plans

    forget_episodes()  # a used pass and a joined referral stop their people's deletes
    forget_plans()  # plans and their unchangeable versions refer to people and users
    forget_the_college()  # the College's demo data refers to people, teams and users
    for model in (CarerLink, Person, TeamMember, Team, ServiceLine, Locality, DemoDataset, User):
        model.objects.all().delete()


def test_small_trust_has_the_shape_the_strategy_describes(small_demo_for_the_module):
    assert set(Locality.objects.values_list("name", flat=True)) == {
        "Cambridge", "South Cambridgeshire", "East Cambridgeshire",
        "Huntingdonshire", "Fenland", "Peterborough",
    }  # fmt: skip
    assert set(Locality.objects.filter(is_rural=True).values_list("name", flat=True)) == {
        "East Cambridgeshire",
        "Fenland",
    }
    assert set(ServiceLine.objects.values_list("name", flat=True)) == {
        "Adult mental health", "Older people's mental health", "Children and young people",
        "Learning disability", "Community physical health",
    }  # fmt: skip
    # 30 teams across the service lines, and the episodes' two: Peterborough's dedicated
    # mental health reablement team and the Recovery College's recovery coaches.
    assert Team.objects.count() == 32
    assert Team.objects.filter(name="Peterborough Mental Health Reablement Team").exists()
    assert Team.objects.filter(name="Huntingdon Adult Locality Team").exists()
    assert Team.objects.filter(name="Peterborough Reablement Team").exists()
    assert (
        Team.objects.get(name="Wisbech Integrated Neighbourhood Team").locality.name == "Fenland"
    )
    # 4 staff in each team (6 in the reablement team), and the 4 demo staff who work in one.
    assert TeamMember.objects.count() == 31 * 4 + 6 + 4
    assert TeamMember.objects.filter(job_title="Team manager").count() == 32
    carers = CarerLink.objects.count()
    # 400 people and their carers, plus the demo person and the demo carer.
    assert Person.objects.count() == 400 + carers + 1
    assert Person.objects.filter(user__isnull=False).count() == 2
    assert 20 < carers < 100  # about 15% of 400
    # Every locality has people, and carers live where the person they care for lives.
    assert Locality.objects.filter(people__isnull=True).count() == 0
    link = CarerLink.objects.select_related("carer", "cared_for").first()
    assert link.carer.locality_id == link.cared_for.locality_id
    # Some carers are shared with, some are not.
    assert CarerLink.objects.filter(shares_plans=True).exists()
    assert CarerLink.objects.filter(shares_plans=False, shares_check_ins=False).exists()
    # NHS numbers only from the range that is never issued, all valid and different.
    numbers = list(Person.objects.values_list("nhs_number", flat=True))
    assert all(n.startswith("999") and nhs_number.is_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    # Caseloads across teams, some ended, some with a named worker.
    assert CaseloadAssignment.objects.values("team").distinct().count() > 20
    assert CaseloadAssignment.objects.filter(ends_on__isnull=False).exists()
    assert CaseloadAssignment.objects.filter(worker__isnull=False).exists()
    # Staff in the synthetic trust cannot sign in, and have roles from their jobs.
    synthetic = User.objects.filter(email__endswith="@staff.recoveryhub.example")
    assert not any(u.has_usable_password() for u in synthetic)
    assert RoleGrant.objects.filter(user__in=synthetic, role=Role.MANAGER).count() == 32
    out = small_demo_for_the_module
    assert "admin@recoveryhub.example" in out and "recovery-hub-demo" in out
    assert demo_totp_secret() in out
    assert "people: 400 of 400" in out


def test_running_twice_writes_nothing_twice(capsys, small_demo_for_the_module):
    first = counts()
    call_command("seed_demo", size="small", seed=1)
    assert counts() == first
    assert "already written, nothing to do" in capsys.readouterr().out


def test_same_seed_gives_the_same_trust_and_another_seed_another(small_demo_for_the_module):
    first = snapshot()  # seed 1, written for the module
    forget_demo_data()
    call_command("seed_demo", size="small", seed=1, stdout=StringIO())
    assert snapshot() == first
    forget_demo_data()
    call_command("seed_demo", size="small", seed=8, stdout=StringIO())
    assert snapshot() != first


def test_refuses_to_mix_two_different_trusts(small_demo_for_the_module):
    before = counts()
    with pytest.raises(CommandError, match="--size small --seed 1"):
        call_command("seed_demo", size="small", seed=2)
    assert counts() == before


def test_demo_admin_is_repaired_not_duplicated(small_demo_for_the_module):
    admin = User.objects.get(email="admin@recoveryhub.example")
    admin.set_password("changed-by-someone")
    admin.is_active = False
    admin.save()
    call_command("seed_demo", size="small", seed=1)
    admin.refresh_from_db()
    assert admin.is_active and admin.check_password("recovery-hub-demo")
    assert User.objects.filter(email="admin@recoveryhub.example").count() == 1


def test_one_demo_account_per_role_with_two_factor_where_the_role_needs_it(
    small_demo_for_the_module,
):
    out = small_demo_for_the_module
    for role, email, _name, _flags in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        # Their own role, and the student role only with a College student record
        # (the demo person and carer study at the College too).
        has_student_record = Student.objects.filter(user=user).exists()
        assert user.roles == {role} | ({Role.STUDENT} if has_student_record else set())
        assert user.check_password("recovery-hub-demo")
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists() == needs_two_factor(
            {role}
        )
        assert email in out
    admin = User.objects.get(email="admin@recoveryhub.example")
    assert admin.is_staff and admin.is_superuser


def test_each_demo_role_has_something_to_see(small_demo_for_the_module):
    person = Person.objects.get(user__email="person@recoveryhub.example")
    by_email = {email: User.objects.get(email=email) for _r, email, _n, _f in DEMO_ACCOUNTS}
    for email in ["peer.worker@recoveryhub.example", "recovery.coach@recoveryhub.example",
                  "clinician@recoveryhub.example"]:  # fmt: skip
        assert can(by_email[email], "person.view", person)
    carer = by_email["carer@recoveryhub.example"]
    assert can(carer, "person.view_plans", person)
    # Alex shares her College courses with Jordan, so the carer's College page has content.
    assert can(carer, "person.view_college_record", person)
    assert not can(by_email["college@recoveryhub.example"], "person.view", person)
    assert can(by_email["manager@recoveryhub.example"], "aggregates.view")
    # Alex shares her support from the team with Jordan, and her coach works with it.
    assert can(carer, "person.view_episodes", person)
    assert can(by_email["recovery.coach@recoveryhub.example"], "person.view_episodes", person)


def test_the_printed_two_factor_hint_works_as_printed(small_demo_for_the_module, tmp_path):
    """seed_demo tells reviewers how to get a code; that command, run as printed from the
    project folder, prints the code the demo accounts' authenticator shows now."""
    import os
    import re
    import shutil
    import subprocess
    from pathlib import Path

    from django_otp.oath import TOTP

    from recoveryhub.accounts.demo import DEMO_TOTP_KEY

    hint = re.search(r"run `([^`]+)` in the project folder", small_demo_for_the_module)
    assert hint, "seed_demo no longer prints how to get a code"
    root = Path(__file__).resolve().parents[3]
    env = {"PATH": os.environ["PATH"], "RECOVERYHUB_VAR_DIR": str(tmp_path)}
    result = subprocess.run(  # noqa: S603 - our own Makefile target
        [shutil.which("sh"), "-c", hint.group(1)], cwd=root, env=env,
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
    now = {f"{totp.token():06d}"}
    totp.time += totp.step  # the code may have moved on while the command ran
    assert result.stdout.split()[0] in now | {f"{totp.token():06d}"}
