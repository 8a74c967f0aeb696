"""`whatsafter quiz_report`: how many films can have a quiz, and what it would ask."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand

from whatsafter.quizzes import generator
from whatsafter.quizzes.facts import all_facts


class Command(BaseCommand):
    help = "Generate every film's quiz in memory and report coverage and question kinds."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        facts = all_facts()
        kinds: Counter[str] = Counter()
        sizes: Counter[int] = Counter()
        with_cast_and_plot = with_quiz_among_them = with_quiz = 0
        for fact, pool in facts:
            drafts = generator.generate(fact, pool)
            rich = bool(fact.cast) and bool(fact.plot)
            with_cast_and_plot += rich
            if drafts:
                with_quiz += 1
                with_quiz_among_them += rich
                sizes[len(drafts)] += 1
                kinds.update(d.kind for d in drafts)
        self.stdout.write(f"films: {len(facts):,}; with a quiz: {with_quiz:,}")
        share = 100 * with_quiz_among_them / max(with_cast_and_plot, 1)
        self.stdout.write(
            f"films with cast and plot text: {with_cast_and_plot:,}; of them with a quiz: "
            f"{with_quiz_among_them:,} ({share:.1f}%)"
        )
        self.stdout.write(
            "questions per quiz: " + ", ".join(f"{n}: {c:,}" for n, c in sorted(sizes.items()))
        )
        total = sum(kinds.values())
        self.stdout.write(
            "question kinds: "
            + ", ".join(
                f"{k} {c:,} ({100 * c / max(total, 1):.0f}%)" for k, c in kinds.most_common()
            )
        )
        self.stdout.write(f"in {time.monotonic() - started:.1f} s")
