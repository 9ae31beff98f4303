"""For demo tests that seed twice: every feedback row deleted (only tests may do this), so
the teams, people and staff it points at can be deleted and written again."""

from recoveryhub.feedback import models as m

# In an order that never deletes a row another still protects.
ORDER = (
    m.YouSaidWeDid, m.ThemeReview, m.CommentTheme, m.Comment, m.FocusGroupTheme,
    m.FocusGroup, m.Answer, m.Response, m.Question, m.Survey, m.Kiosk, m.MonthlyContacts,
    m.ThemeReviewer, m.FeedbackLead, m.MonthlyTally, m.ThemeTally,
)  # fmt: skip


def forget_feedback() -> None:
    for model in ORDER:
        model.objects.all().delete()
