"""How point names are compared: any case, any spacing, with or without pinyin tone marks."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-_.'’·,/()]+")


def fold(text: str) -> str:
    """Lower-case, drop separators and keep tone marks: ``"Wěi Zhōng"`` -> ``"wěizhōng"``."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFC", text).casefold())


def fold_tones(text: str) -> str:
    """As :func:`fold`, and also drop tone marks and the umlaut: ``"Wěi Zhōng"`` -> ``"weizhong"``."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return fold(bare).replace("ü", "u")
