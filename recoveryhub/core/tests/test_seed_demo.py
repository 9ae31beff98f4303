import pytest
from django.core.management import CommandError, call_command

from recoveryhub.accounts.models import User
from recoveryhub.core import demo
from recoveryhub.core.models import DemoDataset
from recoveryhub.people.models import CarerLink, Locality, Person, ServiceLine, Team, TeamMember

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.ALLOW_DEMO_DATA = True


def counts() -> dict[str, int]:
    models = [Locality, ServiceLine, Team, TeamMember, Person, CarerLink, User, DemoDataset]
    return {model.__name__: model.objects.count() for model in models}


def snapshot() -> list[tuple]:
    return list(
        Person.objects.order_by("id").values_list(
            "full_name", "preferred_name", "date_of_birth", "locality__name"
        )
    ) + list(User.objects.order_by("id").values_list("email", "full_name"))


def forget_demo_data():
    for model in (CarerLink, Person, TeamMember, Team, ServiceLine, Locality, DemoDataset, User):
        model.objects.all().delete()


def test_small_trust_has_the_shape_the_strategy_describes(capsys):
    call_command("seed_demo", size="small", seed=1)
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
    assert Team.objects.count() == 30
    assert Team.objects.filter(name="Huntingdon Adult Locality Team").exists()
    assert Team.objects.filter(name="Peterborough Reablement Team").exists()
    assert (
        Team.objects.get(name="Wisbech Integrated Neighbourhood Team").locality.name == "Fenland"
    )
    assert TeamMember.objects.count() == 30 * 4
    assert TeamMember.objects.filter(job_title="Team manager").count() == 30
    users_for_people = Person.objects.filter(user__isnull=False).count()
    assert users_for_people == 0
    carers = CarerLink.objects.count()
    assert Person.objects.count() == 400 + carers
    assert 20 < carers < 100  # about 15% of 400
    # Every locality has people, and carers live where the person they care for lives.
    assert Locality.objects.filter(people__isnull=True).count() == 0
    link = CarerLink.objects.select_related("carer", "cared_for").first()
    assert link.carer.locality_id == link.cared_for.locality_id
    # Staff in the synthetic trust cannot sign in; the demo admin can.
    assert not User.objects.filter(
        team_memberships__isnull=False, password__startswith="md5"
    ).exists()
    admin = User.objects.get(email="admin@recoveryhub.example")
    assert admin.is_staff and admin.is_superuser and admin.check_password("recovery-hub-demo")
    out = capsys.readouterr().out
    assert "admin@recoveryhub.example" in out and "recovery-hub-demo" in out
    assert "people: 400 of 400" in out


def test_running_twice_writes_nothing_twice(capsys):
    call_command("seed_demo", size="small", seed=1)
    first = counts()
    call_command("seed_demo", size="small", seed=1)
    assert counts() == first
    assert "already written, nothing to do" in capsys.readouterr().out


def test_same_seed_gives_the_same_trust_and_another_seed_another():
    call_command("seed_demo", size="small", seed=7)
    first = snapshot()
    forget_demo_data()
    call_command("seed_demo", size="small", seed=7)
    assert snapshot() == first
    forget_demo_data()
    call_command("seed_demo", size="small", seed=8)
    assert snapshot() != first


def test_refuses_to_mix_two_different_trusts():
    call_command("seed_demo", size="small", seed=1)
    before = counts()
    with pytest.raises(CommandError, match="--size small --seed 1"):
        call_command("seed_demo", size="small", seed=2)
    assert counts() == before


def test_refuses_where_demo_data_is_not_allowed(settings):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
        call_command("seed_demo", size="small", seed=1)
    assert Person.objects.count() == 0 and User.objects.count() == 0


@pytest.mark.parametrize("args", [["--size", "huge"], ["--seed", "one"]])
def test_bad_arguments_are_refused(args):
    with pytest.raises(CommandError):
        call_command("seed_demo", *args)
    assert Person.objects.count() == 0


def half_a_step(size, seed, progress):
    Locality.objects.create(name="Nowhere", slug="nowhere")
    raise RuntimeError("disk full")


def test_a_step_that_fails_part_way_leaves_nothing_behind(monkeypatch):
    monkeypatch.setattr(demo, "STEPS", [f"{__name__}.half_a_step"])
    with pytest.raises(RuntimeError, match="disk full"):
        demo.seed_demo("small", 1, progress=lambda message: None)
    assert not Locality.objects.exists()
    assert not DemoDataset.objects.exists()


def test_demo_admin_is_repaired_not_duplicated():
    call_command("seed_demo", size="small", seed=1)
    admin = User.objects.get(email="admin@recoveryhub.example")
    admin.set_password("changed-by-someone")
    admin.is_active = False
    admin.save()
    call_command("seed_demo", size="small", seed=1)
    admin.refresh_from_db()
    assert admin.is_active and admin.check_password("recovery-hub-demo")
    assert User.objects.filter(email="admin@recoveryhub.example").count() == 1
