"""bench/load.py's URLconf: every product URL, plus /bench/bare, the yardstick every
page's throughput is divided by. Only gunicorn started by bench/load.py serves it."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from recoveryhub.config import urls as product


@login_not_required
@require_safe
def bare(request):
    """Nothing but Django: the same middleware as every page (session, user, two-factor,
    CSP...), no query of its own, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare, name="bench_bare"), *product.urlpatterns]

handler400 = product.handler400
handler403 = product.handler403
handler404 = product.handler404
handler500 = product.handler500
