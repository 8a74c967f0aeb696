"""Admin login is throttled and locks out; editors and moderators get only what they need."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.test import Client

from tests.factories import MovieFactory, with_verdict
from whatsafter.aftercredits.models import Ban, Report, ReportStatus

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def fast_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Each login hashes a password; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client: Client, password: str, address: str = "192.0.2.10") -> int:
    response = client.post(LOGIN, {"username": "boss", "password": password}, REMOTE_ADDR=address)
    return response.status_code


def test_repeated_wrong_passwords_lock_the_address_out(client: Client, settings) -> None:
    User.objects.create_superuser("boss", "boss@example.com", "right-horse-battery")
    wrong = [login(client, f"guess-{n}") for n in range(settings.AXES_FAILURE_LIMIT)]
    assert wrong[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again
    assert wrong[-1] == 429
    # Locked out: even the right password is refused from that address now.
    assert login(client, "right-horse-battery") == 429
    assert "_auth_user_id" not in client.session
    # Another address is not locked out.
    assert login(Client(), "right-horse-battery", address="198.51.100.20") == 302


def test_a_success_before_the_limit_resets_the_count(client: Client, settings) -> None:
    User.objects.create_superuser("boss", "boss@example.com", "right-horse-battery")
    for _ in range(2):
        for n in range(settings.AXES_FAILURE_LIMIT - 1):
            assert login(client, f"guess-{n}") == 200
        assert login(client, "right-horse-battery") == 302
        client.logout()


def staff(group: str) -> Client:
    user = User.objects.create_user(group.lower(), password="x-" * 10, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_the_command_gives_editors_the_catalogue_and_nothing_else() -> None:
    call_command("editor_groups")
    editor = staff("Editors")
    movie = with_verdict(MovieFactory())
    assert editor.get("/admin/catalog/movie/").status_code == 200
    assert editor.get(f"/admin/catalog/movie/{movie.pk}/change/").status_code == 200
    assert editor.get("/admin/aftercredits/creditscene/add/").status_code == 200
    for forbidden in (
        f"/admin/catalog/movie/{movie.pk}/delete/",
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/api/apiclient/",
        "/admin/ingest/importrun/",
        "/admin/aftercredits/report/",
        "/admin/axes/accessattempt/",
    ):
        assert editor.get(forbidden).status_code == 403, forbidden


def test_moderators_work_the_report_queue_and_only_that() -> None:
    call_command("editor_groups")
    moderator = staff("Moderators")
    movie = with_verdict(MovieFactory())
    report = Report.objects.create(
        movie=movie, saw_during=False, saw_after=True, visitor_id="v1", address_hash="a" * 64
    )
    rejected = moderator.post(
        "/admin/aftercredits/report/",
        {"action": "reject", "_selected_action": [report.pk]},
    )
    assert rejected.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED
    assert moderator.get(f"/admin/catalog/movie/{movie.pk}/change/").status_code == 200
    assert moderator.post(f"/admin/catalog/movie/{movie.pk}/change/", {}).status_code == 403
    assert moderator.get("/admin/auth/user/").status_code == 403


def test_viewing_reports_is_not_enough_to_ban(client: Client) -> None:
    """Admin actions are open to whoever can see the list unless they name a permission."""
    call_command("editor_groups")
    Group.objects.get(name="Moderators").permissions.filter(codename="add_ban").delete()
    moderator = staff("Moderators")
    movie = with_verdict(MovieFactory())
    report = Report.objects.create(
        movie=movie, saw_during=False, saw_after=True, visitor_id="v1", address_hash="b" * 64
    )
    moderator.post(
        "/admin/aftercredits/report/", {"action": "ban", "_selected_action": [report.pk]}
    )
    assert not Ban.objects.exists()


def test_every_migrate_brings_the_groups_back_to_the_table() -> None:
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.clear()
    emit_post_migrate_signal(0, False, "default", plan=[])
    granted = Group.objects.get(name="Editors").permissions
    codenames = set(granted.values_list("codename", flat=True))
    assert {"change_movie", "add_creditscene"} <= codenames
    assert not {"delete_movie", "delete_person", "change_user"} & codenames
