"""Product placeholder pictures: a deterministic SVG per product until sellers upload photos. Pure.

The department picks the hue (so a shelf of mugs looks like one shelf), the product id varies it
and picks one of a few shapes; the picture shows the product's initials and first words.
"""
from __future__ import annotations

import hashlib
import unicodedata
from xml.sax.saxutils import escape

SIZE = 400
_SHAPES = ("circle", "rounded", "diamond", "arch", "rings")


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8", "ignore")).digest()[:8], "big")


def _printable(text: str) -> str:
    # XML 1.0 allows no control characters, and lone surrogates cannot be encoded.
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs", "Co"))


_SMALL_WORDS = frozenset("a an and for in of on or set the to with pack box".split())


def initials(title: str) -> str:
    """Two letters for the picture: from the title's first two meaningful words ("Pack of 72 Red Mugs" -> "RM")."""
    words = [w for w in _printable(title).split() if w[:1].isalpha()]
    meaningful = [w for w in words if w.lower() not in _SMALL_WORDS] or words
    return "".join(w[0] for w in meaningful[:2]).upper() or "M"


def caption_lines(title: str, *, max_chars: int = 18, max_lines: int = 2) -> list[str]:
    """The title's first words, wrapped onto at most two short lines."""
    lines: list[str] = []
    current = ""
    for word in _printable(title).split():
        word = word[:max_chars]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= max_chars:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
    if len(lines) == max_lines and " ".join(lines) != " ".join(_printable(title).split()):
        lines[-1] = lines[-1][: max_chars - 1].rstrip() + "…"
    return lines


def _shape(kind: str, hue: int, seed: int) -> str:
    centre = SIZE // 2
    fill = f"hsl({hue} 55% 82%)"
    accent = f"hsl({(hue + 25) % 360} 60% 70%)"
    if kind == "circle":
        return (f'<circle cx="{centre}" cy="{centre - 30}" r="120" fill="{fill}"/>'
                f'<circle cx="{centre + 85}" cy="{centre - 110}" r="34" fill="{accent}"/>')
    if kind == "rounded":
        tilt = (seed % 17) - 8
        return (f'<rect x="90" y="60" width="220" height="220" rx="44" fill="{fill}" '
                f'transform="rotate({tilt} {centre} {centre - 30})"/>')
    if kind == "diamond":
        return (f'<path d="M{centre} 40 L{centre + 130} 170 L{centre} 300 L{centre - 130} 170 Z" fill="{fill}"/>'
                f'<circle cx="{centre}" cy="170" r="40" fill="{accent}"/>')
    if kind == "arch":
        return (f'<path d="M90 300 V170 A110 110 0 0 1 310 170 V300 Z" fill="{fill}"/>'
                f'<rect x="90" y="286" width="220" height="14" rx="7" fill="{accent}"/>')
    return (f'<circle cx="{centre}" cy="{centre - 30}" r="130" fill="none" stroke="{fill}" stroke-width="26"/>'
            f'<circle cx="{centre}" cy="{centre - 30}" r="82" fill="{accent}" opacity="0.55"/>')


def product_placeholder_svg(*, public_id: str, title: str, department: str = "") -> str:
    """An SVG picture for a product; the same inputs always give the same picture."""
    product_seed = _hash(public_id)
    base_hue = _hash(department or public_id) % 360
    hue = (base_hue + product_seed % 41 - 20) % 360
    shape = _SHAPES[(product_seed >> 8) % len(_SHAPES)]
    lines = caption_lines(title)
    caption = "".join(
        f'<text x="{SIZE // 2}" y="{338 + 28 * index}" font-size="22" font-weight="600" '
        f'fill="hsl({hue} 35% 28%)" text-anchor="middle">{escape(line)}</text>'
        for index, line in enumerate(lines))
    label = escape(" ".join(lines) or "Product picture", {'"': "&quot;"})
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" '
        f'role="img" aria-label="{label}">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="hsl({hue} 70% 96%)"/>'
        f'<stop offset="1" stop-color="hsl({(hue + 30) % 360} 60% 90%)"/></linearGradient></defs>'
        f'<rect width="{SIZE}" height="{SIZE}" fill="url(#g)"/>'
        f'{_shape(shape, hue, product_seed)}'
        f'<text x="{SIZE // 2}" y="{SIZE // 2 - 6}" font-family="system-ui, -apple-system, Segoe UI, Roboto, '
        f'sans-serif" font-size="84" font-weight="700" fill="hsl({hue} 45% 30%)" text-anchor="middle" '
        f'dominant-baseline="middle">{escape(initials(title))}</text>'
        f'<g font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">{caption}</g>'
        f'</svg>'
    )


def placeholder_version(*, title: str, department: str) -> str:
    """Changes when the picture would: appended to the image URL so long caching stays correct."""
    return f"{_hash(title + '|' + department) % 16**8:08x}"
