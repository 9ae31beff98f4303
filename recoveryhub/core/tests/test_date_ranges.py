"""Dates are kept in a sensible range: years such as 0001 and 9999 were stored, and then the
form refused its own stored value. Now they are refused with a clear message and nothing is
written, and every stored value goes back through its edit form unchanged.
"""

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.college.models import FundingSource, LearningPlan, Term
from recoveryhub.core.forms import DateField, years_from
from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures.models import ReminderSchedule
from recoveryhub.people.models import Person
from recoveryhub.plans.models import PositiveRiskPlan, RecoveryPlanVersion
from recoveryhub.plans.tests.test_risk_views import form_data as risk_plan_data

pytestmark = pytest.mark.django_db


def today() -> date:
    """The trust's today, as the forms work it out, read when a test runs (not when it is
    collected: a run that crosses midnight, or a summer evening in UTC, would differ)."""
    return timezone.localdate()


def parts(prefix: str, year, month=1, day=1) -> dict:
    return {f"{prefix}_0": str(day), f"{prefix}_1": str(month), f"{prefix}_2": str(year)}


def long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# The field itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (DateField(noun="Date of birth", past=True), ("1", "1", "0001"),
         "Date of birth must be the same as or after 1 January 1900"),
        (DateField(noun="Date of birth", past=True), ("31", "12", "1899"),
         "Date of birth must be the same as or after 1 January 1900"),
        (DateField(noun="Date of birth", past=True), ("31", "12", "9999"),
         "Date of birth must be in the past"),
        (DateField(noun="Review date", future=True, years_ahead=5), ("31", "12", "9999"),
         lambda t: f"Review date must be the same as or before {long(years_from(t, 5))}"),
        (DateField(noun="Start date"), ("1", "1", "0001"),
         lambda t: f"Start date must be the same as or after {long(years_from(t, -10))}"),
        (DateField(noun="Start date"), ("1", "1", "9999"),
         lambda t: f"Start date must be the same as or before {long(years_from(t, 10))}"),
    ],
)  # fmt: skip
def test_extreme_years_are_refused_in_plain_words(field, typed, message):
    expected = message(today()) if callable(message) else message
    with pytest.raises(Exception) as refused:
        field.clean(list(typed))
    assert refused.value.messages == [expected]


def test_the_ends_of_the_range_are_accepted():
    assert DateField(noun="Date of birth", past=True).clean(["1", "1", "1900"]) == date(1900, 1, 1)
    latest = years_from(today(), 5)
    field = DateField(noun="Review date", future=True, years_ahead=5)
    assert field.clean([str(latest.day), str(latest.month), str(latest.year)]) == latest


def test_a_stored_year_is_shown_with_four_digits():
    assert DateField(noun="Date").widget.decompress(date(1, 2, 3)) == [3, 2, "0001"]
    assert years_from(date(2028, 2, 29), -1) == date(2027, 2, 28)


# Through the pages: refused, nothing written ------------------------------------------------

PERSON = {
    "full_name": "Patricia Jones", "preferred_name": "Pat", "pronouns": "", "nhs_number": "",
    "email": "", "phone": "", "address": "", "contact_preference": "", "interpreter_language": "",
}  # fmt: skip


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("0001", "Date of birth must be the same as or after 1 January 1900"),
        ("1899", "Date of birth must be the same as or after 1 January 1900"),
        ("9999", "Date of birth must be in the past"),
    ],
)
@pytest.mark.parametrize("who", ["pat_user", "recovery_coach"])
def test_a_date_of_birth_out_of_range_is_refused(client, sign_in, world, year, message, who):
    sign_in(client, getattr(world, who))
    before = Person.objects.values().get(pk=world.pat.pk)
    url = (
        reverse("people:my_record_change")
        if who == "pat_user"
        else reverse("people:person_change", args=[world.pat.pk])
    )
    response = client.post(url, {**PERSON, **parts("date_of_birth", year)})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert "#id_date_of_birth_0" in facts.error_summary_links
    assert message in response.content.decode()
    assert Person.objects.values().get(pk=world.pat.pk) == before


def test_a_risk_plan_review_far_ahead_is_refused(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    url = reverse("plans:person_risk_plan_add", args=[world.pat.pk])
    response = client.post(url, {**risk_plan_data(), **parts("review_on", 9999)})
    latest = long(years_from(today(), 5))
    assert f"Review date must be the same as or before {latest}" in response.content.decode()
    assert_good_page(response)
    assert not PositiveRiskPlan.objects.exists()


def test_a_recovery_plan_review_far_ahead_is_refused(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    before = RecoveryPlanVersion.objects.count()
    response = client.post(reverse("plans:edit"), parts("review_on", 9999, 12, 31))
    assert "Review date must be the same as or before" in response.content.decode()
    assert_good_page(response)
    assert RecoveryPlanVersion.objects.count() == before


def test_a_goal_step_far_ahead_or_long_ago_is_refused(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    for year, message in [(9999, "the same as or before"), ("0001", "the same as or after")]:
        data = {"title": "Walk", "why_it_matters": "", "step_1_description": "Go",
                **parts("step_1_target", year)}  # fmt: skip
        response = client.post(reverse("plans:goal_add"), data)
        assert f"Step 1 target date must be {message}" in response.content.decode()
    assert plans.pat_plan.goals.count() == 1


def test_a_first_reminder_more_than_a_year_ahead_is_refused(client, sign_in, world):
    sign_in(client, world.pat_user)
    data = {"instrument": "phq9", "every_days": 14, **parts("starts_on", 9999)}
    response = client.post(reverse("measures:reminders"), data)
    latest = long(years_from(today(), 1))
    assert (
        f"First reminder date must be the same as or before {latest}" in response.content.decode()
    )
    assert not ReminderSchedule.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (parts("starts_on", "0001"), "Start date must be the same as or after"),
        (parts("ends_on", 9999), "End date must be the same as or before"),
    ],
)
def test_a_term_out_of_range_is_refused(client, sign_in, world, college, change, message):
    sign_in(client, world.college_staff)
    data = {"name": "Summer 2027", **parts("starts_on", today().year + 1, 4, 20),
            **parts("ends_on", today().year + 1, 7, 17), **change}  # fmt: skip
    response = client.post(reverse("college:manage_term_add"), data)
    assert message in response.content.decode()
    assert_good_page(response)
    assert Term.objects.count() == 1


def test_funding_out_of_range_is_refused(client, sign_in, world, college):
    sign_in(client, world.college_staff)
    data = {"name": "Lottery", "amount_pence": "1000", "notes": "",
            **parts("starts_on", "0001"), **parts("ends_on", 9999)}  # fmt: skip
    response = client.post(reverse("college:funding_add"), data)
    body = response.content.decode()
    assert "Start date must be the same as or after" in body
    assert "End date must be the same as or before" in body
    assert not FundingSource.objects.filter(name="Lottery").exists()


def test_a_learning_plan_looked_at_again_far_ahead_is_refused(client, sign_in, world, college):
    sign_in(client, world.pat_user)
    before = LearningPlan.objects.count()
    data = {"hopes": "To learn", **parts("revisit_on", 9999)}
    response = client.post(reverse("college:learning_plan"), data)
    assert "must be the same as or before" in response.content.decode()
    assert LearningPlan.objects.count() == before


# Through the pages: a stored value goes back through its form unchanged -----------------------


class _FormReader(HTMLParser):
    """The values a browser would send back from the form whose action is `action`."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.values = action, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") not in ("radio", "checkbox") or "checked" in a:
                self.values.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = [""]
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        self._textarea = None if tag == "textarea" else self._textarea
        self._select = None if tag == "select" else self._select

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def sent_back(client, url: str) -> dict:
    reader = _FormReader(url)
    reader.feed(client.get(url).content.decode())
    return reader.values


@pytest.mark.parametrize("born", [date(1900, 1, 1), date(1984, 3, 15), "yesterday"])
def test_a_stored_date_of_birth_goes_back_through_the_form(client, sign_in, world, born):
    born = today() - timedelta(1) if born == "yesterday" else born
    Person.objects.filter(pk=world.pat.pk).update(date_of_birth=born)
    sign_in(client, world.recovery_coach)
    url = reverse("people:person_change", args=[world.pat.pk])
    values = sent_back(client, url)
    assert values["date_of_birth_2"] == [f"{born.year:04d}"]
    assert client.post(url, values).status_code == 302
    assert Person.objects.get(pk=world.pat.pk).date_of_birth == born


def test_a_stored_term_goes_back_through_the_form(client, sign_in, world, college):
    sign_in(client, world.college_staff)
    url = reverse("college:manage_term_change", args=[college.term.pk])
    before = Term.objects.values().get(pk=college.term.pk)
    assert client.post(url, sent_back(client, url)).status_code == 302
    assert Term.objects.values().get(pk=college.term.pk) == before


def test_a_stored_risk_plan_review_goes_back_through_the_form(client, sign_in, world, plans):
    sign_in(client, world.recovery_coach)
    plan = plans.pat_risk_plan
    url = reverse("plans:risk_plan_change", args=[plan.pk])
    assert client.post(url, sent_back(client, url)).status_code == 302
    plan.refresh_from_db()
    assert plan.review_on == timezone.localdate() + timedelta(days=30)


@pytest.mark.parametrize("part", [0, 1, 2])
def test_too_many_digits_in_a_box_is_not_a_real_date(part):
    from django import forms as django_forms

    from recoveryhub.core.forms import DateField

    class Form(django_forms.Form):
        born = DateField(noun="Date of birth", past=True)

    typed = ["15", "3", "1984"]
    typed[part] = "123456"
    form = Form(data={f"born_{n}": value for n, value in enumerate(typed)})
    assert not form.is_valid()
    assert form.errors["born"] == ["Date of birth must be a real date"]
