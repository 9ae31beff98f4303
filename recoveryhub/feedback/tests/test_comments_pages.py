"""A team's comments and one comment: the team's staff read the redacted words, the
feedback lead alone may read them as written, nobody else reaches them, and no page says
who wrote one."""

import pytest
from django.urls import reverse

from recoveryhub.core.testing import assert_good_page
from recoveryhub.feedback import services
from recoveryhub.feedback.models import Comment
from recoveryhub.feedback.presenters_comments import AS_WRITTEN

pytestmark = pytest.mark.django_db


def comments_url(team, **query):
    url = reverse("feedback:comments", kwargs={"team_id": team.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_urls(world, feedback):
    assert comments_url(world.team_a) == f"/feedback/teams/{world.team_a.pk}/comments/"
    assert reverse("feedback:comment", kwargs={"comment_id": 7}) == "/feedback/comments/7/"


@pytest.mark.parametrize("who", ["peer_worker", "recovery_coach", "manager"])
def test_the_teams_staff_and_lead_read_its_comments(client, sign_in, world, feedback, who):
    sign_in(client, getattr(world, who))
    response = client.get(comments_url(world.team_a))
    facts = assert_good_page(response)
    assert facts.h1s == [f"Comments about {world.team_a.name}"]
    body = response.content.decode()
    assert "The waiting room was cold." in body
    assert "I waited six weeks for a call back." in body
    assert "Letters come too late to plan the bus." in body  # the focus group's
    assert "Kind staff." not in body  # team B's
    assert "4 comments" in body
    assert "Focus group" in body and "Is there anything that could have been better?" in body
    assert "Personal details removed" in body
    assert "Not themed yet" in body  # the focus group's comment
    assert "Our staff" in body and "Positive" in body


def test_no_page_names_who_wrote_a_comment(client, sign_in, world, feedback):
    """Rory is in team A but is not the lead: 'Priya' (and her phone) is never shown."""
    named = feedback.named_comment
    sign_in(client, world.recovery_coach)
    for url in (
        comments_url(world.team_a),
        comments_url(world.team_a, as_written=1),
        reverse("feedback:comment", args=[named.pk]),
        reverse("feedback:comment", args=[named.pk]) + "?as_written=1",
    ):
        body = client.get(url).content.decode()
        assert "Priya" not in body and "07700" not in body, url
        assert AS_WRITTEN not in body
        assert "Show comments as written" not in body and "Show as written" not in body
        assert "Pat" not in body and world.pat_user.email not in body


def test_someone_elses_team_is_not_found(client, sign_in, world, feedback):
    sign_in(client, world.clinician)  # team B
    assert client.get(comments_url(world.team_a)).status_code == 404
    assert (
        client.get(reverse("feedback:comment", args=[feedback.named_comment.pk])).status_code
        == 404
    )
    assert client.get(comments_url(world.team_b)).status_code == 200
    for outsider in (world.pat_user, world.college_staff, world.service_admin, feedback.reviewer):
        sign_in(client, outsider)
        assert client.get(comments_url(world.team_a)).status_code == 404
    sign_in(client, world.manager)
    assert client.get(comments_url(world.team_a)[:-1] + "0/").status_code == 404


def test_the_lead_may_read_comments_as_written_and_is_told(client, sign_in, world, feedback):
    sign_in(client, world.manager)
    body = client.get(comments_url(world.team_a)).content.decode()
    assert "Priya" not in body and "Show comments as written" in body
    body = client.get(comments_url(world.team_a, as_written=1)).content.decode()
    assert "Priya was lovely and rang me back on 07700 900123" in body
    assert AS_WRITTEN in body
    one = reverse("feedback:comment", args=[feedback.named_comment.pk])
    assert "Priya" not in client.get(one).content.decode()
    body = client.get(one + "?as_written=1").content.decode()
    assert "Priya was lovely" in body and AS_WRITTEN in body


def test_one_comment_shows_suggestions_reviews_and_changes(client, sign_in, world, feedback):
    comment = feedback.by_tablet.comments.get()
    services.review_themes(
        comment, reviewer=feedback.reviewer, codes=["access", "communication"],
        sentiment="negative", note="About phoning back too",
    )  # fmt: skip
    sign_in(client, world.peer_worker)
    response = client.get(reverse("feedback:comment", args=[comment.pk]))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert "Getting care and support" in body and "80%" in body  # the suggestion
    assert "A reviewer with lived experience" in body and "Victoria" not in body
    assert "Communication and being involved" in body and "About phoning back too" in body
    assert "Reviewed by someone with lived experience" in body
    assert "Call backs take too long." in body  # the change waiting for approval
    assert reverse("feedback:comments", args=[world.team_a.pk]) in facts.links


def test_a_leads_review_says_so_by_role(client, sign_in, world, feedback):
    comment = feedback.by_tablet.comments.get()
    services.review_themes(comment, reviewer=world.manager, codes=["access"], sentiment="mixed")
    sign_in(client, world.peer_worker)
    body = client.get(reverse("feedback:comment", args=[comment.pk])).content.decode()
    assert "The service&#39;s feedback lead" in body and "Mani" not in body.split("<main")[1]


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"theme": "access"}, ["six weeks"], ["waiting room was cold", "Letters come"]),
        ({"sentiment": "negative"}, ["six weeks"], ["waiting room was cold"]),
        ({"show": "not_reviewed"}, ["six weeks", "Letters come"], []),
        ({"theme": "nonsense", "sentiment": "<script>"}, ["six weeks", "Letters come"], []),
    ],
)
def test_filters(client, sign_in, world, feedback, query, shown, hidden):
    sign_in(client, world.peer_worker)
    body = client.get(comments_url(world.team_a, **query)).content.decode()
    for words in shown:
        assert words in body
    for words in hidden:
        assert words not in body
    if query.get("theme") == "nonsense":
        assert "We could not use some of the filters" in body


def test_the_uncertain_and_month_filters(client, sign_in, world, feedback):
    cold = feedback.by_link.comments.get(question__position=3)
    Comment.objects.filter(pk=cold.pk).update(uncertain=True)
    sign_in(client, world.peer_worker)
    body = client.get(comments_url(world.team_a, show="uncertain")).content.decode()
    assert "1 comment match" in body and "Theme uncertain" in body
    body = client.get(comments_url(world.team_a, month="2001-01")).content.decode()
    assert "We could not use some of the filters" in body  # too old to be offered
    month = cold.answered_on.strftime("%Y-%m")
    body = client.get(comments_url(world.team_a, month=month)).content.decode()
    assert "waiting room was cold" in body


def _more_comments(world, feedback, how_many):
    from recoveryhub.feedback.models import Channel
    from recoveryhub.feedback.testing import answers_for

    for n in range(how_many):
        services.record_response(
            feedback.fft_a,
            answers_for(feedback.fft_a, "good", f"Comment {n} was fine.", "Parking."),
            channel=Channel.LINK,
        )
    services.theme_waiting_comments()


def test_queries_do_not_grow_with_the_page(
    client, sign_in, world, feedback, django_assert_max_num_queries
):
    sign_in(client, world.manager)
    _more_comments(world, feedback, 1)
    client.get(comments_url(world.team_a))  # warm the session
    with django_assert_max_num_queries(25) as few:
        client.get(comments_url(world.team_a, as_written=1))
    _more_comments(world, feedback, 14)  # 30 and more comments, a full page
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(comments_url(world.team_a, as_written=1))
    assert response.content.decode().count('class="nhsuk-card"') == 25
    assert "Page 1 of 2" in response.content.decode()
