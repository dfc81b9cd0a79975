"""Stage 2, layout: composing a brochure's HTML from validated data.

Owns the composer (panels as HTML pages with bleed, in reading order), the
figures (flowchart, staircase, access map, QR code), Japanese typesetting
(phrases that do not break inside words) and the type scale that
shrink-to-fit steps through.  It knows nothing of output variants or the
proof: those ask it for what they need.

May import: data and the shared modules.
"""
