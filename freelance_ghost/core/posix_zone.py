"""Time zones written as POSIX TZ rules (``UTC+5``, ``CET-1CEST,M3.5.0,M10.5.0/3``).

zoneinfo reads only zone files, but every version 2 zone file ends with such a rule for the
times after its last transition (RFC 8536, section 3.3), and zoneinfo reads that footer with
all its forms (``<+05>-5``, ``Jn``, ``Mm.w.d/time``). So a rule becomes a zone by wrapping it
in the smallest zone file there is: no transitions, the rule as its footer.
"""

from __future__ import annotations

import io
import struct
from datetime import tzinfo
from zoneinfo import ZoneInfo

# A rule with summer time but no dates for it ("AAA5BBB"): the C library takes the United
# States' dates, and so does this.
_DEFAULT_DATES = ",M3.2.0,M11.1.0"


def posix_zone(rule: str) -> tzinfo | None:
    """The zone ``rule`` describes, or None if it is not a POSIX TZ rule."""
    if not rule or not rule.isascii() or "\n" in rule:
        return None
    candidates = [rule] if "," in rule else [rule, rule + _DEFAULT_DATES]
    for candidate in candidates:
        try:
            return ZoneInfo.from_file(io.BytesIO(_zone_file(candidate)), key=rule)
        except ValueError:
            continue
    return None


def _zone_file(rule: str) -> bytes:
    """A version 2 zone file: one local time type, no transitions, and ``rule`` as its footer."""
    # Counts: UT/local and standard/wall indicators, leap seconds, transitions, types, and
    # bytes of time zone designations.
    header = b"TZif2" + bytes(15) + struct.pack(">6l", 0, 0, 0, 0, 1, 1)
    data = struct.pack(">lBB", 0, 0, 0) + b"\0"  # the one type: offset 0, standard, name ""
    # The 64-bit part repeats header and data (no transition times to widen), then the rule.
    return header + data + header + data + b"\n" + rule.encode("ascii") + b"\n"
