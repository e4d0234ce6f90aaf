"""Every channel looks and reads the same in the window: its label, headlines and glyph."""

from __future__ import annotations

import pytest

from freelance_ghost.core.kinds import Channel, Direction
from freelance_ghost.core.timeline_events import CheckinMark, Message
from freelance_ghost.ui.icons import channel_label
from freelance_ghost.ui.timeline.style import CHANNEL_GLYPHS
from freelance_ghost.ui.timeline.text import headline
from tests.conftest import NOW

# channel: (label, we reached them, they reached us, a check-in's channel)
WORDS = {
    Channel.EMAIL: ("Email", "Email to Hank", "Email from Hank", "by email"),
    Channel.PHONE: ("Phone", "Call to Hank", "Call from Hank", "by phone"),
    Channel.SMS: ("Text", "Text to Hank", "Text from Hank", "by text"),
    Channel.VIDEO: ("Video call", "Video call with Hank", "Video call from Hank", "by video call"),
    Channel.IN_PERSON: ("In person", "Visit to Hank", "Visit from Hank", "in person"),
    Channel.SOCIAL: (
        "Social",
        "Social message to Hank",
        "Social message from Hank",
        "on social media",
    ),
    Channel.OTHER: ("Other", "Message to Hank", "Message from Hank", "your usual way"),
}


@pytest.mark.parametrize("channel", list(Channel))
def test_a_channel_reads_the_same_everywhere_in_the_window(channel: Channel) -> None:
    label, outbound, inbound, how = WORDS[channel]
    assert channel_label(channel) == label
    assert channel_label(channel.value) == label
    assert headline(Message(NOW, Direction.OUT, channel, "Hank", ""), "Acme") == outbound
    assert headline(Message(NOW, Direction.IN, channel, "Hank", ""), "Acme") == inbound
    assert headline(CheckinMark(NOW, 7, channel), "Acme") == f"Check-in due (every 7 days, {how})"


def test_every_channel_has_a_glyph_of_its_own() -> None:
    assert set(CHANNEL_GLYPHS) == set(Channel)
    assert len({CHANNEL_GLYPHS[channel] for channel in Channel}) == len(Channel)
