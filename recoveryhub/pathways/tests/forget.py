"""For demo tests that seed twice: every pathways row deleted (only tests may do this), so
the College, plans, episodes and people it points at can be deleted and written again."""

from recoveryhub.pathways import models as m

# In an order that never deletes a row another still protects.
ORDER = (
    m.PanelBooking, m.Payment, m.HoursLog, m.OnboardingItem, m.Placement, m.Interest,
    m.JobStart, m.EmploymentSupport, m.FidelityScore, m.FidelityReview, m.PanelMember,
    m.PathwayProfile, m.Opportunity, m.PartnerContact, m.Partner, m.Skill,
)  # fmt: skip


def forget_pathways() -> None:
    for model in ORDER:
        model.objects.all().delete()
