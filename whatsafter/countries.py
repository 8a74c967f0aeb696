"""Country names for the region codes the sources give ("US", "GB", "SUHH", "XC").

The catalogue stores codes as TMDb and IMDb write them and URLs and the API keep them; pages
show names. Current countries come from CLDR's English territory names through Babel
(docs/DECISIONS.md, "Country names"): the everyday short names ("Russia", "South Korea"),
not ISO's formal ones ("Russian Federation", "Korea, Republic of"). Codes of countries that
no longer exist are not in CLDR; they are named below, and any other code is shown as it is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from babel import Locale

# CLDR's own short forms (alt="short"), which Babel does not expose, where its default name
# carries a qualifier a film listing does not need ("Hong Kong SAR China").
SHORT = {"HK": "Hong Kong", "MO": "Macao", "PS": "Palestine"}

# CLDR's private-use codes for its pseudo-locales: not countries, whatever a source means.
NOT_COUNTRIES = {"XA", "XB"}

# Countries that no longer exist, under every code a source writes for them: the withdrawn
# ISO 3166-1 two-letter code (TMDb), the ISO 3166-3 four-letter one (IMDb's title.akas),
# and TMDb's and IMDb's own X codes. A closed list: a country dissolves once. A two-letter
# code ISO has since given to another country (BY, GE, SK) is left to CLDR.
HISTORIC = {
    "Soviet Union": ("SU", "SUHH", "XSU"),
    "Yugoslavia": ("YU", "YUCS", "XYU"),
    # ISO's CS was Czechoslovakia until 1993 and Serbia and Montenegro from 2003; TMDb
    # writes XC for Czechoslovakia and CS for Serbia and Montenegro, as ISO last did.
    "Czechoslovakia": ("XC", "CSHH"),
    "Serbia and Montenegro": ("CS", "CSXX"),
    "East Germany": ("DD", "DDDE", "XG"),
    "West Germany": ("XWG",),
    "Kosovo": ("XKV", "XKO"),
    "Northern Ireland": ("XI",),
    "Netherlands Antilles": ("AN", "ANHH"),
    "Burma": ("BU", "BUMM"),
    "Zaire": ("ZR", "ZRCD"),
    "East Timor": ("TP", "TPTL"),
    "North Vietnam": ("VD", "VDVN"),
    "South Yemen": ("YD", "YDYE"),
    "Byelorussian SSR": ("BYAA",),
    "Sikkim": ("SKIN",),
    "Dahomey": ("DY", "DYBJ"),
    "Upper Volta": ("HV", "HVBF"),
    "Rhodesia": ("RH", "RHZW"),
    "New Hebrides": ("NH", "NHVU"),
    "Gilbert and Ellice Islands": ("GEHH",),
    "French Afars and Issas": ("AIDJ",),
    "Panama Canal Zone": ("PZ", "PZPA"),
    "Metropolitan France": ("FX", "FXFR"),
    # IMDb's title.akas marks a title used everywhere with XWW.
    "Worldwide": ("XWW",),
}


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Code → name for every code named here: CLDR's, then the short and historic ones.
    Built once per process; Babel reads its English data from the package, offline."""
    names = {
        code: name
        for code, name in Locale("en").territories.items()
        if code.isalpha() and code not in NOT_COUNTRIES
    }
    names.update(SHORT)
    for name, codes in HISTORIC.items():
        names.update(dict.fromkeys(codes, name))
    return names


def country_name(code: str) -> str:
    """'US' → 'United States', 'SUHH' → 'Soviet Union'; an unknown code comes back as it
    is (never empty or an error), and no code as ''. A lookup in the table built once."""
    code = (code or "").strip()
    return _names().get(code.upper(), code)


def named_by_name(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name) for `codes`, in the order a reader looks for a name: alphabetical,
    accents and case aside ("Åland Islands" under A, not after "Zimbabwe")."""
    named = [(code, country_name(code)) for code in codes]
    return sorted(named, key=lambda pair: (_sort_key(pair[1]), pair[0]))


def _sort_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()
