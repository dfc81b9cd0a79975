"""Pictures uploaded in the editor: checked, named here, stored only in data/assets/.

The file's name never comes from the browser: it is made from a tidy version
of the uploaded name and the first bytes of its SHA-256, so two uploads never
overwrite each other and nothing can point outside data/assets/.  The bytes
must be a PNG or JPEG that Pillow reads, at most MAX_BYTES, with enough pixels
for 300 dpi across the panel it goes on (the message says how many).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from ...data.folds import fold_plan
from ...errors import BrochureError
from ...files import atomic_write

MAX_BYTES = 10 * 1024 * 1024
FORMATS = {"PNG": "png", "JPEG": "jpg"}
PRINT_DPI = 300
PANEL_PADDING_MM = 7.0      # the layouts' padding on each side of a panel: a picture is at most this wide


class UploadRefused(BrochureError):
    """The upload is not a picture this leaflet can print well; nothing was stored."""


@dataclass(frozen=True)
class Stored:
    name: str          # relative to data/assets/
    width: int
    height: int


def needed_pixels(fold: str, panel: int) -> tuple[float, int]:
    """The widest a picture prints on this panel (mm), and the pixels that gives 300 dpi there."""
    width_mm = fold_plan(fold).slot(panel).width - 2 * PANEL_PADDING_MM
    return width_mm, round(width_mm / 25.4 * PRINT_DPI)


def store(project, data: bytes, filename: str, fold: str, panel: int) -> Stored:
    if not data:
        raise UploadRefused("ファイルが選ばれていません")
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"ファイルが大きすぎます（{len(data) // 1024 // 1024} MB）。10 MB までにしてください")
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind, (width, height) = picture.format, picture.size
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UploadRefused("画像として読めません。PNG か JPEG のファイルを選んでください") from None
    if kind not in FORMATS:
        raise UploadRefused(f"{kind} の画像は使えません。PNG か JPEG にしてください")
    width_mm, pixels = needed_pixels(fold, panel)
    if width < pixels:
        raise UploadRefused(f"画像の幅が {width} px です。この面の幅（約 {width_mm:.0f} mm）にきれいに印刷するには、"
                            f"幅 {pixels} px 以上（300 dpi）の画像が必要です")
    name = f"{_stem(filename)}-{hashlib.sha256(data).hexdigest()[:8]}.{FORMATS[kind]}"
    atomic_write(project.assets / name, data)
    return Stored(name, width, height)


def _stem(filename: str) -> str:
    """A tidy name from the uploaded one: ASCII letters, digits and hyphens only (else 'picture')."""
    stem = filename.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:40]
    return stem or "picture"
