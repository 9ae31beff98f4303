"""A person's details as a FHIR R4B Patient, shaped like UK Core where it applies.

How the fields without a home in base FHIR are carried, and why:
- Pronouns: HL7's published `individual-pronouns` extension. Ours are free
  text, so the value is a CodeableConcept with text only (no guessed code).
- Preferred contact method, large print and easy read: UK Core's
  ContactPreference extension, which exists for exactly these. Its code
  systems have no code for text messages or easy read; both bindings are
  extensible, so those are given as text.
- British Sign Language: a `communication` language (BCP 47 'bfi'), since it
  is a language, not a format.
- Interpreter: HL7's core `patient-interpreterRequired` extension, with the
  language in `communication` as text (we store it as free text).
Published extensions were chosen over our own so another system can read them.
"""

from fhir.resources.R4B.patient import Patient

from recoveryhub.people.models import ContactPreference

from .registry import resource_id

NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
PRONOUNS = "http://hl7.org/fhir/StructureDefinition/individual-pronouns"
INTERPRETER_REQUIRED = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"
CONTACT_PREFERENCE = (
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference"
)
CONTACT_METHOD = "https://fhir.hl7.org.uk/CodeSystem/UKCore-PreferredContactMethod"
WRITTEN_FORMAT = "https://fhir.hl7.org.uk/CodeSystem/UKCore-PreferredWrittenCommunicationFormat"
LANGUAGE = "urn:ietf:bcp:47"

# UK Core PreferredContactMethod codes; text messages have none.
_METHOD_CODES = {
    ContactPreference.LETTER: ("1", "Letter"),
    ContactPreference.PHONE: ("3", "Telephone"),
    ContactPreference.EMAIL: ("4", "E-mail"),
}
_FORMATS = [("large print", "large_print"), ("easy read", "easy_read")]
# The contact point each preference ranks first.
_PREFERRED_SYSTEM = {
    ContactPreference.EMAIL: "email",
    ContactPreference.PHONE: "phone",
    ContactPreference.TEXT: "sms",
}


def patient(person) -> Patient:
    data = {
        "resourceType": "Patient",
        "id": resource_id(person),
        "identifier": _identifiers(person),
        "name": _names(person),
        "birthDate": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "telecom": _telecom(person),
        "address": _address(person),
        "communication": _communication(person),
        "extension": _extensions(person),
    }
    return Patient.model_validate({key: value for key, value in data.items() if value})


def _identifiers(person) -> list[dict]:
    if not person.nhs_number:
        return []
    return [{"system": NHS_NUMBER, "value": person.nhs_number}]


def _names(person) -> list[dict]:
    # Names are kept whole: splitting them into given and family names would be a guess.
    names = [{"use": "official", "text": person.full_name}]
    if person.preferred_name:
        names.append({"use": "usual", "text": person.preferred_name})
    return names


def _telecom(person) -> list[dict]:
    preferred = _PREFERRED_SYSTEM.get(person.contact_preference)
    points = []
    if person.email:
        points.append({"system": "email", "value": person.email})
    if person.phone:
        points.append({"system": "phone", "value": person.phone})
        if preferred == "sms":
            points.append({"system": "sms", "value": person.phone})
    for point in points:
        point["rank"] = 1 if point["system"] == preferred else 2
    return points


def _address(person) -> list[dict]:
    address = {"use": "home"}
    if person.address:
        address["text"] = person.address
    if person.locality_id:
        address["district"] = person.locality.name
    return [address] if len(address) > 1 else []


def _communication(person) -> list[dict]:
    languages = []
    if person.british_sign_language:
        languages.append(
            {
                "language": {
                    "coding": [
                        {"system": LANGUAGE, "code": "bfi", "display": "British Sign Language"}
                    ],
                    "text": "British Sign Language",
                },
                "preferred": True,
            }
        )
    if person.interpreter_language:
        languages.append({"language": {"text": person.interpreter_language}, "preferred": True})
    return languages


def _extensions(person) -> list[dict]:
    extensions = []
    if person.pronouns:
        extensions.append(
            {
                "url": PRONOUNS,
                "extension": [{"url": "value", "valueCodeableConcept": {"text": person.pronouns}}],
            }
        )
    if person.interpreter_language:
        extensions.append({"url": INTERPRETER_REQUIRED, "valueBoolean": True})
    preference = _contact_preference(person)
    if preference:
        extensions.append({"url": CONTACT_PREFERENCE, "extension": preference})
    return extensions


def _contact_preference(person) -> list[dict]:
    parts = []
    if person.contact_preference:
        method = {"text": person.get_contact_preference_display()}
        if person.contact_preference in _METHOD_CODES:
            code, display = _METHOD_CODES[person.contact_preference]
            method["coding"] = [{"system": CONTACT_METHOD, "code": code, "display": display}]
        parts.append({"url": "PreferredContactMethod", "valueCodeableConcept": method})
    formats = [name for name, wanted in _FORMATS if getattr(person, wanted)]
    if formats:
        # The slice allows one format; when both are wanted the text says so.
        written = {"text": " and ".join(formats).capitalize()}
        if person.large_print:
            written["coding"] = [
                {"system": WRITTEN_FORMAT, "code": "11", "display": "Large print"}
            ]
        parts.append(
            {"url": "PreferredWrittenCommunicationFormat", "valueCodeableConcept": written}
        )
    return parts
