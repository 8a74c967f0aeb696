"""Long commands' progress display: one transient rich bar per step of a run (imports, the
quiz refresh), below every app so any app's command can use it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, TaskID, TextColumn, TimeElapsedColumn


class StepProgress(Protocol):
    def __call__(self, step: str, advance: int, total: int | None = None) -> None:
        """`advance` more done in `step`, of `total` (None: unknown or unchanged)."""


@contextmanager
def step_bars(
    console: Console, *, label_width: int, count: ProgressColumn
) -> Iterator[StepProgress]:
    """Yields progress(step, advance, total=None); a step's bar appears the first time it is
    named and all of them go when the run ends (transient), so logs keep only the summary."""
    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn(f"{{task.description:>{label_width}}}"),
        BarColumn(),
        count,
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:

        def progress(step: str, advance: int, total: int | None = None) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], advance=advance, total=total)

        yield progress
