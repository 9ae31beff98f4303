"""The episodes' pages, one module of URLs for each part (all under the 'episodes' namespace)."""

from . import coaching, figures, person, team

app_name = "episodes"

urlpatterns = [
    *team.urlpatterns,  # a team's incoming referrals, triage, an episode and its ending
    *person.urlpatterns,  # a person's support, their open-door pass, asking for help
    *coaching.urlpatterns,  # recovery coaches: moving out of services, back to the GP
    *figures.urlpatterns,  # managers: what reablement and coaching did, and team settings
]
