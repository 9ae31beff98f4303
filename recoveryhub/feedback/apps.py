from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "recoveryhub.feedback"
    label = "feedback"
    verbose_name = "Feedback from people with lived experience"

    def ready(self):
        # Joining two records of one person: feedback given signed in moves with them
        # (people/merge_rules.py asks for a rule for every link to a person).
        from recoveryhub.people import merge_rules

        from . import merging

        merge_rules.RULES.update(merging.RULES)
