"""One genre row per genre: the Wikipedia lists' "Animated", "Historical" and "Sports" (and
IMDb's "Sci-Fi", were it ever stored) join TMDb's and IMDb's Animation, History, Sport and
Science Fiction, which imports now write (whatsafter.normalise.GENRE_NAMES). A film linked
to both keeps one link; the merged genre's film count is recounted.

The names are copied here, not imported: a migration runs no app code
(docs/DECISIONS.md, "Migrations run no app code").
"""

from django.db import migrations
from django.utils.text import slugify

SAME_GENRE = {
    "Animated": "Animation",
    "Historical": "History",
    "Sports": "Sport",
    "Sci-Fi": "Science Fiction",
}


def merge_synonyms(apps, schema_editor):
    Genre = apps.get_model("catalog", "Genre")
    Movie = apps.get_model("catalog", "Movie")
    links = Movie.genres.through
    for old_name, new_name in SAME_GENRE.items():
        old = Genre.objects.filter(name=old_name).first()
        if old is None:
            continue
        new = Genre.objects.filter(name=new_name).first()
        if new is None:  # only the synonym is known: it takes the catalogue's name
            slug = slugify(new_name)
            if Genre.objects.filter(slug=slug).exists():
                slug = f"{slug}-{old.pk}"
            Genre.objects.filter(pk=old.pk).update(name=new_name, slug=slug)
            continue
        both = links.objects.filter(genre_id=new.pk).values("movie_id")
        links.objects.filter(genre_id=old.pk, movie_id__in=both).delete()
        links.objects.filter(genre_id=old.pk).update(genre_id=new.pk)
        old.delete()
        Genre.objects.filter(pk=new.pk).update(
            film_count=links.objects.filter(genre_id=new.pk).count()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_year_release_order"),
    ]

    # Not undone: which films were "Animated" rather than "Animation" is not kept.
    operations = [migrations.RunPython(merge_synonyms, migrations.RunPython.noop)]
