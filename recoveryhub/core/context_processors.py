from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from .navigation import account_links, primary_links


def layout(request) -> dict:
    # Error pages can be drawn before authentication has run.
    user = getattr(request, "user", None) or AnonymousUser()
    path = request.path
    account = [link.as_header_item(path) for link in account_links(user)]
    if user.is_authenticated:
        account.insert(0, {"text": user.display_name, "icon": True})
    return {
        "primary_navigation": [link.as_header_item(path) for link in primary_links(user)],
        "account_navigation": account,
        "trust_name": settings.TRUST_NAME,
    }
