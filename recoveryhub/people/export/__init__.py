"""'My data': everything Recovery Hub holds about a person, for them to download.

`registry` gathers each app's part of the record; `fhir` and `pdf` turn the
parts into a FHIR Bundle and a readable summary; `views` serve them.
"""
