"""IMDb dataset folders for the importer's tests: the real heads plus the rows they lack.

`../shared/data/imdb-dataset-heads` holds the first 249 rows of the real title.basics and
title.ratings. The import also needs title.principals, title.crew and name.basics; the
rows below are those files' rows for the one feature film in the heads (tt0000009, Miss
Jerry, 1894), in IMDb's published shape: tab separated, `\\N` for null, characters as a
JSON list.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from django.core.management import call_command

HEADS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "imdb-dataset-heads"

PRINCIPALS = """tconst\tordering\tnconst\tcategory\tjob\tcharacters
tt0000005\t1\tnm0443482\tactor\t\\N\t["Blacksmith"]
tt0000009\t1\tnm0063086\tactress\t\\N\t["Miss Geraldine Holbrook (Miss Jerry)"]
tt0000009\t2\tnm0183823\tactor\t\\N\t["Mr. Hamilton"]
tt0000009\t3\tnm1309758\tactor\t\\N\t["Chauncey Depew - the Director of the New York Central \
Railroad"]
tt0000009\t4\tnm0085156\tdirector\t\\N\t\\N
tt0000009\t5\tnm0085156\twriter\t\\N\t\\N
"""
CREW = """tconst\tdirectors\twriters
tt0000005\tnm0005690\t\\N
tt0000009\tnm0085156\tnm0085156
"""
NAMES = """nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles
nm0005690\tWilliam K.L. Dickson\t1860\t1935\tdirector,producer,cinematographer\ttt0000005
nm0063086\tBlanche Bayliss\t1878\t1951\tactress\ttt0000009
nm0085156\tAlexander Black\t1859\t1940\twriter,director,producer\ttt0000009
nm0183823\tWilliam Courtenay\t1875\t1933\tactor\ttt0000009
nm0443482\tCharles Kayser\t1878\t1966\tactor\ttt0000005
nm1309758\tChauncey Depew\t1834\t1928\tactor,writer\ttt0000009
"""
# title.akas is optional. These rows are written in its published shape for the same
# titles: the original-title row and a row repeating the title are not new titles.
AKAS = """titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle
tt0000001\t1\tKarmencita\tRU\t\\N\timdbDisplay\t\\N\t0
tt0000009\t1\tMiss Jerry\t\\N\t\\N\toriginal\t\\N\t1
tt0000009\t2\tMiss Jerry\tUS\t\\N\timdbDisplay\t\\N\t0
tt0000009\t3\tFräulein Jerry\tDE\tde\timdbDisplay\t\\N\t0
tt0000009\t4\tMiss Jerry, a Picture Play\tUS\ten\tworking\ttranslated title\t0
tt0000009\t5\tBad Region\tNOT-A-REGION\t\\N\t\\N\t\\N\t0
"""


def write_dataset(target: Path, *, gz: bool = False, akas: bool = False) -> Path:
    """A complete IMDb folder in `target`: real heads, plus the files above."""
    target.mkdir(parents=True, exist_ok=True)
    texts = {
        "title.basics": (HEADS / "title.basics.head.tsv").read_text(encoding="utf-8"),
        "title.ratings": (HEADS / "title.ratings.head.tsv").read_text(encoding="utf-8"),
        "title.principals": PRINCIPALS,
        "title.crew": CREW,
        "name.basics": NAMES,
    }
    if akas:
        texts["title.akas"] = AKAS
    for kind, text in texts.items():
        if gz:
            (target / f"{kind}.tsv.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
        else:
            (target / f"{kind}.tsv").write_text(text, encoding="utf-8")
    return target


def replace_file(folder: Path, kind: str, text: str) -> Path:
    """Put `text` in place of `kind`'s file (plain), dropping any .gz of it."""
    (folder / f"{kind}.tsv.gz").unlink(missing_ok=True)
    path = folder / f"{kind}.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def run_import(folder: Path) -> str:
    """`whatsafter import imdb FOLDER`, returning what it printed."""
    out = io.StringIO()
    call_command("import", "imdb", str(folder), stdout=out)
    return out.getvalue()
