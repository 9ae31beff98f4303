"""Reviewing suggested themes: the queue of a reviewer's (or lead's) service lines, uncertain
comments first, then the oldest; a review is kept as it was and the next comment follows;
bad input is refused with nothing written; another service's comment is not found."""

import pytest
from django.urls import reverse

from recoveryhub.core.testing import assert_good_page
from recoveryhub.feedback.models import Comment, CommentTheme, ThemeReview, ThemeReviewer
from recoveryhub.people.models import ServiceLine, Team

pytestmark = pytest.mark.django_db
QUEUE = "/feedback/review/"


def review_url(comment):
    return reverse("feedback:review_comment", kwargs={"comment_id": comment.pk})


def test_the_urls():
    assert reverse("feedback:review") == QUEUE
    assert reverse("feedback:review_comment", kwargs={"comment_id": 3}) == "/feedback/review/3/"


def test_the_queue_explains_and_puts_uncertain_first(client, sign_in, world, feedback):
    cold = feedback.by_link.comments.get(question__position=3)
    Comment.objects.filter(pk=cold.pk).update(uncertain=True)
    sign_in(client, feedback.reviewer)
    response = client.get(QUEUE)
    facts = assert_good_page(response)
    assert facts.h1s == ["Review suggested themes"]
    body = response.content.decode()
    assert "you know from your own experience" in body
    assert "4 comments to review" in body  # themed, unreviewed, both teams of the line
    assert "Letters come" not in body  # the focus group's comment is not themed yet
    order = [body.index(w) for w in ("waiting room was cold", "[name]", "six weeks", "Kind staff")]
    assert order[0] < min(order[1:])  # uncertain first
    assert "Priya" not in body and "07700" not in body
    assert review_url(cold) in facts.links


@pytest.mark.parametrize("who", ["peer_worker", "clinician", "college_staff", "service_admin"])
def test_people_who_neither_review_nor_lead_are_turned_away(client, sign_in, world, feedback, who):
    sign_in(client, getattr(world, who))
    assert client.get(QUEUE).status_code == 404
    assert client.get(review_url(feedback.named_comment)).status_code == 404


def test_a_stopped_reviewer_is_turned_away(client, sign_in, world, feedback):
    ThemeReviewer.objects.filter(user=feedback.reviewer).update(is_active=False)
    sign_in(client, feedback.reviewer)
    assert client.get(QUEUE).status_code == 404


def test_the_form_ticks_the_suggestions_with_their_hints(client, sign_in, world, feedback):
    sign_in(client, feedback.reviewer)
    response = client.get(review_url(feedback.named_comment))
    facts = assert_good_page(response)
    assert facts.h1s == ["Review this comment's themes"]
    body = response.content.decode()
    assert 'value="staff" checked' in body
    assert "How staff treated you: kindness, respect" in body  # a theme's hint
    assert 'value="access" checked' not in body
    assert "Priya" not in body and "[name]" in body


def test_a_review_is_kept_and_the_next_comment_follows(client, sign_in, world, feedback):
    sign_in(client, feedback.reviewer)
    comment = feedback.named_comment
    response = client.post(
        review_url(comment),
        {"themes": ["staff", "communication"], "sentiment": "positive", "note": " Kind words "},
    )
    review = ThemeReview.objects.get(comment=comment)
    assert (review.suggested, review.agreed, review.note) == (
        "staff",
        "communication,staff",
        "Kind words",
    )
    assert review.reviewer == feedback.reviewer
    comment.refresh_from_db()
    assert comment.reviewed_at is not None and comment.sentiment == "positive"
    current = set(
        CommentTheme.objects.filter(comment=comment, current=True).values_list("code", flat=True)
    )
    assert current == {"staff", "communication"}
    following = feedback.by_link.comments.get(question__position=3)  # the next oldest
    assert response.status_code == 302 and response["Location"] == review_url(following)
    page = client.get(response["Location"]).content.decode()
    assert "Your review is saved" in page


def test_the_last_review_goes_back_to_the_queue(client, sign_in, world, feedback):
    sign_in(client, world.manager)  # the lead reviews too
    queue = Comment.objects.filter(themed_at__isnull=False, reviewed_at__isnull=True)
    for comment in queue.order_by("pk"):
        response = client.post(
            review_url(comment), {"themes": ["general"], "sentiment": "neutral"}
        )
    assert response["Location"] == QUEUE
    assert "Nothing to review" in client.get(QUEUE).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sentiment": "positive"}, "Choose at least one theme"),
        ({"themes": ["staff", "made_up"], "sentiment": "positive"}, "Choose themes from the list"),
        ({"themes": ["staff"], "sentiment": "furious"}, "Choose how the comment feels"),
        ({"themes": ["staff"]}, "Choose how the comment feels"),
        (
            {"themes": ["staff"], "sentiment": "positive", "note": "x" * 1001},
            "1000 characters or fewer",
        ),
    ],
)
def test_bad_input_writes_nothing(client, sign_in, world, feedback, data, message):
    sign_in(client, feedback.reviewer)
    response = client.post(review_url(feedback.named_comment), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert "<title>Error: " in body
    assert not ThemeReview.objects.exists()
    assert feedback.named_comment.themes.filter(source="reviewed").count() == 0


def test_odd_characters_are_kept_and_a_nul_byte_is_refused(client, sign_in, world, feedback):
    sign_in(client, feedback.reviewer)
    refused = client.post(
        review_url(feedback.named_comment),
        {"themes": ["staff"], "sentiment": "positive", "note": "bad\x00byte"},
    )
    assert refused.status_code == 400 and not ThemeReview.objects.exists()
    note = "Ça va 👍 <b>‮</b> 'quoted'"
    client.post(
        review_url(feedback.named_comment),
        {"themes": ["staff"], "sentiment": "mixed", "note": note},
    )
    assert ThemeReview.objects.get().note == note


def test_another_services_comment_is_not_found(client, sign_in, world, feedback):
    other_line = ServiceLine.objects.create(name="Older people", slug="older-people")
    other = Team.objects.create(
        name="March Older People", service_line=other_line, locality=world.fenland
    )
    comment = Comment.objects.create(
        team=other,
        response=feedback.on_paper,
        answered_on=feedback.on_paper.answered_on,
        text="Fine",
        redacted="Fine",
    )
    sign_in(client, feedback.reviewer)
    assert client.get(review_url(comment)).status_code == 404
    response = client.post(review_url(comment), {"themes": ["staff"], "sentiment": "positive"})
    assert response.status_code == 404
    assert client.post("/feedback/review/999999/", {"themes": ["staff"]}).status_code == 404
    assert not ThemeReview.objects.exists()


def test_the_queues_queries_do_not_grow(
    client, sign_in, world, feedback, django_assert_max_num_queries
):
    from recoveryhub.feedback import services
    from recoveryhub.feedback.models import Channel
    from recoveryhub.feedback.testing import answers_for

    def more(how_many):
        for n in range(how_many):
            given = answers_for(feedback.fft_a, "good", f"Kind words {n}.", "More parking.")
            services.record_response(feedback.fft_a, given, channel=Channel.LINK)
        services.theme_waiting_comments()

    more(1)
    sign_in(client, feedback.reviewer)
    client.get(QUEUE)
    with django_assert_max_num_queries(30) as few:
        client.get(QUEUE)
    more(14)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(QUEUE).content.decode()
    assert body.count('class="nhsuk-card"') == 25 and "Page 1 of 2" in body
