"""`manage.py editor_groups`: create or reset the admin's Editors and Moderators groups."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from whatsafter.web.editors import editor_groups_sync


class Command(BaseCommand):
    help = "Create the Editors and Moderators groups with exactly the permissions they need."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, count in editor_groups_sync().items():
            self.stdout.write(f"{name}: {count} permissions")
