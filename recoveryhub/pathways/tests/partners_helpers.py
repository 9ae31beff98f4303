"""What the listing and partners tests share."""

from recoveryhub.core.models import AccessEvent


def signed_in(sign_in, client, user):
    """Signs anyone in; partners use two-factor sign-in too, so they get an authenticator
    when the world made them without one."""
    if user.must_use_two_factor and getattr(user, "totp_device", None) is None:
        device = user.totpdevice_set.filter(confirmed=True).first()
        user.totp_device = device or user.totpdevice_set.create(
            name="Authenticator app", confirmed=True
        )
    return sign_in(client, user)


def no_access_events() -> bool:
    """These pages show nobody's record: nothing is written to the access log."""
    return not AccessEvent.objects.exists()
