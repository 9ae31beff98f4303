"""Pages are not kept by browsers or proxies: after signing out, the back button must not
show someone's record again, and a shared computer must not keep a copy of it.

Every response to a signed-in user is `no-store`; so is any other response that does not
choose its own caching (health checks, for example, already say never cache). Static
files never get here: WhiteNoise, before this middleware, answers them with long-lived
caching of their hashed names.
"""

NO_STORE = "no-store"


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class NoStoreMiddleware:
    """After WhiteNoise and before everything else that answers (see settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        chosen = response.get("Cache-Control", "")
        if NO_STORE not in chosen and (not chosen or _signed_in(request)):
            response["Cache-Control"] = NO_STORE
        if NO_STORE in response["Cache-Control"]:
            response["Pragma"] = "no-cache"  # for HTTP/1.0 caches
        return response
