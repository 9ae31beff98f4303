"""A service admin undoes a sign-in joined to the wrong record, so the person can be
invited again. There is no service-admin role yet, so the admin role does this; each
look and each undo is in the person's access log."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction

from . import services
from .forms import FindSignInForm, UndoSignInLinkForm
from .models import Person
from .presenters import SignInLinkPresenter


def _joined():
    return Person.objects.filter(user__isnull=False).select_related("user")


def _presented(person) -> SignInLinkPresenter:
    link = (
        person.sign_in_links.filter(user=person.user, undone_at__isnull=True)
        .select_related("invitation__created_by")
        .first()
    )
    return SignInLinkPresenter(person, link)


@require_safe
def sign_in_links(request):
    if not permissions.can(request.user, "sign_in_links.manage"):
        raise Http404
    form = FindSignInForm(request.GET if "email" in request.GET else None)
    found = None
    if form.is_bound and form.is_valid():
        person = _joined().filter(user__email=form.cleaned_data["email"]).first()
        if person is not None and permissions.can(
            request.user, "person.undo_sign_in_link", person
        ):
            access_log.record_request(request, person, AccessAction.VIEW)
            found = _presented(person)
    return render(request, "people/sign_in_links.jinja", {"form": form, "found": found})


@require_http_methods(["GET", "HEAD", "POST"])
def undo_sign_in_link(request, person_id: int):
    person = permissions.get_or_404(
        request.user, "person.undo_sign_in_link", _joined(), pk=person_id
    )
    email = person.user.email
    form = UndoSignInLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.undo_sign_in_link(
            person, actor=request.user, reason=form.cleaned_data["reason"], route=request.path
        )
        messages.success(request, f"{person.display_name}'s record is no longer joined to {email}")
        return redirect("people:sign_in_links")
    access_log.record_request(request, person, AccessAction.VIEW)
    return render(
        request,
        "people/undo_sign_in_link.jinja",
        {"form": form, "found": _presented(person)},
    )
