from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def home(request):
    if request.user.is_authenticated:
        return render(request, "core/home_signed_in.jinja")
    return render(request, "core/home.jinja")


@login_not_required
@require_safe
def accessibility_statement(request):
    return render(request, "core/accessibility.jinja")
