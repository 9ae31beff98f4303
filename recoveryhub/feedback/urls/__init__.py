"""Feedback's pages, one module of URLs for each part (all under the 'feedback' namespace)."""

from . import changes, comments, figures, kiosk, person, public, staff

app_name = "feedback"

urlpatterns = [
    *public.urlpatterns,  # a survey's public link and QR code (no sign-in)
    *kiosk.urlpatterns,  # the clinic tablet: enrolment, the survey, its queue, kiosks
    *person.urlpatterns,  # a signed-in person or carer tells a team how it was
    *staff.urlpatterns,  # the feedback home, a team's hub, its surveys and paper forms
    *comments.urlpatterns,  # comments, their themes reviewed, focus groups
    *changes.urlpatterns,  # "You said, we did": drafts, approval, the public pages
    *figures.urlpatterns,  # FFT figures with SPC limits, contacts, the national return
]
