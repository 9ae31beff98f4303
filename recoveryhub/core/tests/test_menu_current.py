"""One current item in the menu (issue 12): for any page, at most one item of each menu
is marked, and it is the one whose part of the service holds the page most closely."""

import re

import pytest
from django.urls import reverse

from recoveryhub.accounts.demo import ensure_demo_accounts
from recoveryhub.accounts.roles import Role
from recoveryhub.college.models import Student
from recoveryhub.core.navigation import Link, account_links, header_items, primary_links

pytestmark = pytest.mark.django_db

# Pages of every part, and addresses below them (ids need not exist: only the menu is drawn).
PATHS = [
    "/",
    "/my-record/",
    "/my-record/carers/3/",
    "/check-ins/",
    "/check-ins/progress/phq-9/",
    "/caseload/",
    "/people/1/",
    "/people/1/check-ins/",
    "/college/",
    "/college/runs/1/",
    "/college/runs/1/enrol/",
    "/college/my-courses/",
    "/college/places/4/",
    "/college/places/4/cancel/",
    "/college/learning-plan/",
    "/college/become-a-student/",
    "/college/teaching/",
    "/college/teaching/runs/2/",
    "/college/manage/",
    "/college/manage/runs/2/enrol/",
    "/college/reach/",
    "/college/money/",
    "/college/funding/",
    "/college/funding/add/",
    "/background-jobs/",
    "/sign-in-links/",
    "/account/",
    "/two-factor/set-up/",
    "/admin/",
    "/admin/accounts/user/",
]


def marked(items: list[dict]) -> list[str]:
    return [item["text"] for item in items if item["current"] or item["active"]]


@pytest.fixture
def demo_users():
    users = ensure_demo_accounts()
    # Someone with more than one role, and so more items that could claim a page.
    both = users[Role.COLLEGE_STAFF]
    for role in (Role.STUDENT, Role.TRAINER, Role.MANAGER, Role.PERSON):
        both.role_grants.create(role=role)
    return list(users.values())


def test_at_most_one_item_is_marked_for_every_demo_role_and_page(demo_users):
    for user in demo_users:
        user = type(user).objects.get(pk=user.pk)  # fresh roles
        for links in (primary_links(user), account_links(user)):
            for path in PATHS + [link.href for link in links]:
                items = header_items(links, path)
                assert len(marked(items)) <= 1, (user.email, path, marked(items))


def test_each_item_is_current_on_its_own_page_and_nothing_else_is_marked(demo_users):
    for user in demo_users:
        links = primary_links(type(user).objects.get(pk=user.pk))
        for link in links:
            items = header_items(links, link.href)
            current = [item["text"] for item in items if item["current"]]
            assert current == [link.text]
            assert not [item for item in items if item["active"]]


@pytest.mark.parametrize(
    ("path", "item"),
    [
        ("/college/my-courses/", "Your courses"),
        ("/college/places/4/", "Your courses"),
        ("/college/learning-plan/", "Your courses"),
        ("/college/runs/1/", "Recovery College"),
        ("/college/manage/runs/2/", "Run the College"),
        ("/college/funding/add/", "College money"),
        ("/college/teaching/runs/2/", "Your teaching"),
        ("/people/1/", None),
        ("/", "Home"),
    ],
)
def test_the_closest_part_is_the_one_marked(demo_users, path, item):
    user = next(u for u in demo_users if u.email == "college@recoveryhub.example")
    links = primary_links(type(user).objects.get(pk=user.pk))
    assert marked(header_items(links, path)) == ([item] if item else [])


def test_ties_go_to_the_first_item():
    links = [Link("One", "/a/"), Link("Two", "/b/", also=("/a/",))]
    assert marked(header_items(links, "/a/x/")) == ["One"]


def test_a_drawn_page_marks_one_item(client, sign_in, world):
    Student.objects.create(user=world.student, full_name="Sam Student", student_type="public")
    sign_in(client, world.student)
    response = client.get(reverse("college:my_courses"))
    assert response.status_code == 200
    page = response.content.decode()
    header = page.split('id="maincontent"')[0]
    assert len(re.findall(r'aria-current="(?:page|true)"', header)) == 1
