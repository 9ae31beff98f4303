"""Who may reach the clinic tablet's pages (read by core/tests/test_access_matrix.py).

The tablet's pages are public: they answer only to the device cookie, so anyone without
one is sent to the stopped page (not to sign in). Its JSON endpoints take only a POST
from a tablet (test_kiosk_device.py sends them). Service admins alone manage tablets.
"""

PUBLIC = "public"  # as core/tests/test_access_matrix.py says it
POST_ONLY = "post only"
NO_ARGS = lambda w: []  # noqa: E731
ADMINS = {"service_admin"}

MATRIX = {
    "feedback:kiosk_enrol": (lambda w: [w.feedback.enrol_token], PUBLIC),
    "feedback:kiosk": (NO_ARGS, PUBLIC),
    "feedback:kiosk_thanks": (NO_ARGS, PUBLIC),
    "feedback:kiosk_stopped": (NO_ARGS, PUBLIC),
    "feedback:kiosk_worker": (NO_ARGS, PUBLIC),
    "feedback:kiosk_answers": (NO_ARGS, POST_ONLY),
    "feedback:kiosk_ping": (NO_ARGS, POST_ONLY),
    "feedback:kiosks": (NO_ARGS, ADMINS),
    "feedback:kiosk_add": (NO_ARGS, ADMINS),
    "feedback:kiosk_detail": (lambda w: [w.feedback.tablet.pk], ADMINS),
}
