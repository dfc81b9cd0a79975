"""A QR code for a contact's web address, drawn as vector paths by segno."""

from __future__ import annotations

import io
import re

import segno
from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field

from . import FigureContext, figure


class QR(BaseModel):
    model_config = ConfigDict(extra="forbid")
    contact: str = Field(description="Contact id whose address the code carries.")
    field: str = Field("url", description="Which field: url, email or tel.")
    caption: str | None = Field(None, description="Short text printed beside the code.")
    size: float = Field(22.0, description="Printed size in mm (at least 15 for phone cameras).")


WHAT = {"url": "ホームページ", "email": "メールアドレス", "tel": "電話番号"}
WHAT_EN = {"url": "website", "email": "e-mail address", "tel": "phone number"}


def qr_svg(payload: str, label: str | None = None) -> str:
    code = segno.make(payload, error="m", boost_error=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, svgns=True, scale=1, border=4, nl=False, omitsize=True)
    svg = buffer.getvalue().decode()
    # segno names no size with omitsize, and gives a viewBox: CSS sizes it.  The label is no drawing:
    # the print PDF's bytes stay; the download PDF's Figure gets it as /Alt (render/accessible.py).
    labelled = f' aria-label="{escape(label)}"' if label else ""
    return re.sub(r' class="segno"', f'{labelled} class="qr" role="img"', svg, count=1)


def qr_label(name: str, field: str, value: str) -> str:
    """What the code leads to: 「札幌市ひきこもり地域支援センターのホームページ（www.kokoro-recovery.org）のQRコード」."""
    shown = re.sub(r"^[a-z]+://", "", value).rstrip("/")
    return f"{name}の{WHAT.get(field, field)}（{shown}）のQRコード"


def qr_label_en(name: str, field: str, value: str) -> str:
    """The same in an English edition: "QR code for the website of … (www.kokoro-recovery.org)"."""
    shown = re.sub(r"^[a-z]+://", "", value).rstrip("/")
    return f"QR code for the {WHAT_EN.get(field, field)} of {name} ({shown})"


@figure("qr", QR)
def render(data: QR, ctx: FigureContext) -> Markup:
    contact = ctx.resolver.registry[data.contact]
    ctx.uses.add(data.contact)
    value = getattr(contact, data.field)
    if not value:
        raise ValueError(f"contact {data.contact!r} has no {data.field}")
    payload = {"email": f"mailto:{value}", "tel": f"tel:{value}"}.get(data.field, value)
    label = (qr_label_en(contact.name_en or contact.name, data.field, value) if ctx.language == "en"
             else qr_label(contact.name, data.field, value))
    svg = qr_svg(payload, label)
    return ctx.render_template("figures/qr.html", svg=Markup(svg), href=payload,
                               text=value, caption=data.caption, size=data.size)
