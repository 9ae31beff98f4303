"""The theming job: suggest themes and a sentiment for every comment still waiting.

Runs every ten minutes (jobs/registry.py). Each batch is one transaction in
services.theme_waiting_comments, so a run stopped part-way keeps what it did and the next
run carries on; a comment already themed is never themed again, so running twice is safe.
"""

from . import services

BATCH = 500
MOST_BATCHES = 20  # 10,000 comments a run: a backlog clears over a few runs, not one long one


def theme_comments(batch: int = BATCH, most_batches: int = MOST_BATCHES) -> dict:
    themed = 0
    for _ in range(most_batches):
        done = services.theme_waiting_comments(limit=batch)
        themed += done
        if done < batch:
            break
    return {"themed": themed}
