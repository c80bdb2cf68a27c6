"""Unicode bidi levels of one paragraph (UAX #9), for the PDF text engine.

Written here rather than taken from python-bidi's pure-Python module, which drops
boundary-neutral characters (ZWNJ, ZWJ) from its levels list and so broke on most
Persian-script names, and which knows no isolates. What is implemented: rules P2-P3
(or a given base direction), X9 (boundary neutrals and explicit embeddings are removed,
then take their neighbour's level), isolates (LRI, RLI, FSI ... PDI) laid out on their
own and treated as one neutral outside, W1-W7, N0 (bracket pairs, for the brackets
listed in ``BRACKETS``), N1-N2, I1-I2, L1 (per line, in ``line_levels``) and L2
(``visual_order``).
Mirroring (L4) is HarfBuzz's: a right-to-left run is shaped right to left, and HarfBuzz
draws the mirrored glyph of every Bidi_Mirrored character in it.
"""

from __future__ import annotations

import unicodedata

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ISOLATE_OPENERS = (LRI, RLI, FSI)
# Explicit embeddings and overrides are not used by the engine; X9 removes them.
_REMOVED = {"LRE", "RLE", "LRO", "RLO", "PDF", "BN"}
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


BRACKETS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u2329": "\u232a",
    "\u27e8": "\u27e9",
    "\u3008": "\u3009",
}
_CLOSERS = {close: open_ for open_, close in BRACKETS.items()}


def bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch) or "L"


def first_strong(text: str) -> str | None:
    """'L' or 'R' from the first strong character outside isolates (P2); None if none."""
    depth = 0
    for ch in text:
        if ch in ISOLATE_OPENERS:
            depth += 1
        elif ch == PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = bidi_class(ch)
            if kind == "L":
                return "L"
            if kind in ("R", "AL"):
                return "R"
    return None


def is_rtl_text(text: str) -> bool:
    return first_strong(text) == "R"


def _matching_pdi(text: str, start: int) -> int | None:
    depth = 0
    for i in range(start, len(text)):
        if text[i] in ISOLATE_OPENERS:
            depth += 1
        elif text[i] == PDI:
            depth -= 1
            if depth == 0:
                return i
    return None


def levels(text: str, base_level: int) -> list[int]:
    """One level per character of ``text`` (same length, always)."""
    n = len(text)
    result = [base_level] * n
    if not n:
        return result
    types: list[str] = []
    index: list[int] = []  # position in text of each entry of ``types``
    isolates: list[tuple[int, int]] = []
    i = 0
    while i < n:
        ch = text[i]
        if ch in ISOLATE_OPENERS:
            end = _matching_pdi(text, i)
            stop = end if end is not None else n
            inner = text[i + 1 : stop]
            rtl = first_strong(inner) == "R" if ch == FSI else ch == RLI
            inner_base = base_level + 1
            if (inner_base % 2 == 1) != rtl:
                inner_base += 1
            result[i + 1 : stop] = levels(inner, inner_base)
            isolates.append((i, stop))
            types.append("ON")  # the whole isolate is one neutral outside (X6a, BD13)
            index.append(i)
            i = stop + 1
            continue
        kind = bidi_class(ch)
        if kind in _REMOVED or ch == PDI:
            i += 1
            continue
        types.append(kind)
        index.append(i)
        i += 1
    embedding = "R" if base_level % 2 else "L"
    _resolve(types, embedding, [text[p] for p in index])
    resolved = [_implicit(base_level, t) for t in types]
    for pos, level in zip(index, resolved, strict=True):
        result[pos] = level
    for start, stop in isolates:
        # The initiator and its PDI take the level resolved for the neutral.
        level = resolved[index.index(start)]
        result[start] = level
        if stop < n:
            result[stop] = level
    # X9: removed characters take the level of the character before them (so a ZWNJ or
    # ZWJ stays inside its word's run), or of the one after at the start.
    kept = set(index)
    for start, stop in isolates:
        kept.update(range(start, min(stop, n - 1) + 1))
    last = None
    for pos in range(n):
        if pos in kept:
            last = result[pos]
        elif last is not None:
            result[pos] = last
    first_kept = next((p for p in range(n) if p in kept), None)
    if first_kept is not None:
        for pos in range(first_kept):
            result[pos] = result[first_kept]
    return result


def _implicit(base: int, kind: str) -> int:
    if base % 2 == 0:
        return base + (1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)
    return base + (1 if kind in ("L", "AN", "EN") else 0)


def _resolve(types: list[str], sos: str, chars: list[str] | None = None) -> None:
    """W1-W7 and N1-N2 over one isolating run sequence, in place: afterwards every entry
    is L, R, EN or AN."""
    n = len(types)
    # W1: non-spacing marks take the type of what they follow.
    previous = sos
    for i, kind in enumerate(types):
        if kind == "NSM":
            types[i] = previous
        else:
            previous = types[i]
    # W2: European numbers after Arabic letters are Arabic numbers. W3: AL is R.
    last_strong = sos
    for i, kind in enumerate(types):
        if kind in ("L", "R", "AL"):
            last_strong = kind
        elif kind == "EN" and last_strong == "AL":
            types[i] = "AN"
    for i, kind in enumerate(types):
        if kind == "AL":
            types[i] = "R"
    # W4: one separator between two numbers of a kind.
    for i in range(1, n - 1):
        if types[i] == "ES" and types[i - 1] == "EN" and types[i + 1] == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and types[i - 1] == types[i + 1] and types[i - 1] in ("EN", "AN"):
            types[i] = types[i - 1]
    # W5: terminators next to European numbers.
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    # W6: other separators and terminators are neutral.
    for i, kind in enumerate(types):
        if kind in ("ES", "ET", "CS"):
            types[i] = "ON"
    # W7: European numbers after L (or at an L start) are L.
    last_strong = sos
    for i, kind in enumerate(types):
        if kind in ("L", "R"):
            last_strong = kind
        elif kind == "EN" and last_strong == "L":
            types[i] = "L"
    if chars is not None:
        _brackets(types, sos, chars)
    # N1, N2: runs of neutrals take their surroundings' direction when both agree
    # (numbers count as R), else the embedding direction.
    neutral = {"B", "S", "WS", "ON"}
    i = 0
    while i < n:
        if types[i] in neutral:
            j = i
            while j < n and types[j] in neutral:
                j += 1
            before = sos if i == 0 else types[i - 1]
            after = sos if j == n else types[j]
            before = "R" if before in ("R", "EN", "AN") else "L"
            after = "R" if after in ("R", "EN", "AN") else "L"
            fill = before if before == after else sos
            types[i:j] = [fill] * (j - i)
            i = j
        else:
            i += 1


def _strong(kind: str) -> str | None:
    if kind == "L":
        return "L"
    if kind in ("R", "EN", "AN"):
        return "R"
    return None


def _brackets(types: list[str], embedding: str, chars: list[str]) -> None:
    """N0: a bracket pair takes the embedding direction when it holds a strong character
    of that direction; else the other direction when it holds one and the context before
    the opening bracket is of that direction too. So "(A1)" inside Arabic stays one pair
    drawn the right way round."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        if types[i] != "ON":
            continue
        if ch in BRACKETS:
            if len(stack) == 63:
                break
            stack.append((BRACKETS[ch], i))
        elif ch in _CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    opposite = "L" if embedding == "R" else "R"
    for opening, closing in sorted(pairs):
        inside = {_strong(types[k]) for k in range(opening + 1, closing)} - {None}
        if embedding in inside:
            direction = embedding
        elif opposite in inside:
            before = next(
                (_strong(types[k]) for k in range(opening - 1, -1, -1) if _strong(types[k])),
                embedding,
            )
            direction = opposite if before == opposite else embedding
        else:
            continue
        types[opening] = types[closing] = direction


def line_levels(text: str, paragraph_levels: list[int], base_level: int) -> list[int]:
    """L1 over one line: trailing whitespace, isolate controls and segment separators go
    back to the paragraph level."""
    out = list(paragraph_levels)
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        kind = bidi_class(text[i])
        if kind in ("S", "B"):
            out[i] = base_level
            trailing = True
        elif trailing and (kind in ("WS", "BN") or text[i] in BIDI_CONTROLS):
            out[i] = base_level
        else:
            trailing = False
    return out


def visual_order(level_list: list[int]) -> list[int]:
    """L2: the logical indices of a line, left to right."""
    order = list(range(len(level_list)))
    if not order:
        return order
    highest = max(level_list)
    lowest_odd = min((v for v in level_list if v % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if level_list[order[i]] >= level:
                j = i
                while j < len(order) and level_list[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order
