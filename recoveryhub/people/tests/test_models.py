import pytest
from django.db import IntegrityError, transaction

from recoveryhub.people.models import CarerLink, Locality, Person, ServiceLine, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def fenland():
    return Locality.objects.create(name="Fenland", slug="fenland", is_rural=True)


def test_a_person_is_shown_by_the_name_they_prefer(fenland):
    assert str(Person(full_name="Margaret Jones", preferred_name="Peggy")) == "Peggy Jones"
    assert str(Person(full_name="Margaret Jones")) == "Margaret Jones"


def test_carers_are_people_and_cannot_care_for_themselves(fenland):
    person = Person.objects.create(full_name="Tom Reed", locality=fenland)
    carer = Person.objects.create(full_name="Ann Reed", locality=fenland)
    CarerLink.objects.create(carer=carer, cared_for=person, relationship="Mother")
    assert list(person.carers.values_list("carer__full_name", flat=True)) == ["Ann Reed"]
    with transaction.atomic(), pytest.raises(IntegrityError):
        CarerLink.objects.create(carer=person, cared_for=person, relationship="Self")
    with transaction.atomic(), pytest.raises(IntegrityError):
        CarerLink.objects.create(carer=carer, cared_for=person, relationship="Mother")


def test_a_team_belongs_to_a_service_line_and_a_locality(fenland):
    line = ServiceLine.objects.create(name="Adult mental health", slug="adult-mental-health")
    team = Team.objects.create(
        name="Fenland Adult Locality Team", service_line=line, locality=fenland
    )
    assert list(fenland.teams.all()) == [team]
    assert list(line.teams.all()) == [team]
