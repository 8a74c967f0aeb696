"""Reads over the catalogue alone: films related through the people they share."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, F, Q

from whatsafter.catalog.models import Credit, Movie, MovieQuerySet

# Two films are relatives when at least SHARED_CAST of the people billed in the first
# TOP_BILLED places of one are billed there in the other too. Measured on the sample
# catalogue (37,429 films, docs/DATA.md "Related films"): 3 of the top 10 relates 1,499
# films and half the pairs share a word of their titles (sequels, series); 2 shared names
# relate 13,000 films, 9% of pairs sharing a title word (a star and a regular co-star);
# 3 of the top 15, or of the whole cast, add more ensemble coincidences than sequels; 4
# shared loses franchises whose listed casts are short (Toy Story, Pirates of the Caribbean).
TOP_BILLED = 10
SHARED_CAST = 3


def _shares_cast_with(films: Q) -> Q:
    """A film's top-billed credit whose person is top-billed in one of `films` too: a
    self-join on credits through the person (served by the credit's person index)."""
    top = Q(credits__kind=Credit.Kind.CAST, credits__order__lt=TOP_BILLED)
    other = {
        "credits__person__credits__kind": Credit.Kind.CAST,
        "credits__person__credits__order__lt": TOP_BILLED,
    }
    return top & Q(**other) & films


def _sharing(films: Q) -> MovieQuerySet:
    """Films sharing at least SHARED_CAST top-billed people with `films`, annotated with
    `shared` (how many): one aggregate query."""
    return (
        Movie.objects.filter(_shares_cast_with(films))
        .annotate(shared=Count("credits__person", distinct=True))
        .filter(shared__gte=SHARED_CAST)
    )


def sharing_cast(*, movie_id: int) -> MovieQuerySet:
    """Films that share at least SHARED_CAST of this film's top-billed people, annotated
    with `shared` (how many), most shared first, then newest."""
    return (
        _sharing(Q(credits__person__credits__movie_id=movie_id))
        .exclude(pk=movie_id)
        .order_by(F("shared").desc(), F("year").desc(nulls_last=True), "-popularity", "title")
    )


def cast_relatives_of(*, slugs: Collection[str]) -> list[str]:
    """Slugs of the films whose related films may include one of these: a film page that
    shows their answers. Counted over all of them together (a film sharing one actor with
    each of three counts as sharing three), so it may name a film too many, never too few."""
    if not slugs:
        return []
    return list(
        _sharing(Q(credits__person__credits__movie__slug__in=slugs))
        .exclude(slug__in=slugs)
        .values_list("slug", flat=True)
    )
