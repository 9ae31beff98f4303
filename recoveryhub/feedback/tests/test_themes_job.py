"""The theming job: every waiting comment gets suggested themes, a sentiment, the model's
version and when; a second run changes nothing; a backlog bigger than a batch is done in
batches, and a run stops after its most batches."""

import pytest

from recoveryhub.feedback import classifier, themes_job
from recoveryhub.feedback.models import Comment, CommentTheme
from recoveryhub.feedback.themes import BY_CODE, SENTIMENTS

pytestmark = pytest.mark.django_db


def test_waiting_comments_are_themed_once(feedback):
    waiting = list(Comment.objects.filter(themed_at__isnull=True).values_list("pk", flat=True))
    assert waiting  # the focus group's comment and the drop-in survey's have waited
    assert themes_job.theme_comments() == {"themed": len(waiting)}
    for comment in Comment.objects.filter(pk__in=waiting):
        assert comment.themed_at is not None
        assert comment.model_version == classifier.MODEL_VERSION
        assert comment.sentiment in SENTIMENTS
        suggested = CommentTheme.objects.filter(comment=comment, source="suggested")
        assert suggested.exists()
        assert all(t.code in BY_CODE and 0 <= t.probability <= 1 for t in suggested)
    before = sorted(CommentTheme.objects.values_list("comment_id", "code", "probability"))
    stamps = sorted(Comment.objects.values_list("pk", "themed_at"))
    assert themes_job.theme_comments() == {"themed": 0}
    assert sorted(CommentTheme.objects.values_list("comment_id", "code", "probability")) == before
    assert sorted(Comment.objects.values_list("pk", "themed_at")) == stamps


def test_a_backlog_is_done_in_batches_and_a_run_is_bounded(feedback):
    Comment.objects.update(themed_at=None)
    CommentTheme.objects.all().delete()
    total = Comment.objects.count()
    assert total >= 5
    assert themes_job.theme_comments(batch=2, most_batches=1) == {"themed": 2}
    assert Comment.objects.filter(themed_at__isnull=True).count() == total - 2
    assert themes_job.theme_comments(batch=2) == {"themed": total - 2}
    assert not Comment.objects.filter(themed_at__isnull=True).exists()


def test_a_reviewed_comments_new_suggestions_do_not_replace_the_review(feedback):
    from recoveryhub.feedback import services

    comment = feedback.named_comment
    services.review_themes(
        comment, reviewer=feedback.reviewer, codes=["general"], sentiment="positive"
    )
    Comment.objects.filter(pk=comment.pk).update(themed_at=None)
    themes_job.theme_comments()
    current = CommentTheme.objects.filter(comment=comment, current=True)
    assert list(current.values_list("code", "source")) == [("general", "reviewed")]
