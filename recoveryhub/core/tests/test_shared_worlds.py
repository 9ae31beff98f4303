"""A world shared by a module's tests (conftest.kept_for_the_module): each test sees it,
and never sees what another test wrote."""

import pytest

from conftest import build_world, kept_for_the_module
from recoveryhub.people.models import Person


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker, build_world) as world:
        yield world


@pytest.mark.django_db
@pytest.mark.parametrize("turn", [1, 2, 3])
def test_each_test_sees_the_world_and_none_of_another_tests_writes(shared, turn):
    assert Person.objects.filter(pk=shared.pat.pk, preferred_name="Pat").exists()
    assert not Person.objects.filter(full_name__startswith="Written by test").exists()
    Person.objects.create(full_name=f"Written by test {turn}")
    Person.objects.filter(pk=shared.pat.pk).update(preferred_name=f"Changed by test {turn}")
