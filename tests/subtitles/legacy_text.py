# ruff: noqa: RUF001 (Cyrillic, Greek, Turkish and Icelandic letters are the point)
"""Real sentences of subtitle dialogue in languages whose subtitles are often saved in a
legacy code page, with that code page: the encoding guess must read each back exactly."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import django

# language: (code page, lines). Each set mixes frequent and rare accented letters, typographic
# quotes and ellipses (bytes 0x80-0x9F in Windows code pages); most a translator's credit line.
LEGACY_LINES: dict[str, tuple[str, list[str]]] = {
    "pt": (
        "cp1252",
        [
            "Não sei o que você está dizendo.",
            "Tradução: Fulano",
            "Eu não acredito que ele já foi embora.",
            "Você precisa voltar para casa antes do anoitecer.",
            "A mãe dele não está em condições de viajar.",
            "Obrigado pela informação, irmão.",
            "Por que você não me contou a verdade?",
            "Ação! Vamos lá, pessoal…",
        ],
    ),
    "fr": (
        "cp1252",
        [
            "Je ne sais pas où il est allé.",
            "C'est très gentil de ta part, merci.",
            "Qu'est-ce que tu fais là ?",
            "Il faut être prêt avant la fête.",
            "Ça m'étonnerait qu'il revienne à l'heure.",
            "Nous sommes arrivés en retard à cause de la grève.",
            "“Où est passée ma sœur ?”",
            "Déjà ? Je croyais qu'on avait le temps.",
        ],
    ),
    "es": (
        "cp1252",
        [
            "¿Qué estás haciendo aquí?",
            "No sé si podré llegar mañana.",
            "¡Cuidado con el niño! Don´t…",
            "Mi compañero de habitación está enfermo.",
            "¿Dónde está la estación de autobuses?",
            "Señor, necesitamos su ayuda ahora mismo.",
            "Él nunca me dijo la verdad.",
            "Traducción: Fulano",
        ],
    ),
    "de": (
        "cp1252",
        [
            "Ich weiß nicht, wo er hingegangen ist.",
            "Können Sie mir bitte helfen?",
            "Das ist für dich, mein Schatz.",
            "Wir müssen sofort nach Hause fahren.",
            "Übersetzung: Fulano",
            "Er hat die Tür nicht geschlossen.",
            "Ich möchte ein großes Stück Kuchen.",
            "„Hör auf, so zu schreien!“",
        ],
    ),
    "it": (
        "cp1252",
        [
            "Non so perché se n'è andato.",
            "Città del Vaticano è molto piccola.",
            "Puoi aiutarmi, per favore? Sarò lì tra poco.",
            "Però non è colpa mia.",
            "Già fatto, papà.",
            "Cos'è successo là fuori?",
            "Più tardi andremo al cinema.",
            "Così va bene…",
        ],
    ),
    "pl": (
        "cp1250",
        [
            "Nie wiem, gdzie on poszedł.",
            "Dziękuję bardzo, to miło z twojej strony.",
            "Musimy się pospieszyć, zanim zrobi się ciemno.",
            "„Gdzie jest moja siostra?”",
            "Żółć i gęślą jaźń.",
            "Przepraszam, czy mógłbyś mi pomóc?",
            "Tłumaczenie: Jan Kowalski",
            "Co się stało z twoim ojcem?",
        ],
    ),
    "cs": (
        "cp1250",
        [
            "Nevím, kam šel.",
            "Děkuji vám za pomoc.",
            "Musíme se vrátit domů, než se setmí.",
            "„Kde je moje sestra?“",
            "Příliš žluťoučký kůň úpěl ďábelské ódy.",
            "Překlad: Jan Novák",
            "Co se stalo s tvým otcem?",
            "To je skvělé, díky.",
        ],
    ),
    "ro": (
        "cp1250",
        [
            "Nu ştiu unde s-a dus.",
            "Mulţumesc pentru ajutor.",
            "Trebuie să ne întoarcem acasă înainte să se întunece.",
            "Unde este sora mea?",
            "Ce s-a întâmplat cu tatăl tău?",
            "Traducerea: Ion Popescu",
            "Asta e grozav, mulţumesc.",
            "Nu pot să cred că a plecat deja.",
        ],
    ),
    "hr": (
        "cp1250",
        [
            "Ne znam kamo je otišao.",
            "Hvala vam na pomoći.",
            "Moramo se vratiti kući prije nego što padne mrak.",
            "Gdje je moja sestra?",
            "Što se dogodilo s tvojim ocem?",
            "Prijevod: Ivan Horvat",
            "To je sjajno, hvala.",
            "Ne mogu vjerovati da je već otišao.",
        ],
    ),
    "ru": (
        "cp1251",
        [
            "Я не знаю, куда он ушёл.",
            "Спасибо за помощь.",
            "Нам нужно вернуться домой до темноты.",
            "Где моя сестра?",
            "Что случилось с твоим отцом?",
            "Перевод: Иван Петров",
            "Это здорово, спасибо.",
            "Не могу поверить, что он уже ушёл.",
        ],
    ),
    "el": (
        "cp1253",
        [
            "Δεν ξέρω πού πήγε.",
            "Ευχαριστώ για τη βοήθεια.",
            "Πρέπει να γυρίσουμε σπίτι πριν νυχτώσει.",
            "Πού είναι η αδερφή μου;",
            "Τι έγινε με τον πατέρα σου;",
            "Μετάφραση: Γιάννης",
            "Αυτό είναι υπέροχο, ευχαριστώ.",
            "Δεν μπορώ να πιστέψω ότι έφυγε ήδη.",
        ],
    ),
    "tr": (
        "cp1254",
        [
            "Nereye gittiğini bilmiyorum.",
            "Yardımın için teşekkür ederim.",
            "Hava kararmadan eve dönmeliyiz.",
            "Kız kardeşim nerede?",
            "Babana ne oldu?",
            "Çeviri: Ahmet Yılmaz",
            "Bu harika, teşekkürler.",
            "Şimdiden gittiğine inanamıyorum.",
        ],
    ),
    "hu": (
        "cp1250",
        [
            "Nem tudom, miért félsz tőle.",
            "Köszönöm szépen, nagyon jó volt.",
            "Ő is eljön ma este?",
            "Hűvös az idő, vegyél kabátot.",
            "Fordította: Kovács Péter",
            "Üdvözöllek, barátom!",
            "Tűnj el innen, mielőtt visszajön.",
            "Az öreg hölgy már alszik.",
        ],
    ),
    "sk": (
        "cp1250",
        [
            "Ďakujem, ľúbim ťa.",
            "Keď príde ráno, pôjdeme spolu domov.",
            "Ľudia sú niekedy ťažkí.",
            "Preklad: Ján Novák",
            "Nemôžem uveriť, že už odišiel.",
            "Čo tu robíš tak neskoro?",
            "Musíme sa vrátiť skôr, ako sa zotmie.",
            "Ďalej už nepôjdem.",
        ],
    ),
    "is": (
        "cp1252",
        [
            "Takk fyrir, þú ert góður vinur.",
            "Hvað ertu að gera í kvöld?",
            "Ég veit ekki hvert hann fór.",
            "Þýðing: Jón Jónsson",
            "Við verðum að fara heim áður en dimmir.",
            "Hún er ekki hér lengur.",
            "Þetta er frábært, takk.",
            "Æ, ég gleymdi lyklunum.",
        ],
    ),
}


def same_letters(text: str) -> str:
    """Romanian "ş ţ" (cedilla, cp1250) and "ș ț" (comma below, ISO 8859-16) are the same
    letters written two ways: either reading is the right text."""
    return text.replace("ş", "ș").replace("ţ", "ț")


# Real sentences in many languages ship with Django: its translation catalogues. Thousands of
# distinct words a language, as a film's subtitles have (the lines above repeat a few).
_LOCALES = Path(django.__file__).parent
_MSGSTR = re.compile(r'^msgstr(?:\[\d+\])? "(.+)"$', re.MULTILINE)


@cache
def catalogue_lines(locale: str, code_page: str) -> list[str]:
    """The translations of one Django locale that the code page can write."""
    lines = []
    for po in sorted(_LOCALES.rglob(f"locale/{locale}/LC_MESSAGES/*.po")):
        for found in _MSGSTR.finditer(po.read_text(encoding="utf-8")):
            line = found.group(1).replace('\\"', '"').replace("\\n", " ")
            try:
                line.encode(code_page)
            except UnicodeEncodeError:
                continue
            lines.append(line)
    return lines
