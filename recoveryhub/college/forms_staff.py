"""Forms College staff use to run the prospectus and enrolments.

Every message is in NHS voice and sits on the field it is about. Rules that belong to
the domain (places, co-production, trainers in two places at once) stay in services.py:
views pass any ValidationError they raise back onto these forms with `apply_error`.
Amounts of money are typed in pounds with `forms_money.PoundsField` and kept in pence.
"""

import re
from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from recoveryhub.core.forms import DateField, EmailAddressField
from recoveryhub.people.models import Locality, ServiceLine

from .forms_money import PoundsField
from .models import (
    Audience,
    Course,
    CourseRun,
    CurriculumArea,
    FundingSource,
    StudentType,
    Term,
    Trainer,
    Venue,
    VenueKind,
)

POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


def apply_error(form: forms.Form, error: ValidationError, fields: dict | None = None) -> None:
    """A services ValidationError shown on the form: each message on its field if the form
    has one (renamed through `fields`), else in the error summary."""
    fields = fields or {}
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = fields.get(name, name)
            for message in messages:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _int_field(label: str, noun: str, *, min_value: int, max_value: int, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter {noun}",
            "invalid": f"{noun[:1].upper()}{noun[1:]} must be a whole number",
            "min_value": f"{noun[:1].upper()}{noun[1:]} must be {min_value} or more",
            "max_value": f"{noun[:1].upper()}{noun[1:]} must be {max_value} or fewer",
        },
        **kwargs,
    )


def _choice_messages(what: str) -> dict:
    chosen = f"Select {what}"
    return {"required": chosen, "invalid_choice": f"{chosen} from the list"}


class _Slugged:
    """Names that become web addresses: a new name must not make a slug already in use."""

    slug_source = "name"

    def _check_slug(self, cleaned) -> None:
        name = cleaned.get(self.slug_source)
        if not name:
            return
        slug = slugify(name)[:50]
        if not slug:
            self.add_error(self.slug_source, "Use some letters or numbers in the name")
            return
        others = type(self.instance)._default_manager.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        same_name = others.filter(**{self.slug_source: name}).exists()  # "already exists"
        if not same_name and others.filter(slug=slug).exists():
            self.add_error(self.slug_source, "That name is too like one already in use")
        self.slug = slug

    def save(self, commit=True):
        if not self.instance.pk or not self.instance.slug:
            self.instance.slug = self.slug
        return super().save(commit)


# Prospectus ---------------------------------------------------------------------------


class TermForm(_Slugged, forms.ModelForm):
    name = forms.CharField(
        label="Name",
        help_text="For example, Spring 2027",
        max_length=50,
        error_messages={
            "required": "Enter the term's name",
            "unique": "A term with that name already exists",
            "max_length": "Name must be 50 characters or fewer",
        },
    )
    # Terms are planned a few years ahead at most; older ones are only looked back on.
    starts_on = DateField(
        noun="Start date", years_ahead=5, label="Start date", help_text="For example, 6 1 2027"
    )
    ends_on = DateField(
        noun="End date", years_ahead=5, label="End date", help_text="For example, 31 3 2027"
    )

    class Meta:
        model = Term
        fields = ["name", "starts_on", "ends_on"]

    def clean(self):
        cleaned = super().clean()
        self._check_slug(cleaned)
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "End date must be the same as or after the start date")
        return cleaned


class AreaForm(_Slugged, forms.ModelForm):
    name = forms.CharField(
        label="Name",
        help_text="For example, Living well and self-management",
        max_length=100,
        error_messages={
            "required": "Enter the curriculum area's name",
            "unique": "A curriculum area with that name already exists",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": "Description must be 1000 characters or fewer"},
    )

    class Meta:
        model = CurriculumArea
        fields = ["name", "description"]

    def clean(self):
        cleaned = super().clean()
        self._check_slug(cleaned)
        return cleaned


class CourseForm(_Slugged, forms.ModelForm):
    slug_source = "title"

    title = forms.CharField(
        label="Title",
        max_length=150,
        error_messages={
            "required": "Enter the course title",
            "unique": "A course with that title already exists",
            "max_length": "Title must be 150 characters or fewer",
        },
    )
    area = forms.ModelChoiceField(
        label="Curriculum area",
        queryset=CurriculumArea.objects.all(),
        empty_label="Choose an area",
        error_messages=_choice_messages("a curriculum area"),
    )
    summary = forms.CharField(
        label="Summary",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter a summary of the course",
            "max_length": "Summary must be 2000 characters or fewer",
        },
    )
    learning_outcomes = forms.CharField(
        label="Learning outcomes",
        help_text="One outcome a line",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter at least one learning outcome",
            "max_length": "Learning outcomes must be 2000 characters or fewer",
        },
    )
    session_count = _int_field(
        "Number of sessions", "the number of sessions", min_value=1, max_value=52
    )
    session_minutes = _int_field(
        "Length of each session, in minutes",
        "the length of each session",
        min_value=15,
        max_value=480,
        help_text="For example, 120 for 2 hours",
    )
    audience = forms.ChoiceField(
        label="Who is it for?",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("who the course is for"),
    )
    audience_service_line = forms.ModelChoiceField(
        label="Which service? (only for people using a particular service)",
        queryset=ServiceLine.objects.all(),
        required=False,
        empty_label="Not for one service",
        error_messages=_choice_messages("the service"),
    )
    completion_percent = _int_field(
        "Share of sessions to attend to complete the course, as a percentage",
        "the share of sessions to attend",
        min_value=1,
        max_value=100,
        help_text="For example, 75",
    )

    class Meta:
        model = Course
        fields = [
            "title", "area", "summary", "learning_outcomes", "session_count",
            "session_minutes", "audience", "audience_service_line", "completion_percent",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("completion_percent", 75)
            self.initial.setdefault("audience", Audience.EVERYONE)

    def clean_learning_outcomes(self):
        value = self.cleaned_data["learning_outcomes"]
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if not lines:
            raise ValidationError("Enter at least one learning outcome")
        return "\n".join(lines)

    def clean(self):
        cleaned = super().clean()
        self._check_slug(cleaned)
        audience, line = cleaned.get("audience"), cleaned.get("audience_service_line")
        if audience == Audience.SERVICE and line is None:
            self.add_error(
                "audience_service_line",
                "Select the service, as the course is for people using a particular service",
            )
        elif audience and audience != Audience.SERVICE and line is not None:
            self.add_error(
                "audience_service_line",
                "Only choose a service when the course is for people using a particular service",
            )
        return cleaned


ACCESS = [
    ("step_free", "Step-free access"),
    ("hearing_loop", "Hearing loop"),
    ("accessible_toilet", "Accessible toilet"),
]


class VenueForm(forms.ModelForm):
    name = forms.CharField(
        label="Name",
        max_length=150,
        error_messages={
            "required": "Enter the venue's name",
            "unique": "A venue with that name already exists",
            "max_length": "Name must be 150 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of venue",
        choices=VenueKind.choices,
        widget=forms.RadioSelect,
        help_text="Outreach venues take the College to where people live",
        error_messages=_choice_messages("the kind of venue"),
    )
    address = forms.CharField(
        label="Address",
        required=False,
        max_length=500,
        widget=forms.Textarea,
        help_text="Not needed for online",
        error_messages={"max_length": "Address must be 500 characters or fewer"},
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        error_messages={"max_length": "Enter a real postcode, like PE13 1AB"},
    )
    locality = forms.ModelChoiceField(
        label="Locality",
        queryset=Locality.objects.all(),
        required=False,
        empty_label="Choose a locality",
        error_messages=_choice_messages("a locality"),
    )
    access = forms.MultipleChoiceField(
        label="Access",
        choices=ACCESS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that the venue has",
        error_messages={"invalid_choice": "Select access from the list"},
    )
    parking = forms.CharField(
        label="Parking (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "Parking must be 200 characters or fewer"},
    )
    bus_routes = forms.CharField(
        label="Bus routes (optional)",
        required=False,
        max_length=200,
        help_text="For example, X1, 46",
        error_messages={"max_length": "Bus routes must be 200 characters or fewer"},
    )
    access_notes = forms.CharField(
        label="Anything else about access (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": "Access notes must be 1000 characters or fewer"},
    )
    cost_per_session_pence = PoundsField(
        noun="Cost per session",
        label="Cost per session, in pounds",
        help_text="For example, 40.00. Enter 0 if it is free",
        max_pence=10_000_000,
    )

    class Meta:
        model = Venue
        fields = [
            "name", "kind", "address", "postcode", "locality", "parking", "bus_routes",
            "access_notes", "cost_per_session_pence",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["access"] = [
                name for name, _label in ACCESS if getattr(self.instance, name)
            ]
        else:
            self.initial.setdefault("cost_per_session_pence", 0)

    def clean_postcode(self):
        value = " ".join(self.cleaned_data["postcode"].upper().split())
        if value and not POSTCODE.match(value):
            raise ValidationError("Enter a real postcode, like PE13 1AB")
        if value and " " not in value:
            value = f"{value[:-3]} {value[-3:]}"
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") and cleaned["kind"] != VenueKind.ONLINE:
            for name, message in [
                ("address", "Enter the address"),
                ("postcode", "Enter the postcode"),
                ("locality", "Select the locality"),
            ]:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, f"{message}, or choose online as the kind of venue")
        return cleaned

    def save(self, commit=True):
        chosen = set(self.cleaned_data.get("access") or [])
        for name, _label in ACCESS:
            setattr(self.instance, name, name in chosen)
        return super().save(commit)


# Runs ---------------------------------------------------------------------------------


def _capacity_field(label="Places"):
    return _int_field(label, "the number of places", min_value=1, max_value=500)


class RunForm(forms.Form):
    course = forms.ModelChoiceField(
        label="Course",
        queryset=Course.objects.all(),
        empty_label="Choose a course",
        error_messages=_choice_messages("a course"),
    )
    term = forms.ModelChoiceField(
        label="Term",
        queryset=Term.objects.all(),
        empty_label="Choose a term",
        error_messages=_choice_messages("a term"),
    )
    capacity = _capacity_field()
    funding_source = forms.ModelChoiceField(
        label="Funding source (optional)",
        queryset=FundingSource.objects.all(),
        required=False,
        empty_label="Not chosen yet",
        error_messages=_choice_messages("a funding source"),
    )
    materials_pence = PoundsField(
        noun="Materials cost",
        label="Materials cost, in pounds",
        help_text="For example, 25.00. Enter 0 if there are none",
        max_pence=10_000_000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].error_messages["min_value"] = "Places must be 1 or more"
        self.initial.setdefault("materials_pence", 0)


class CapacityForm(forms.Form):
    capacity = _capacity_field("How many places?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].error_messages["min_value"] = "Places must be 1 or more"


class TrainerForm(forms.Form):
    trainer = forms.ModelChoiceField(
        label="Trainer",
        queryset=Trainer.objects.none(),
        empty_label="Choose a trainer",
        error_messages=_choice_messages("a trainer"),
    )

    def __init__(self, run: CourseRun, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["trainer"]
        field.queryset = Trainer.objects.select_related("user").exclude(run_trainers__run=run)
        field.label_from_instance = lambda t: f"{t} – {t.get_kind_display()}"


class TimeField(forms.TimeField):
    """A time typed as HH:MM on the 24-hour clock."""

    def __init__(self, *, noun: str, **kwargs):
        super().__init__(
            input_formats=["%H:%M", "%H.%M"],
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            error_messages={
                "required": f"Enter {noun.lower()}",
                "invalid": f"{noun} must be a time like 14:30",
            },
            **kwargs,
        )
        self.widget.format = "%H:%M"


class SessionForm(forms.Form):
    date = DateField(noun="Date", label="Date", help_text="For example, 14 4 2027")
    starts = TimeField(noun="Start time", label="Start time", help_text="For example, 10:00")
    ends = TimeField(noun="End time", label="End time", help_text="For example, 12:00")
    venue = forms.ModelChoiceField(
        label="Venue",
        queryset=Venue.objects.all(),
        empty_label="Choose a venue",
        error_messages=_choice_messages("a venue"),
    )

    # A services error about when the session starts belongs on its date.
    SERVICE_FIELDS = {"starts_at": "date", "ends_at": "ends"}

    def __init__(self, run: CourseRun, *args, **kwargs):
        self.run = run
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("date"), cleaned.get("starts"), cleaned.get("ends")
        if day is None:
            return cleaned
        if day < timezone.localdate():
            self.add_error("date", "Date must be today or in the future")
        elif not self.run.term.starts_on <= day <= self.run.term.ends_on:
            self.add_error(
                "date",
                f"Date must be within {self.run.term.name}, between "
                f"{_day(self.run.term.starts_on)} and {_day(self.run.term.ends_on)}",
            )
        if starts and ends and ends <= starts:
            self.add_error("ends", "End time must be after the start time")
        if starts and not self.errors:
            cleaned["starts_at"] = _at(day, starts)
            if cleaned["starts_at"] <= timezone.now():
                self.add_error("starts", "Start time must be in the future")
            if ends:
                cleaned["ends_at"] = _at(day, ends)
        return cleaned


def _at(day, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        help_text="Students are told this in their message",
        max_length=300,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why it is cancelled",
            "max_length": "Reason must be 300 characters or fewer",
        },
    )


class PublishForm(forms.Form):
    """No fields: publishing's problems are shown in the error summary."""

    non_field_error_target = "publish-problems"


# Students and enrolments ----------------------------------------------------------------


class StudentSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or email address",
        max_length=100,
        required=False,
        error_messages={"max_length": "Search for 100 characters or fewer"},
    )


class EnrolForm(forms.Form):
    """The student chosen from the search results (a button each)."""

    non_field_error_target = "results"
    student = forms.IntegerField(widget=forms.HiddenInput)


class NewStudentForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter their full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    preferred_name = forms.CharField(
        label="What they like to be called (optional)",
        max_length=100,
        required=False,
        error_messages={"max_length": "Name must be 100 characters or fewer"},
    )
    email = EmailAddressField(label="Email address (optional)", whose="their", required=False)
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        error_messages={"max_length": "Phone number must be 30 characters or fewer"},
    )
    student_type = forms.ChoiceField(
        label="Who are they?",
        choices=StudentType.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("who they are"),
    )
    locality = forms.ModelChoiceField(
        label="Where do they live? (optional)",
        queryset=Locality.objects.all(),
        required=False,
        empty_label="Not known",
        error_messages=_choice_messages("a locality"),
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not re.fullmatch(r"\+?[\d ()-]{6,30}", value):
            raise ValidationError("Enter a phone number, like 01945 123456")
        return value


class TermChoiceForm(forms.Form):
    term = forms.ModelChoiceField(label="Term", queryset=Term.objects.all(), required=False)
