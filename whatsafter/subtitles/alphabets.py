# ruff: noqa: RUF001 (the letters are the point)
"""The letters above ASCII of each language written in a Windows code page. Data.

charset-normalizer's tables (constant.FREQUENCIES) hold only each language's most
frequent letters: Hungarian's lacks "ő ű", Slovak's "ľ ť", Icelandic is missing, so a
wrong reading whose letters are all frequent somewhere tied with the right one. A
language's whole alphabet tells more: the cp1252 reading of Hungarian ("õ û") fits no
alphabet, the cp1250 one ("ő ű") fits Hungarian's. These are the official alphabets'
letters beyond a-z (lower case), for the languages whose legacy subtitles are in the
code pages encoding.guess tries: Central European (cp1250), Cyrillic (cp1251), Western
(cp1252), Greek (cp1253), Turkish (cp1254), Baltic (cp1257).
"""

from __future__ import annotations

_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_GREEK = "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς"

ALPHABETS: dict[str, str] = {
    # Western (cp1252)
    "Catalan": "àçéèíïòóúü",
    "Danish": "æøåé",
    "Dutch": "éëïóöüè",
    "English": "",
    "Finnish": "äöåšž",
    "French": "àâæçéèêëîïôœùûüÿ",
    "German": "äöüß",
    "Icelandic": "áðéíóúýþæö",
    "Italian": "àèéìíîòóùú",
    "Norwegian": "æøåéèóôò",
    "Portuguese": "áâãàçéêíóôõú",
    "Spanish": "áéíñóúü",
    "Swedish": "åäöé",
    "Albanian": "çë",
    # Central European (cp1250)
    "Croatian": "čćđšž",
    "Czech": "áčďéěíňóřšťúůýž",
    "Hungarian": "áéíóöőúüű",
    "Polish": "ąćęłńóśźż",
    "Romanian": "ăâîșțşţ",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Slovene": "čšžćđ",
    # Baltic (cp1257)
    "Estonian": "šžõäöü",
    "Latvian": "āčēģīķļņšūž",
    "Lithuanian": "ąčęėįšųūž",
    # Turkish (cp1254)
    "Turkish": "çğıiöşüâîû",
    "Azerbaijani": "çəğıöşü",
    # Cyrillic (cp1251)
    "Russian": _RUSSIAN,
    "Ukrainian": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "Belarusian": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "Bulgarian": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "Serbian": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "Macedonian": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    # Greek (cp1253)
    "Greek": _GREEK,
}
