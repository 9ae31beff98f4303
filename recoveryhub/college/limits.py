"""How often one client address, or one email address, may ask to become a student or
ask for a place (accounts/throttle.py counts). Generous for people, tight for scripts:
- asking to become a student: 20 a minute from one address (a class at a library),
  3 an hour for one email address (so nobody can fill someone's inbox);
- asking for places: 5 every 10 minutes from one address, so a burst of sign-ins from
  one client cannot take every place on a run (runs have 8 to 20), and 10 an hour for
  one sign-in. College staff enrol people for them without these limits.
"""

from datetime import timedelta

from recoveryhub.accounts.throttle import CLIENT, EMAIL, Limit

ASK_TO_BECOME_STUDENT = (
    Limit("college.become:client", CLIENT, 20, timedelta(minutes=1)),
    Limit("college.become:email", EMAIL, 3, timedelta(hours=1)),
)
ASK_FOR_PLACE = (
    Limit("college.enrol:client", CLIENT, 5, timedelta(minutes=10)),
    Limit("college.enrol:email", EMAIL, 10, timedelta(hours=1)),
)
