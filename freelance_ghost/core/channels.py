"""One table of how each channel is named and drawn, read by the sentences, lists and timeline.

A new channel (or a new language) changes this table and nothing else: the words a sentence
uses, the label a list shows, the glyph the timeline draws and the kind of address a person
gives for it all come from here. The drawing itself stays in the window, keyed by ``glyph``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from freelance_ghost.core.kinds import Channel


class AddressKind(StrEnum):
    """What an address on the channel looks like, so a dialog can say when one does not fit."""

    EMAIL = "email"
    PHONE = "phone"
    ANY = "any"


@dataclass(frozen=True, kw_only=True)
class ChannelWords:
    """One channel in words and pictures; ``{who}`` is a person, ``{where}`` their address."""

    label: str  # lists and menus: "Video call"
    noun: str  # one unanswered message: "your call has gone unanswered"
    nouns: str  # several: "your 3 calls have gone unanswered"
    means: str  # after "by" in advice: "a follow-up by text message"
    manner: str  # how a check-in is due on the timeline: "by text", "in person"
    outbound: str  # a message we sent: "Text to {who}"
    inbound: str  # a message they sent: "Text from {who}"
    advice: str  # switching to the channel: "Try texting {who}{where}."
    address_word: str  # how an address joins the advice: "on +49 ...", "at ana@..."
    address: AddressKind
    address_needed: bool  # a way to reach someone there is nothing without one
    glyph: str  # the timeline's badge: a name the window draws


CHANNELS: Mapping[Channel, ChannelWords] = MappingProxyType(
    {
        Channel.EMAIL: ChannelWords(
            label="Email",
            noun="email",
            nouns="emails",
            means="email",
            manner="by email",
            outbound="Email to {who}",
            inbound="Email from {who}",
            advice="Try emailing {who}{where}.",
            address_word="at",
            address=AddressKind.EMAIL,
            address_needed=True,
            glyph="envelope",
        ),
        Channel.PHONE: ChannelWords(
            label="Phone",
            noun="call",
            nouns="calls",
            means="phone",
            manner="by phone",
            outbound="Call to {who}",
            inbound="Call from {who}",
            advice="Try calling {who}{where}.",
            address_word="on",
            address=AddressKind.PHONE,
            address_needed=True,
            glyph="handset",
        ),
        Channel.SMS: ChannelWords(
            label="Text",
            noun="text",
            nouns="texts",
            means="text message",
            manner="by text",
            outbound="Text to {who}",
            inbound="Text from {who}",
            advice="Try texting {who}{where}.",
            address_word="on",
            address=AddressKind.PHONE,
            address_needed=True,
            glyph="bubble",
        ),
        Channel.VIDEO: ChannelWords(
            label="Video call",
            noun="video call",
            nouns="video calls",
            means="video call",
            manner="by video call",
            outbound="Video call with {who}",
            inbound="Video call from {who}",
            advice="Try suggesting a short video call with {who}{where}.",
            address_word="on",
            address=AddressKind.ANY,
            address_needed=True,
            glyph="camera",
        ),
        Channel.IN_PERSON: ChannelWords(
            label="In person",
            noun="visit",
            nouns="visits",
            means="meeting in person",
            manner="in person",
            outbound="Visit to {who}",
            inbound="Visit from {who}",
            advice="Try catching {who} in person.",  # a place is not where you reach them
            address_word="",
            address=AddressKind.ANY,
            address_needed=False,
            glyph="person",
        ),
        Channel.SOCIAL: ChannelWords(
            label="Social",
            noun="message",
            nouns="messages",
            means="social media",
            manner="on social media",
            outbound="Social message to {who}",
            inbound="Social message from {who}",
            advice="Try reaching {who} on social media{where}.",
            address_word="at",
            address=AddressKind.ANY,
            address_needed=True,
            glyph="globe",
        ),
        Channel.OTHER: ChannelWords(
            label="Other",
            noun="message",
            nouns="messages",
            means="your usual channel",
            manner="your usual way",
            outbound="Message to {who}",
            inbound="Message from {who}",
            advice="Try reaching {who} another way{where}.",
            address_word="at",
            address=AddressKind.ANY,
            address_needed=True,
            glyph="dot",
        ),
    }
)


def channel_words(channel: Channel | str) -> ChannelWords:
    """The table's row for ``channel``, given as the enum or as its stored value."""
    return CHANNELS[Channel(channel)]
