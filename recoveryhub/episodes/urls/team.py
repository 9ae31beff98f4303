"""team pages of the episodes: a team's incoming referrals, triage, adding a referral, an
episode and its changes, and ending it well."""

from django.urls import path

from recoveryhub.episodes.views import team, team_changes, team_episode

urlpatterns = [
    path("referrals/", team.incoming, name="incoming"),
    path("referrals/<int:referral_id>/", team.referral, name="referral"),
    path("referrals/<int:referral_id>/accept/", team.accept, name="referral_accept"),
    path("referrals/<int:referral_id>/join/", team.merge, name="referral_merge"),
    path("referrals/<int:referral_id>/decline/", team.decline, name="referral_decline"),
    path("people/<int:person_id>/refer/", team.person_refer, name="person_refer"),
    path("episodes/<int:episode_id>/", team_episode.episode, name="episode"),
    path("episodes/<int:episode_id>/status/", team_changes.status, name="episode_status"),
    path("episodes/<int:episode_id>/contacts/add/", team_changes.contact, name="contact_add"),
    path("episodes/<int:episode_id>/goals/add/", team_changes.goal, name="goal_add"),
    path("episodes/<int:episode_id>/details/", team_changes.details, name="episode_details"),
    path("episodes/<int:episode_id>/end/", team_changes.end, name="end"),
]
