"""What the decisions and volunteers tests share."""


def placed(person, opportunity, by):
    """A new volunteer getting ready to start: interest sent and said yes to."""
    from recoveryhub.pathways import services

    interest = services.show_interest(
        person, opportunity, message="", contact_by="07700 900456", consent=True
    )
    services.approve(interest, by=by)
    return interest.placement


def on(day, name) -> dict:
    """A date as the three boxes of a date field post it."""
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}
