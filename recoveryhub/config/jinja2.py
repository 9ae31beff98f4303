"""The Jinja2 environment: our templates first, then NHS.UK frontend's macros."""

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from recoveryhub.core.presenters import long_date


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def choice_item(choice, current, key: str = "checked") -> dict:
    """A Django form choice as an NHS.UK radios/checkboxes/select item."""
    value, text = choice
    chosen = [str(v) for v in current] if isinstance(current, list | tuple) else [str(current)]
    return {"value": value, "text": text, key: str(value) in chosen}


def first_is_blank(choice) -> bool:
    return choice[0] in ("", None)


def environment(**options) -> Environment:
    # Django builds a loader for the apps' jinja2/ folders; NHS.UK frontend's
    # component macros come after it so an app can never be shadowed by them.
    app_loader = options.pop("loader")
    # The NHS macros read optional nested parameters, which needs ChainableUndefined.
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    env = Environment(
        loader=ChoiceLoader([app_loader, PackageLoader("nhsuk_frontend_jinja")]),
        autoescape=True,
        **options,
    )
    env.globals.update(static=static, url=url)
    env.filters["long_date"] = long_date
    env.filters["choice_item"] = choice_item
    env.tests["first_is_blank"] = first_is_blank
    return env
