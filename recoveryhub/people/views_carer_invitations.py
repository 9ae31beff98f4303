"""Carers by invitation: the person invites (or a worker with them), the carer accepts.

What an accepted carer sees is chosen afterwards on the person's carer_sharing page.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction

from . import carer_invitations as service
from .forms_carer_invitations import AcceptCarerInvitationForm, CarerInvitationForm
from .models import CarerInvitation, Person
from .services import existing_account


def _own_person(request) -> Person:
    return permissions.get_or_404(
        request.user, "person.invite_carer", Person.objects, user_id=request.user.pk
    )


def _invite(request, person: Person, form: CarerInvitationForm) -> bool:
    """Send it if the form is good; a refusal (their own or a staff address, someone who
    already cares for them) is shown on the email field."""
    if not form.is_valid():
        return False
    try:
        service.invite(
            person,
            carer_name=form.cleaned_data["carer_name"],
            relationship=form.cleaned_data["relationship"],
            email=form.cleaned_data["email"],
            actor=request.user,
            route=request.path,
        )
    except service.CarerInvitationRefusedError as refused:
        form.add_error("email", str(refused))
        return False
    return True


@require_http_methods(["GET", "HEAD", "POST"])
def carer_invite(request):
    person = _own_person(request)
    form = CarerInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _invite(request, person, form):
        name = form.cleaned_data["carer_name"]
        messages.success(request, f"{name} will get an invitation by email")
        return redirect("people:carers")
    return render(request, "people/carer_invite.jinja", {"form": form, "person": person})


@require_POST
def carer_invitation_withdraw(request, invitation_id: int):
    person = permissions.get_or_404(
        request.user, "person.withdraw_carer_invitation", Person.objects, user_id=request.user.pk
    )
    invitation = get_object_or_404(CarerInvitation, pk=invitation_id, cared_for=person)
    service.withdraw(invitation, actor=request.user)
    messages.success(request, f"Your invitation to {invitation.carer_name} has been withdrawn")
    return redirect("people:carers")


@require_http_methods(["GET", "HEAD", "POST"])
def person_carer_invite(request, person_id: int):
    """A worker on the person's team sends it with them, from the person's page."""
    person = permissions.get_or_404(
        request.user, "person.invite_carer", Person.objects, pk=person_id
    )
    if person.user_id == request.user.pk:
        raise Http404  # the person invites from their own carers page
    posted = request.method == "POST"
    form = CarerInvitationForm(request.POST if posted else None, person_name=person.short_name)
    if posted and _invite(request, person, form):
        name = form.cleaned_data["carer_name"]
        messages.success(request, f"{name} will get an invitation by email")
        return redirect("people:person_detail", person_id=person.pk)
    access_log.record_request(request, person, AccessAction.VIEW)  # the page shows their name
    return render(request, "people/carer_invite_with.jinja", {"form": form, "person": person})


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def accept_carer_invitation(request, token: str):
    """Only whoever holds the emailed link can finish this; staff sign-ins are refused."""
    invitation = CarerInvitation.objects.for_token(token)
    reason = service.gone_reason(invitation)
    if reason:
        return _gone(request, reason, invitation)
    if request.user.is_authenticated:
        messages.info(request, "Sign out first to use an invitation to Recovery Hub")
        return redirect("core:home")
    problem = service.acceptance_problem(invitation)
    if problem:
        return render(request, "people/carer_invitation_refused.jinja", {"problem": problem})
    existing = existing_account(invitation.email) is not None
    form = AcceptCarerInvitationForm(
        request.POST if request.method == "POST" else None,
        initial={"full_name": invitation.carer_name},
        email=invitation.email,
        existing=existing,
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = service.accept(
                token,
                full_name=form.cleaned_data.get("full_name", ""),
                password=form.cleaned_data["password"],
            )
        except service.WrongPasswordError as wrong:
            if wrong.stopped:
                return _gone(request, "stopped", invitation)
            form.add_error("password", wrong.message)
        except service.CarerInvitationGoneError as gone:
            return _gone(request, gone.reason, invitation)
        except service.CarerInvitationRefusedError as refused:
            context = {"problem": str(refused)}
            return render(request, "people/carer_invitation_refused.jinja", context)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            name = invitation.cared_for.short_name
            messages.success(
                request,
                f"You are now one of {name}'s carers. {name} chooses what you can see",
            )
            return redirect("people:caring_for")
    return render(
        request,
        "people/carer_invitation_accept.jinja",
        {"form": form, "invitation": invitation, "existing": existing},
    )


def _gone(request, reason: str, invitation: CarerInvitation | None):
    """A clear page for a used, withdrawn, stopped, expired or unknown link."""
    if reason == "unknown":
        invitation = None  # nothing to say about whose it was
    context = {"reason": reason, "invitation": invitation}
    return render(request, "people/carer_invitation_gone.jinja", context, status=404)
