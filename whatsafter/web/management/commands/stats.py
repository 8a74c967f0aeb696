"""`whatsafter stats`: what the catalogue holds and when it was last fed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count

from whatsafter.aftercredits.models import Report, Verdict, VerdictStatus
from whatsafter.catalog.models import Company, Credit, Movie, Person
from whatsafter.ingest.models import ImportRun
from whatsafter.ratings.models import Rating


class Command(BaseCommand):
    help = "Catalogue counts, verdict counts and the latest imports."

    def handle(self, *args: Any, **options: Any) -> None:
        write = self.stdout.write
        write("Catalogue")
        for label, model in (
            ("films", Movie), ("people", Person), ("companies", Company),
            ("credits", Credit), ("ratings", Rating), ("viewer reports", Report),
        ):  # fmt: skip
            write(f"  {label:<15} {model.objects.count():>10,}")
        write("Verdicts")
        counts = dict(
            Verdict.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        for status in VerdictStatus:
            write(f"  {status.label:<15} {counts.get(status.value, 0):>10,}")
        write("Latest imports")
        runs = list(ImportRun.objects.order_by("-started_at")[:5])
        if not runs:
            write("  none yet")
        for run in runs:
            write(
                f"  {run.started_at:%Y-%m-%d %H:%M}  {run.source:<10} {run.status:<9} "
                f"read {run.rows_read:,}, +{run.inserted:,} ~{run.updated:,} ={run.unchanged:,} "
                f"rejected {run.rejected:,}"
            )
