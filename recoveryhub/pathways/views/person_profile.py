"""About me: what a person brings and wants for their pathway, the goals from their
recovery plan it is for, and whether they share it ("person.manage_pathway": their own).
Bad input is answered on the form, with nothing written.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from recoveryhub.core import permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.people.models import Person

from ..forms_person import ProfileForm
from ..pathway import plan_goals, profile_of
from ..person_profile import save_profile

_private = cache_control(private=True, no_store=True)


@require_http_methods(["GET", "HEAD", "POST"])
@_private
def profile(request):
    person = permissions.get_or_404(
        request.user, "person.manage_pathway", Person.objects.all(), user_id=request.user.pk
    )
    existing = profile_of(person)
    goals = plan_goals(person)
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, initial=ProfileForm.initial_for(existing), goals=goals)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            save_profile(person, by=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "What you told us about you has been saved")
            return redirect("pathways:mine")
    return render(
        request,
        "pathways/person/profile.jinja",
        {"form": form, "person": person, "is_new": existing is None, "any_goals": goals.exists()},
    )
