"""API clients: apps and bots that submit reports on behalf of their users."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiClient(models.Model):
    name = models.CharField(max_length=120)
    # Only the hash is kept; the key is shown once, when it is made.
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(max_length=8, editable=False)
    active = models.BooleanField(default=True)
    reports_per_hour = models.PositiveIntegerField(default=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def issue(cls, *, name: str) -> tuple[ApiClient, str]:
        """A new client and its raw key (returned once, never stored)."""
        raw = "wa_" + secrets.token_urlsafe(24)
        client = cls.objects.create(name=name, key_hash=hash_key(raw), key_prefix=raw[:8])
        return client, raw
