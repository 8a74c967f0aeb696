from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _groups_after_migrate(plan: Any = None, using: str = "default", **kwargs: Any) -> None:
    # Only after a real migrate (a test's flush sends no plan): the groups follow the code.
    if plan is None or using != "default":
        return
    from whatsafter.utils import migrations_pending

    if migrations_pending(using):
        return  # one app migrated alone: the groups come with the first full migrate
    from whatsafter.web.editors import editor_groups_sync

    editor_groups_sync()


class WebConfig(AppConfig):
    name = "whatsafter.web"
    verbose_name = "Web"

    def ready(self) -> None:
        from whatsafter.web import invalidation

        invalidation.connect()

        from whatsafter.web import checks  # noqa: F401  (registers the system checks)

        # post_migrate goes only to apps with models, which web has none of: listen for
        # aftercredits, whose editors and moderators these groups serve.
        post_migrate.connect(_groups_after_migrate, sender=apps.get_app_config("aftercredits"))
