"""A believable year of a freelance brand designer's clients, for ``freelance-ghost demo``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from freelance_ghost.core.history.format import HistoryEvent
from freelance_ghost.core.kinds import (
    Channel,
    ClientKind,
    ClientStatus,
    Direction,
    EventKind,
    ProjectStatus,
)
from freelance_ghost.core.plurals import counted
from freelance_ghost.store.history import import_history
from freelance_ghost.store.models import Client, Contact, ContactMethod, database

_RANK = {kind: rank for rank, kind in enumerate(EventKind)}
_VERBS = frozenset({"client", "person", "in", "out", "project", "schedule", "invoice", "paid"})


class DemoRefusedError(Exception):
    """The data folder already holds clients: sample data is never mixed into real records."""


def load_demo(now: datetime, zone: tzinfo) -> str:
    """Imports the sample year ending at ``now``, only into an empty data folder.

    It takes the same all-or-nothing path as a CSV import; the CSV has no client kind, so the
    individuals are marked as persons afterwards, in the same transaction.
    """
    with database.atomic():
        existing = Client.select().count()
        if existing:
            raise DemoRefusedError(
                f"the data folder already holds {counted(existing, 'client', 'clients')}; "
                "demo only fills an empty one"
            )
        report = import_history(demo_events(now, zone))
        persons = [name.casefold() for name, kind, _, _ in _CLIENTS if kind is ClientKind.PERSON]
        Client.update(kind=ClientKind.PERSON).where(Client.name_key.in_(persons)).execute()
    return ", ".join(
        (
            counted(report.clients_created, "client", "clients"),
            counted(Contact.select().count(), "contact", "contacts"),
            counted(ContactMethod.select().count(), "contact method", "contact methods"),
            counted(report.rows, "event", "events"),
        )
    )


def demo_events(now: datetime, zone: tzinfo) -> list[HistoryEvent]:
    """Every sample event in time order; the same ``now`` and zone always give the same list."""
    calendar = _Calendar(now, zone)
    events: list[HistoryEvent] = []
    for name, _, currency, diary in _CLIENTS:
        events.extend(_Diary(calendar, name, currency).read(diary))
    return sorted(events, key=lambda event: (event.timestamp, _RANK[event.event]))


class _Calendar:
    """Places diary lines in working days before ``now``, so the sample year always ends today."""

    def __init__(self, now: datetime, zone: tzinfo) -> None:
        self.zone = zone
        self.today = now.astimezone(zone).date()

    def day(self, back: int) -> date:
        """The weekday ``back`` working days before today: the freelancer keeps office hours.

        Counting from yesterday keeps every event before ``now``, whatever the time of day.
        """
        if back < 1:
            raise ValueError("sample events start yesterday at the latest")
        day = self.today
        while back:
            day -= timedelta(days=1)
            back -= day.weekday() < 5
        return day

    def at(self, back: int, hhmm: str) -> datetime:
        """Local wall-clock ``hhmm``, ``back`` working days ago, as a UTC instant."""
        hour, minute = (int(part) for part in hhmm.split(":"))
        local = datetime.combine(self.day(back), time(hour, minute), tzinfo=self.zone)
        return local.astimezone(UTC)

    def date_in(self, days: int) -> date:
        """The calendar date ``days`` from today (negative: past), for deadlines and due dates."""
        return self.today + timedelta(days=days)


class _Diary:
    """Reads one client's diary, a line per event, into history events.

    ``focus NAME`` names the project that the next interactions and invoices belong to (bare
    ``focus``: none). Every other line is ``BACK HH:MM VERB ARGS | TEXT | TEXT...``, BACK being
    working days before today; see the ``_VERB`` methods for each verb's arguments.
    """

    def __init__(self, calendar: _Calendar, client: str, currency: str) -> None:
        self.calendar, self.client, self.currency = calendar, client, currency
        self.events: list[HistoryEvent] = []
        self.people: dict[str, str] = {}  # first name -> full name
        self.focus = ""
        self.at = datetime.min.replace(tzinfo=UTC)

    def read(self, diary: str) -> list[HistoryEvent]:
        """The events of every line; a malformed line is a programming error, named here."""
        for line in diary.strip().splitlines():
            head, *texts = (part.strip() for part in line.split("|"))
            try:
                self._line(head.split(), texts)
            except (ValueError, TypeError, KeyError) as error:
                raise ValueError(f"{self.client}: bad diary line {line!r} ({error})") from None
        return self.events

    def _line(self, words: list[str], texts: list[str]) -> None:
        if words[0] == "focus":
            self.focus = " ".join(words[1:])
            return
        back, hhmm, verb, *args = words
        if verb not in _VERBS:
            raise ValueError(f"unknown verb {verb!r}")
        self.at = self.calendar.at(int(back), hhmm)
        getattr(self, f"_{verb}")(*args, texts=texts)

    def _add(self, kind: EventKind, **cells: Any) -> None:
        self.events.append(HistoryEvent(kind, self.client, self.at, **cells))

    def _client(self, status: str, texts: list[str]) -> None:
        """``client STATUS | notes``: the client row, at the first touch point."""
        self._add(EventKind.CLIENT, status=ClientStatus(status).value, summary=texts[0])

    def _person(self, *name: str, texts: list[str]) -> None:
        """``person FULL NAME | role | CHANNEL address | ...``: one contact row per channel."""
        role, *methods = texts
        self.people[name[0]] = full = " ".join(name)
        for method in methods:
            channel, address = method.split(" ", 1)
            self._add(
                EventKind.CONTACT,
                contact=full,
                channel=Channel(channel),
                address=address,
                summary=role,
            )

    def _in(self, channel: str, who: str, texts: list[str]) -> None:
        """``in CHANNEL FIRSTNAME | summary [| next step | due in days]``: they reached us."""
        self._talk(Direction.IN, Channel(channel), who, *texts)

    def _out(self, channel: str, who: str, texts: list[str]) -> None:
        """``out CHANNEL FIRSTNAME | summary [| next step | due in days]``: we reached them."""
        self._talk(Direction.OUT, Channel(channel), who, *texts)

    def _talk(
        self,
        direction: Direction,
        channel: Channel,
        who: str,
        summary: str,
        step: str = "",
        due_in: str = "",
    ) -> None:
        self._add(
            EventKind.INTERACTION,
            contact=self.people[who],
            direction=direction,
            channel=channel,
            summary=summary,
            next_step=step,
            next_step_due=self.calendar.date_in(int(due_in)) if due_in else None,
            project=self.focus,
        )

    def _project(self, status: str, deadline_in: str, texts: list[str]) -> None:
        """``project STATUS DEADLINE_IN_DAYS | name | note``: created, or its status moved."""
        name, note = texts
        self._add(
            EventKind.PROJECT,
            project=name,
            status=ProjectStatus(status).value,
            due_date=self.calendar.date_in(int(deadline_in)),
            summary=note,
        )

    def _schedule(self, cadence_days: str, channel: str, texts: list[str]) -> None:
        """``schedule DAYS CHANNEL``: the check-in cadence agreed from this moment on."""
        self._add(EventKind.SCHEDULE, cadence_days=int(cadence_days), channel=Channel(channel))

    def _invoice(self, number: str, amount: str, due: str, texts: list[str]) -> None:
        """``invoice NUMBER AMOUNT netDAYS|dueDAYS``: due DAYS after issue, or from today."""
        issued = self.at.astimezone(self.calendar.zone).date()
        days = int(due.removeprefix("net").removeprefix("due"))
        due_on = issued + timedelta(days) if due.startswith("net") else self.calendar.date_in(days)
        self._add(
            EventKind.INVOICE,
            invoice=number,
            amount=Decimal(amount),
            currency=self.currency,
            due_date=due_on,
            project=self.focus,
        )

    def _paid(self, number: str, amount: str, texts: list[str]) -> None:
        """``paid NUMBER AMOUNT``: money received against an invoice."""
        self._add(EventKind.PAYMENT, invoice=number, amount=Decimal(amount), currency=self.currency)


_NORDLICHT = """
130 09:40 client active | Specialty roaster in Kreuzberg; quick on email, pays on time.
130 09:40 person Jana Weber | Founder | email jana@nordlicht-kaffee.de | phone +49 30 5557 2210 | sms +49 172 5554 1180 | in_person Roastery, Wiener Straße 14, Berlin
130 09:40 in email Jana | Enquiry: brand identity before the second café opens
130 11:05 out email Jana | Replied with my process and three past identity projects
129 10:20 in email Jana | Keen to go ahead, asked for a call this week
127 14:00 out phone Jana | Discovery call: values, competitors, opening date
focus Brand identity
126 09:55 project proposed -125 | Brand identity | Logo, palette, type, guidelines
126 10:00 out email Jana | Sent the identity proposal, three rounds included
126 15:30 in email Jana | Proposal accepted, deposit on its way
126 15:40 project active -125 | Brand identity | Signed off, deposit invoiced
125 09:30 invoice NLC-001 1800.00 net14
122 11:00 paid NLC-001 1800.00
118 10:15 out in_person Jana | Moodboard workshop at the roastery, picked two directions
112 15:55 person Tobias Krüger | Marketing lead | email tobias@nordlicht-kaffee.de | social instagram.com/nordlicht.kaffee | video meet.google.com/nlc-tobias
112 16:00 out email Tobias | Sent logo concepts v1, three routes
112 17:20 in email Tobias | Team leans to route B, wants warmer colours
108 11:00 out email Tobias | Sent revised logo options, v2 with a warmer palette
107 09:50 in email Jana | Approved the v2 wordmark, asked for cup and bag mockups
100 14:30 out video Tobias | Walked through the brand guidelines draft
99 10:10 in email Tobias | Two copy edits to the guidelines, otherwise signed off
96 11:00 out email Jana | Delivered final logo files and the brand guidelines
96 11:10 invoice NLC-002 2400.00 net14
96 11:15 project done -125 | Brand identity | Final files and guidelines delivered
focus
96 13:00 person Mia Schulz | Operations and invoices | email buchhaltung@nordlicht-kaffee.de | phone +49 30 5557 2215
96 13:00 in email Mia | Confirmed NLC-002 arrived, paying this week
96 13:30 schedule 14 email
92 10:00 paid NLC-002 2400.00
80 10:00 out email Jana | Check-in: how the new identity landed at the opening
80 12:40 in email Jana | Opening went well, sent photos of the new cups
62 10:00 out email Tobias | Check-in: offered help with the autumn menu boards
61 09:30 in email Tobias | Not now, packaging is next on their list
40 10:00 in phone Jana | Call: packaging for the new single-origin range
focus Packaging refresh
39 09:15 project proposed 24 | Packaging refresh | Six bag designs and a shipping box
39 09:30 out email Jana | Sent packaging proposal: six bags and a shipping box
39 12:15 in email Jana | Go ahead, start with the 250 g bags
39 12:30 project active 24 | Packaging refresh | Approved, bags first
30 15:00 out email Tobias | Sent dieline drafts for the 250 g and 1 kg bags
30 16:40 in email Tobias | Printer needs 3 mm bleed, not 5
25 10:00 out email Tobias | Updated the dielines with 3 mm bleed
24 09:15 in email Tobias | Dielines approved by the printer
18 14:00 out in_person Jana | Press check at the printer in Neukölln
18 16:30 in sms Jana | Thanks for coming along, the colours look right
12 10:00 invoice NLC-003 3200.00 due+16
12 10:05 out email Mia | Sent progress invoice NLC-003, half on approval
12 11:30 in email Mia | Paying half now, the rest after the launch
5 09:30 paid NLC-003 1600.00
4 10:30 out email Tobias | Sent shipping box artwork v1
3 11:10 in email Tobias | Likes the box, wants the kraft version | Send kraft box artwork | 4
"""

_HARBOR_AND_PINE = """
70 17:30 client active | Architecture studio in Portland; replies in a day or two.
70 17:30 person Rachel Moreno | Principal architect | email rachel@harborandpine.com | phone +1 503 555 0142 | video zoom.us/j/4471902233
70 17:30 in email Rachel | Referred by Fjord Analytics: a new website for the studio
70 17:50 out email Rachel | Asked for their analytics and three sites they admire
68 17:10 in email Rachel | Sent the analytics export and reference sites
66 16:00 out video Rachel | Kick-off call: projects first, fewer words, big images
focus Website redesign
65 09:45 project active 30 | Website redesign | Eight templates and CMS handover
65 10:00 out email Rachel | Sent proposal and timeline, USD 9,600 in three parts
63 16:30 in email Rachel | Signed proposal attached
63 17:00 invoice HP-101 3200.00 net14
58 17:00 paid HP-101 3200.00
55 10:55 person Devon Brooks | Project manager | email devon@harborandpine.com | sms +1 503 555 0178 | social linkedin.com/in/devonbrooks-pm
55 11:00 out email Devon | Sent sitemap and wireframes for home and projects
52 16:45 in email Devon | Wireframe notes: merge the Studio and Team pages
45 10:30 out video Devon | Design review of the home page, direction approved
44 17:20 in email Devon | Rachel asked for a darker footer, otherwise happy
44 17:30 schedule 30 video
40 16:00 project proposed 45 | Signage concept | Wayfinding for the new office
28 10:00 invoice HP-102 3200.00 due-9
28 10:05 out email Devon | Sent invoice HP-102 for the design phase
20 16:00 in video Rachel | Call: pause the signage until the lease is signed
20 16:30 project on_hold 60 | Signage concept | Waiting for the office lease
14 10:00 out email Devon | Sent the development build for review
11 17:05 in email Devon | Content edits are in the shared doc
9 10:00 out email Devon | Applied the content edits, staging updated
8 17:20 paid HP-102 1200.00
8 17:30 in email Devon | Paid part of HP-102, the rest in the next payment run
6 17:15 in video Rachel | Review call: she wants a Journal section | Send revised sitemap with a Journal section | -3
"""

_KUMO = """
90 09:20 client active | Ceramics studio and web shop in Tokyo; calls at 09:30 my time.
90 09:20 person Yuki Tanaka | Founder and potter | email yuki@kumo-ceramics.jp | social instagram.com/kumo.ceramics | video meet.google.com/kumo-yuki
90 09:20 in social Yuki | Instagram DM: liked the Nordlicht bags, wants shop visuals
90 10:00 out social Yuki | Replied and moved the conversation to email
89 09:05 in email Yuki | Brief: shop banners and product card templates
88 09:30 out video Yuki | Kick-off at 17:30 Tokyo time, agreed a muted glaze palette
focus Online shop visuals
88 10:15 project active -70 | Online shop visuals | Banners and product cards
87 16:00 out email Yuki | Sent quote: JPY 240,000 for banners and templates
86 09:10 in email Yuki | Quote approved
80 16:55 person Haruto Sato | Online shop manager | email shop@kumo-ceramics.jp | sms +81 90 5555 3371
80 17:00 out email Haruto | Sent the first banner set for the winter collection
79 09:25 in email Haruto | Two banners need Japanese copy, text attached
75 16:45 out email Haruto | Sent bilingual banners v2
74 09:05 in email Haruto | All approved, uploading this week
60 16:00 out email Yuki | Handed over the templates and layered source files
60 16:05 invoice KUMO-01 240000 net30
60 16:10 project done -70 | Online shop visuals | Templates and sources handed over
focus
60 16:15 schedule 30 email
59 09:15 in email Yuki | Thanked me, will be back for the spring collection
50 09:00 paid KUMO-01 240000
30 16:30 out email Yuki | Check-in: asked about timing for the spring collection
29 09:05 in email Yuki | Spring shoot is in March, photos will follow
12 09:20 in email Haruto | Asked for a New Year sale banner, a small job
12 15:00 out email Haruto | Confirmed, can deliver next week
11 09:10 in email Haruto | Go ahead, three sizes please
5 16:00 out email Haruto | Sent the New Year sale banner in three sizes
4 09:10 in email Haruto | Perfect, it is live on the shop
"""

_KESTREL = """
110 10:00 client paused | Outdoor gear brand in Manchester; catalogue waits for a product shoot.
110 10:00 person Olivia Grant | Head of marketing | email olivia.grant@kestreloutdoor.co.uk | phone +44 161 555 0193 | video teams.microsoft.com/l/kestrel-marketing
110 10:00 in email Olivia | Enquiry: catalogue layout for the AW26 range
110 14:30 out email Olivia | Sent my print portfolio and day rate
109 11:00 in email Olivia | Asked for a call later this week
107 10:00 out video Olivia | Call: 48-page catalogue, they supply the photography
focus Catalogue layout AW26
107 10:45 project active -20 | Catalogue layout AW26 | 48 pages, print and PDF
107 11:00 schedule 30 email
106 09:30 person Ben Whitaker | Finance manager | email accounts@kestreloutdoor.co.uk | phone +44 161 555 0100
106 09:30 invoice KO-0141 2500.00 net30
106 09:35 out email Ben | Sent deposit invoice KO-0141
105 11:20 in email Ben | KO-0141 is booked for the next payment run
98 10:00 paid KO-0141 2500.00
95 15:00 out email Olivia | Sent spreads for pages 1 to 16
94 10:30 in email Olivia | More white space on the product pages, please
85 11:00 out email Olivia | Sent pages 1 to 32 on the revised grid
84 09:45 in phone Olivia | Call: happy with the grid, photos for 33 to 48 delayed
70 14:00 out email Olivia | Sent pages 33 to 48 with placeholder photos
69 10:15 in email Olivia | Shoot postponed, catalogue on hold until it is rebooked
69 10:30 project on_hold 45 | Catalogue layout AW26 | Waiting for the product shoot
36 10:00 invoice KO-0158 1850.00 due-20
36 10:05 out email Ben | Sent invoice KO-0158 for the layout work to date
26 10:30 out email Olivia | Asked whether the shoot has been rebooked
18 14:00 out phone Olivia | Called, left a voicemail about the catalogue and KO-0158
9 11:00 out email Ben | Reminder that KO-0158 is now overdue, PDF attached again
"""

_BLUE_FERN = """
150 11:00 client active | Event agency in Hamburg; festival and gala work, Chloé decides.
150 11:00 person Chloé Martin | Event director | email chloe@bluefern-events.com | phone +49 40 5550 8812 | sms +49 170 5551 2290 | social linkedin.com/in/chloe-martin-events
150 11:00 in phone Chloé | Call: poster series for their summer festival
149 10:00 out email Chloé | Sent proposal: five festival posters and social crops
148 15:20 in email Chloé | Approved, first concepts in two weeks please
focus Festival poster series
148 15:30 project active -150 | Festival poster series | Five posters and social crops
140 11:00 person Felix Braun | Producer | email felix@bluefern-events.com | in_person Blue Fern office, Schulterblatt 58, Hamburg
140 11:00 out in_person Felix | Concept review at their office, line-up and stage posters
139 16:00 in email Felix | Picked concept 2, asked for a neon green accent
130 10:00 out email Felix | Sent final poster files and social crops
129 12:00 in email Chloé | The festival team loves the posters
129 14:00 invoice BFE-07 2950.00 net30
129 14:05 project done -150 | Festival poster series | Delivered and printed
118 10:00 paid BFE-07 2950.00
focus
75 10:30 in email Chloé | Autumn gala: invitation and stage backdrop
75 14:00 out email Chloé | Sent a quote for the gala invitation and backdrop
74 11:15 in email Chloé | Quote accepted
focus Autumn gala design
74 11:30 project active -50 | Autumn gala design | Invitation and stage backdrop
68 15:00 out email Felix | Sent invitation drafts
67 10:40 in email Felix | One date fix on the invitation, then it can go to print
62 10:00 out in_person Felix | Dropped off the backdrop files, checked the print proof
61 09:30 in email Felix | Printer confirmed, all good
60 10:00 project done -50 | Autumn gala design | Invitation and backdrop delivered
52 10:00 invoice BFE-12 3400.00 due-40
52 10:05 out email Chloé | Sent invoice BFE-12 for the autumn gala work
focus
40 10:30 out email Chloé | Asked how the gala went, shared photos of the backdrop
27 11:00 out email Felix | BFE-12 is past due, resent the PDF
20 14:00 out phone Chloé | Called about BFE-12, no answer, left a voicemail
13 10:00 out sms Chloé | Short text asking for a quick status on BFE-12
6 10:30 out email Chloé | Last friendly note on BFE-12, happy to help with future events
"""

_LENA = """
45 10:00 client active | Wedding and portrait photographer; answers fastest by text.
45 10:00 person Lena Hoffmann | Photographer | email hello@lenahoffmann.photo | phone +49 171 5550 394 | sms +49 171 5550 394 | social instagram.com/lena.hoffmann.photo
45 10:00 in social Lena | Instagram DM: wants a portfolio website
45 10:40 out social Lena | Replied, suggested a short call
45 12:10 in sms Lena | Free tomorrow at 11
44 11:00 out phone Lena | Call: portfolio with private client galleries
focus Portfolio website
43 09:15 project active 14 | Portfolio website | Portfolio, galleries, booking form
43 09:30 out email Lena | Sent proposal: portfolio site, EUR 2,200
43 13:05 in email Lena | Accepted, sent her best 40 photos
42 10:00 invoice LH-01 1100.00 net14
40 16:00 paid LH-01 1100.00
30 10:00 out email Lena | Sent home page design v1
30 11:45 in email Lena | Loves it, wants the gallery grid tighter
22 15:00 out email Lena | Sent gallery templates v2
22 16:30 in email Lena | Approved, asked for a staging link
12 10:00 out email Lena | Sent the staging link and an upload guide
11 09:20 in sms Lena | Uploading the wedding series this week
5 10:00 out email Lena | Sent the first full draft of the site for review
"""

_GREENFIELD = """
25 11:30 client lead | Three dental practices in south London; budget around GBP 6k.
25 11:30 person Sam Patel | Practice manager | email sam.patel@greenfielddental.co.uk | phone +44 20 7946 0321
25 11:30 in phone Sam | Call: rebrand for their three practices
24 15:00 person Amelia Hart | Practice owner | email a.hart@greenfielddental.co.uk | video zoom.us/j/8820041177
24 15:00 out video Amelia | Intro call with Dr Hart: calmer, less clinical look
23 10:00 out email Sam | Sent questions about patients, locations and budget
22 14:20 in email Sam | Answered the questions, budget around GBP 6k
focus Practice rebrand
20 09:30 project proposed 60 | Practice rebrand | Logo, signage, patient leaflets
20 10:00 out email Amelia | Sent proposal: rebrand in two phases, GBP 5,800
12 10:30 out email Amelia | Followed up on the proposal, happy to adjust the phases
"""

_MARCO = """
60 15:10 client active | Owner of Trattoria Bellini; free between lunch and dinner service.
60 15:10 person Marco Bellini | Owner, Trattoria Bellini | email marco@trattoriabellini.de | phone +49 89 5556 1204 | sms +49 160 5552 8841 | in_person Trattoria Bellini, Gärtnerplatz, Munich
60 15:10 in phone Marco | Call: new menu cards and window signage
59 10:00 out email Marco | Sent a quote for the menu cards and signage
58 15:20 in email Marco | Agreed, deposit tomorrow
focus Menu and signage
58 15:30 project active 10 | Menu and signage | Menu cards and window signage
57 10:00 invoice TB-01 1400.00 net14
55 11:00 paid TB-01 700.00
50 14:00 out in_person Marco | Tasting at the restaurant, photographed the dishes
45 11:00 out email Marco | Sent two menu card layouts
44 15:40 in sms Marco | Layout B, with bigger prices
38 10:30 out email Marco | Sent menu v2 with larger prices
37 15:05 in phone Marco | Approved the menu, signage next
35 09:00 paid TB-01 700.00
30 11:00 out email Marco | Sent window signage mockups
29 15:30 in email Marco | Add the opening hours to the signage
22 10:00 out email Marco | Sent signage v2 with opening hours, asked for print approval
15 11:00 out phone Marco | Called at 11, lunch prep was on, will try again
8 10:30 out sms Marco | Texted asking for a yes on the signage print
"""

_DANIEL = """
140 16:00 client ghosted | Podcast host; went silent after a sponsor call.
140 16:00 person Daniel Okafor | Host, Slow Money podcast | email daniel@slowmoneypod.com | social x.com/slowmoneypod | video zoom.us/j/3310298876
140 16:00 in social Daniel | Asked about cover art and a logo for his podcast
140 16:45 out social Daniel | Replied with examples, asked for his email
139 10:30 in email Daniel | Sent his brief and budget
138 11:00 out video Daniel | Intro call: bold typographic cover
focus Podcast cover art
137 09:45 project proposed -110 | Podcast cover art | Cover art and an episode template
137 10:00 out email Daniel | Sent proposal: cover and episode template, EUR 650
136 17:00 in email Daniel | Looks good, will confirm after his sponsor call
130 10:00 out email Daniel | Followed up on the proposal
122 11:00 out social Daniel | DM asking how the sponsor call went
112 10:00 out email Daniel | Offered a smaller cover-only option at EUR 350
100 15:00 out email Daniel | Holding the slot until the end of the month
85 10:00 out email Daniel | Closed the file and wished him luck with the launch
85 10:05 project cancelled -110 | Podcast cover art | No reply after five follow-ups
"""

_FJORD = """
200 10:00 client closed | Oslo SaaS start-up; acquired, account closed on good terms.
200 10:00 person Ingrid Solberg | CEO | email ingrid@fjordanalytics.no | phone +47 22 55 50 12 | video meet.google.com/fjord-ingrid
200 10:00 in email Ingrid | Needs an investor pitch deck within four weeks
200 11:30 out email Ingrid | Sent availability and how I run deck projects
199 09:40 in email Ingrid | Booked a kick-off call
198 14:00 out video Ingrid | Kick-off: story arc and the metrics that matter
focus Pitch deck design
198 14:30 project active -250 | Pitch deck design | Investor deck, 18 slides
197 10:00 invoice FA-01 4800.00 net30
192 15:55 person Erik Haugen | Head of product | email erik@fjordanalytics.no | social linkedin.com/in/erikhaugen
192 16:00 out email Erik | Sent the deck draft, 18 slides
191 10:20 in email Erik | Comments on the market slides
190 09:00 paid FA-01 2400.00
186 11:00 out email Erik | Sent deck v2 with redrawn charts
185 09:50 in email Ingrid | Approved, presenting to investors next week
184 10:00 out email Ingrid | Delivered the final deck and speaker notes
184 10:05 project done -250 | Pitch deck design | Deck and speaker notes delivered
178 09:00 paid FA-01 2400.00
focus
170 15:00 in email Ingrid | Round closed; recommended me to Harbor & Pine
170 16:10 out email Ingrid | Congratulated the team, thanked her for the referral
150 10:00 in video Erik | Call: refresh of the dashboard UI
focus Dashboard UI kit
150 10:30 project active -130 | Dashboard UI kit | Components and a style guide
140 11:00 out email Erik | Sent UI kit components v1
139 11:00 in email Erik | Larger tap targets and softer greys, please
131 10:00 out email Erik | Delivered the UI kit and style guide
131 10:10 invoice FA-02 3900.00 net30
131 10:15 project done -130 | Dashboard UI kit | Kit and style guide delivered
focus
130 09:30 in email Erik | The team is already building with the kit
118 09:00 paid FA-02 3900.00
60 14:00 in email Ingrid | Fjord was acquired; closing the account, thanked me for the work
60 16:00 out email Ingrid | Thanked Ingrid, sent an archive of all source files
"""

_INES = """
80 11:00 client active | Novelist in Lisbon; second book out in spring.
80 11:00 person Inês Carvalho | Novelist | email ines@inescarvalho.pt | phone +351 912 555 402 | video meet.google.com/ines-carvalho | social instagram.com/ines.escreve
80 11:00 in email Inês | Cover design for her second novel
80 13:00 out email Inês | Sent my process, timeline and price
79 10:00 in email Inês | Yes please, manuscript summary attached
focus Book cover
79 10:15 project active -60 | Book cover | Print cover and e-book cover
76 15:00 out video Inês | Call about the mood of the book and the publisher's spec
70 10:00 out email Inês | Sent three cover sketches
69 14:30 in email Inês | Sketch 2, but with the sea at dusk
62 11:00 out email Inês | Sent cover v2 with the dusk palette
61 16:00 in email Inês | The publisher approved the cover
60 10:00 invoice IC-01 1200.00 net30
56 12:00 paid IC-01 600.00
55 10:00 out email Inês | Sent print-ready files and the e-book cover
55 10:05 project done -60 | Book cover | Files sent to the publisher
focus
55 10:10 schedule 14 email
45 12:00 paid IC-01 600.00
40 10:00 out email Inês | Check-in: asked about the launch date
39 12:00 in email Inês | Launch is in spring, will need social graphics then
20 10:00 out video Inês | Check-in call: launch plans, social graphics from February
19 09:30 in email Inês | Thanks for the call, let's talk again in two weeks
"""

_BRIGHTSIDE = """
100 10:00 client active | Bristol agency; white-label design and a weekly sync.
100 10:00 person Hannah Cole | Creative director | email hannah@brightside.digital | video meet.google.com/brightside-weekly | phone +44 117 555 0456
100 10:00 in email Hannah | Looking for white-label design help
100 11:15 out email Hannah | Sent rates and availability
100 14:40 in email Hannah | Trial project: landing pages for a fintech client
focus Fintech landing pages
99 09:30 project active -120 | Fintech landing pages | Three landing pages
99 09:35 schedule 7 video
95 10:00 out video Hannah | Weekly sync: landing page wireframes
95 15:15 person Josh Reid | Account manager | email josh@brightside.digital | sms +44 7700 900123 | social linkedin.com/in/joshreid
95 15:20 in email Josh | Client notes on the wireframes
88 10:00 out email Josh | Sent landing page designs v1
88 13:10 in email Josh | Client approved with two copy tweaks
82 10:00 out email Josh | Delivered the landing pages with the copy tweaks
82 10:10 invoice BSD-031 1650.00 net30
82 10:15 project done -120 | Fintech landing pages | Delivered and live
82 11:00 in sms Josh | Already live, thanks for the speed
72 09:00 paid BSD-031 1650.00
60 10:00 in video Hannah | Agreed a monthly retainer, three days a month
focus Design retainer
60 10:30 project active 30 | Design retainer | Three days a month of campaign assets
58 10:00 invoice BSD-044 1500.00 net30
55 10:00 out video Hannah | Weekly sync: autumn campaign brief
55 14:30 in email Josh | Sent the autumn campaign copy
48 10:00 out email Josh | Sent the autumn campaign assets
48 11:30 in email Josh | All approved, thanks
40 09:00 paid BSD-044 1500.00
35 10:00 out video Hannah | Weekly sync: social posts for next month
35 12:20 in email Hannah | Shared the brand's new photo library
25 10:00 out video Hannah | Weekly sync: Q1 campaign plan
24 09:40 in email Hannah | Q1 brief attached
22 10:00 invoice BSD-052 1500.00 due-2
22 10:05 out email Josh | Sent invoice BSD-052 for this month's retainer
22 10:40 in email Josh | Thanks, passed it to finance
15 10:00 out video Hannah | Weekly sync: key visual directions
15 16:00 in email Hannah | Direction A for Q1
10 10:00 out email Josh | Sent the Q1 key visuals
10 10:50 in sms Josh | Hannah loves it, more sizes coming
5 10:00 out video Hannah | Weekly sync: social sizes and the banner set
5 14:15 in email Josh | Sent the full list of sizes
2 10:00 out email Josh | Sent the banner set, 14 sizes
2 11:20 in email Josh | Banner set approved, sending it to the client
"""

_AMARA = """
4 09:30 client lead | Leadership coach, referred by Jana at Nordlicht.
4 09:30 person Amara Nwosu | Leadership coach | email amara@amaranwosu.coach | phone +49 152 5558 7720 | social linkedin.com/in/amaranwosu
4 09:30 in email Amara | Referred by Jana: personal brand and a small website
4 10:15 out email Amara | Thanked her and offered two call slots
3 12:00 in email Amara | Booked a call slot
2 11:00 out phone Amara | Discovery call: calm, confident brand, site live by spring
focus Personal brand and website
2 11:45 project proposed 75 | Personal brand and website | Logo, colours, five pages
1 16:00 out email Amara | Sent the proposal with two package options | Amara picks a package | 7
"""

_CLIENTS: tuple[tuple[str, ClientKind, str, str], ...] = (
    ("Nordlicht Coffee Roasters", ClientKind.ORGANIZATION, "EUR", _NORDLICHT),
    ("Harbor & Pine Studio", ClientKind.ORGANIZATION, "USD", _HARBOR_AND_PINE),
    ("Kumo Ceramics", ClientKind.ORGANIZATION, "JPY", _KUMO),
    ("Kestrel Outdoor Ltd", ClientKind.ORGANIZATION, "GBP", _KESTREL),
    ("Blue Fern Events", ClientKind.ORGANIZATION, "EUR", _BLUE_FERN),
    ("Lena Hoffmann", ClientKind.PERSON, "EUR", _LENA),
    ("Greenfield Dental Group", ClientKind.ORGANIZATION, "GBP", _GREENFIELD),
    ("Marco Bellini", ClientKind.PERSON, "EUR", _MARCO),
    ("Daniel Okafor", ClientKind.PERSON, "EUR", _DANIEL),
    ("Fjord Analytics AS", ClientKind.ORGANIZATION, "USD", _FJORD),
    ("Inês Carvalho", ClientKind.PERSON, "EUR", _INES),
    ("Brightside Digital Ltd", ClientKind.ORGANIZATION, "GBP", _BRIGHTSIDE),
    ("Amara Nwosu", ClientKind.PERSON, "EUR", _AMARA),
)
