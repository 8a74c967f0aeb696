"""The admin's groups: each role gets the permissions its work needs and nothing more.

Editors keep the catalogue and the credits-scene evidence right; moderators work the queue
of visitors' reports and corrections. Neither can touch accounts, API keys, imports or
deletions of films and people; superusers do that. `manage.py editor_groups` (and every
`migrate`) makes the groups match this table exactly.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

VIEW, EDIT, FULL = ("view",), ("view", "add", "change"), ("view", "add", "change", "delete")

EDITOR_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "Editors": {
        "catalog.movie": EDIT,
        "catalog.person": EDIT,
        "catalog.company": EDIT,
        "catalog.genre": EDIT,
        "catalog.credit": FULL,
        "catalog.moviecompany": FULL,
        "catalog.release": FULL,
        "catalog.alternativetitle": FULL,
        "aftercredits.creditscene": FULL,
        "aftercredits.evidence": FULL,
        "aftercredits.creditstiming": FULL,
        "aftercredits.verdict": VIEW,
        "aftercredits.correction": ("view", "change"),
        "quizzes.plotsection": FULL,
        "quizzes.question": ("view", "add", "change"),
        "ratings.rating": VIEW,
        "watch.watchoffer": VIEW,
        "ingest.matchreview": ("view", "change"),
    },
    "Moderators": {
        "catalog.movie": VIEW,
        "aftercredits.verdict": VIEW,
        "aftercredits.report": ("view", "change"),
        "aftercredits.correction": ("view", "change"),
        "aftercredits.ban": ("view", "add"),
    },
}


def _permissions(grants: dict[str, tuple[str, ...]]) -> list[Permission]:
    wanted = []
    for label, actions in grants.items():
        model = apps.get_model(label)
        content_type = ContentType.objects.get_for_model(model)
        for action in actions:
            codename = f"{action}_{model._meta.model_name}"
            wanted.append(Permission.objects.get(content_type=content_type, codename=codename))
    return wanted


@transaction.atomic
def editor_groups_sync() -> dict[str, int]:
    """Create or reset each group to exactly its permissions; how many each now has."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)  # they may not exist yet on a fresh database
    counts = {}
    for name, grants in EDITOR_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = _permissions(grants)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
