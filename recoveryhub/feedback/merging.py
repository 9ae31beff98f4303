"""What joining two records of one person does with feedback (people/merge_rules.py):
the feedback they gave while signed in moves to the record kept."""

from recoveryhub.people import merge_rules

RULES = {"feedback.Response.person": merge_rules.move}
