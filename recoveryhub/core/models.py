from django.db import models


class DemoDataset(models.Model):
    """Which parts of the synthetic trust have been written, so seed_demo never writes twice."""

    step = models.CharField(max_length=100, unique=True)
    size = models.CharField(max_length=20)
    seed = models.IntegerField()
    completed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.step} ({self.size}, seed {self.seed})"
