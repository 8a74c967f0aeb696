"""Counters the rate limits share between every worker process when there is no Redis."""

from __future__ import annotations

from django.db import models


class RateCount(models.Model):
    """Hits of one key (a limit and an address) in its current fixed time window.

    One row per key, counted by one upsert that restarts at 1 when a new window begins
    (whatsafter.web.ratelimit), so concurrent processes never lose a hit and reads add no
    rows over time; rows of addresses long gone are deleted as writes are counted.
    """

    key = models.CharField(max_length=200)
    bucket = models.BigIntegerField(help_text="Which window: seconds since the epoch // length.")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key"], name="rate_count_one_row_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.count} in window {self.bucket}"
