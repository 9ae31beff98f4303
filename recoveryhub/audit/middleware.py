from .trail import acting_as


class AuditActorMiddleware:
    """Whatever a request changes is written to the trail as its signed-in user's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None), request.path):
            return self.get_response(request)
