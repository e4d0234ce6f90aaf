"""Every channel looks and reads the same in the window: its label, headlines and glyph."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction
from freelance_ghost.core.timeline_events import CheckinMark, Message
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact
from freelance_ghost.ui.dialogs.people import MethodDialog, address_reason
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
    _, outbound, inbound, how = WORDS[channel]
    assert headline(Message(NOW, Direction.OUT, channel, "Hank", ""), "Acme") == outbound
    assert headline(Message(NOW, Direction.IN, channel, "Hank", ""), "Acme") == inbound
    assert headline(CheckinMark(NOW, 7, channel), "Acme") == f"Check-in due (every 7 days, {how})"


def test_every_channel_has_a_glyph_of_its_own() -> None:
    assert set(CHANNEL_GLYPHS) == set(Channel)
    assert len({CHANNEL_GLYPHS[channel] for channel in Channel}) == len(Channel)


EMAIL_ONLY = "'call me maybe' is not an email address such as ann@example.com."
DIGITS_ONLY = "A phone number has digits, spaces and + ( ) - only."
# channel: (what a non-address says, whether a way to reach someone needs an address)
ADDRESSES = {
    Channel.EMAIL: (EMAIL_ONLY, True),
    Channel.PHONE: (DIGITS_ONLY, True),
    Channel.SMS: (DIGITS_ONLY, True),
    Channel.VIDEO: ("", True),
    Channel.IN_PERSON: ("", False),
    Channel.SOCIAL: ("", True),
    Channel.OTHER: ("", True),
}


@pytest.mark.parametrize("channel", list(Channel))
def test_each_channel_takes_its_own_kind_of_address(
    channel: Channel, qtbot: QtBot, db: Path
) -> None:
    wrong, needed = ADDRESSES[channel]
    assert address_reason(channel, "call me maybe") == wrong
    assert address_reason(channel, "") == ""
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW)
    hank = add_contact(client.id, "Hank", "CEO", NOW)
    method = MethodDialog(hank.id, "Hank", lambda: NOW)
    qtbot.addWidget(method)
    method.channel.setCurrentIndex(method.channel.findData(channel))
    assert method.channel.currentText() == WORDS[channel][0]
    assert bool(method.validate()["address"]) == needed
