from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from .navigation import account_links, header_items, primary_links


def layout(request) -> dict:
    # Error pages can be drawn before authentication has run.
    user = getattr(request, "user", None) or AnonymousUser()
    path = request.path
    account = header_items(account_links(user), path)
    if user.is_authenticated:
        account.insert(0, {"text": user.display_name, "icon": True})
    return {
        "primary_navigation": header_items(primary_links(user), path),
        "account_navigation": account,
        "trust_name": settings.TRUST_NAME,
    }
