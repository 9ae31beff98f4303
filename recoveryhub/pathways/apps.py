from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "recoveryhub.pathways"
    label = "pathways"
    verbose_name = "Pathways to volunteering and work"

    def ready(self):
        # Joining two records of one person: what happens to each kind of pathway row
        # (people/merge_rules.py asks for a rule for every link to a person).
        from recoveryhub.people import merge_rules

        from . import merging

        merge_rules.RULES.update(merging.RULES)
