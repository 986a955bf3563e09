"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import strategies as st

from csmetrics.models import Channel

ZONES = ("UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Asia/Kolkata")

zones = st.sampled_from(ZONES).map(zoneinfo.ZoneInfo)
channels = st.sampled_from(list(Channel))


def aware_datetimes(
    min_value: dt.datetime = dt.datetime(2020, 1, 1),
    max_value: dt.datetime = dt.datetime(2030, 12, 31),
) -> st.SearchStrategy[dt.datetime]:
    """Timezone-aware datetimes in a few real zones, microsecond precision."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=zones)


# Names from scripts that never occur in field names or repr punctuation, so a
# leak of the raw value can be detected by a plain substring test.
cjk_names = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=5
)
greek_names = st.lists(
    st.text(
        alphabet=st.characters(min_codepoint=0x3B1, max_codepoint=0x3C9), min_size=2, max_size=8
    ),
    min_size=1,
    max_size=3,
).map(" ".join)
phone_numbers = st.text(alphabet="0123456789", min_size=11, max_size=13).map(lambda d: "1" + d)
