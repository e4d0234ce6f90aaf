"""Qt item models over store queries and engine results; widgets never run SQL themselves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from freelance_ghost.core.attention import AttentionSettings, ItemKind, invoice_stage
from freelance_ghost.core.health import Health
from freelance_ghost.core.money import format_amount
from freelance_ghost.core.plurals import counted
from freelance_ghost.core.report import ReportedItem
from freelance_ghost.core.timeline import Timeline
from freelance_ghost.core.timeline_events import Message as TimelineMessage
from freelance_ghost.core.timeline_events import TimelineEvent
from freelance_ghost.store.invoices import InvoiceLine
from freelance_ghost.store.overview import ClientOverview
from freelance_ghost.ui.icons import health_icon, kind_icon
from freelance_ghost.ui.timeline.text import headline, source_words

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_LABELS = {
    "lead": "Lead",
    "active": "Active",
    "paused": "Paused",
    "ghosted": "Ghosted",
    "closed": "Closed",
}


class ClientColumn(IntEnum):
    """The columns of the clients list, in display order."""

    NAME = 0
    HEALTH = 1
    STATUS = 2
    CONTACTS = 3
    LAST_CONTACT = 4
    OPEN_INVOICES = 5


_CLIENT_COLUMNS = tuple(ClientColumn)  # index -> column without an Enum call per cell
_CLIENT_HEADERS = ("Client", "Health", "Status", "Contacts", "Last contact", "Open invoices")


class ClientTableModel(QAbstractTableModel):
    """The clients list: one row per client that is not archived."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self._zone = zone
        self._rows: list[ClientOverview] = []
        self._health: dict[int, Health] = {}
        self._order = (ClientColumn.NAME, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: list[ClientOverview], health: dict[int, Health]) -> None:
        """Replaces the list (after an import or a change), keeping the chosen order."""
        self.beginResetModel()
        self._rows, self._health = rows, health
        self._sort_rows()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts in Python's C sort by precomputed keys (a proxy's per-pair compare is slow).

        The view's selection and current row are persistent indexes: they move with their
        clients, so Archive and Delete still act on the client that stays highlighted.
        """
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._order = (_CLIENT_COLUMNS[column], order)
        self._sort_rows()
        self._move_persistent_indexes(before)
        self.layoutChanged.emit()

    def _move_persistent_indexes(self, before: list[ClientOverview]) -> None:
        """Points every persistent index at the row its client moved to."""
        row_now = {client.client_id: row for row, client in enumerate(self._rows)}
        old = self.persistentIndexList()
        new = [self.index(row_now[before[index.row()].client_id], index.column()) for index in old]
        self.changePersistentIndexList(old, new)

    def _sort_rows(self) -> None:
        column, order = self._order
        self._rows.sort(
            key=lambda client: self._sort_key(client, column, self.health_of(client.client_id)),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def client_at(self, row: int) -> ClientOverview:
        """The client shown on ``row``."""
        return self._rows[row]

    def client_by_id(self, client_id: int) -> ClientOverview:
        """The listed client with this id."""
        return next(client for client in self._rows if client.client_id == client_id)

    def health_of(self, client_id: int) -> Health:
        """The mark shown for a client."""
        return self._health.get(client_id, Health.IN_TOUCH)

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(ClientColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        client = self._rows[index.row()]
        column = _CLIENT_COLUMNS[index.column()]
        health = self.health_of(client.client_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(client, column, health)
        if role == Qt.ItemDataRole.DecorationRole and column is ClientColumn.HEALTH:
            return health_icon(health)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            ClientColumn.CONTACTS,
            ClientColumn.OPEN_INVOICES,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and column is ClientColumn.HEALTH:
            return f"Health: {health.label}"
        return None

    def _display(self, client: ClientOverview, column: ClientColumn, health: Health) -> str:
        if column is ClientColumn.NAME:
            return client.name
        if column is ClientColumn.HEALTH:
            return health.label
        if column is ClientColumn.STATUS:
            label = STATUS_LABELS.get(client.status, client.status)
            return f"{label} (archived)" if client.archived else label
        if column is ClientColumn.CONTACTS:
            return str(client.contacts)
        if column is ClientColumn.LAST_CONTACT:
            if client.last_contact is None:
                return "never"
            return client.last_contact.astimezone(self._zone).strftime("%d %b %Y")
        return str(client.open_invoices) if client.open_invoices else ""

    def _sort_key(self, client: ClientOverview, column: ClientColumn, health: Health) -> Any:
        if column is ClientColumn.NAME:
            return client.name.casefold()
        if column is ClientColumn.HEALTH:
            return int(health)
        if column is ClientColumn.STATUS:
            return client.status
        if column is ClientColumn.CONTACTS:
            return client.contacts
        if column is ClientColumn.LAST_CONTACT:
            return client.last_contact.timestamp() if client.last_contact else 0.0
        return client.open_invoices

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _CLIENT_HEADERS[section]
        return None


GROUPS: tuple[tuple[ItemKind, str], ...] = (
    (ItemKind.SILENCE, "Follow up"),
    (ItemKind.CHECKIN_DUE, "Check-ins"),
    (ItemKind.NEXT_STEP_DUE, "Next steps"),
    (ItemKind.INVOICE_OVERDUE, "Money"),
    (ItemKind.DEADLINE_DUE, "Deadlines"),
    (ItemKind.WINDOW_SHOPPER, "Leads"),
)


class AttentionModel(QAbstractItemModel):
    """Today's items in four groups (Follow up, Check-ins, Next steps, Money), urgent first."""

    def __init__(self) -> None:
        super().__init__()
        self._groups: list[tuple[str, list[ReportedItem]]] = []

    def set_items(self, items: list[ReportedItem]) -> None:
        """Groups the engine's list; empty groups are left out."""
        self.beginResetModel()
        self._groups = [
            (title, [reported for reported in items if reported.item.kind is kind])
            for kind, title in GROUPS
        ]
        self._groups = [(title, group) for title, group in self._groups if group]
        self.endResetModel()

    def kind_counts(self) -> list[tuple[str, int]]:
        """Each shown group's item kind and how many items it holds."""
        return [(group[0].item.kind.value, len(group)) for _, group in self._groups]

    def item_count(self) -> int:
        """How many items are listed."""
        return sum(len(group) for _, group in self._groups)

    def reported_at(self, index: _Index) -> ReportedItem | None:
        """The item behind an index, or None for a group header."""
        if not index.isValid() or not index.parent().isValid():
            return None
        return self._groups[index.parent().row()][1][index.row()]

    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP_ID)
        return self.createIndex(row, column, parent.row() + 1)

    # Qt's parent(index) shares its name with QObject.parent(), which takes no index.
    def parent(self, index: _Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP_ID)

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP_ID and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        reported = self.reported_at(index)
        if reported is None:
            title, group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{title} ({len(group)})"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{reported.item.client}\n{reported.sentence}"
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(reported.item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return reported.sentence
        if role == ITEM_ROLE:
            return reported
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.reported_at(index) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


_GROUP_ID = 0  # internalId of group rows; an item's internalId is its group's row + 1


class HistoryColumn(IntEnum):
    """The columns of a client's history list (the timeline's events, newest first)."""

    WHEN = 0
    WHAT = 1
    SUMMARY = 2


_HISTORY_HEADERS = ("When", "What", "Summary")
MAIL_MARK = " · from mail"  # after the headline of an interaction learnt from mail
_HISTORY_COLUMNS = tuple(HistoryColumn)
_HISTORY_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole})


class HistoryModel(QAbstractTableModel):
    """The timeline's events as a list, newest first; rows map to timeline indexes."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self._zone = zone
        self._client = ""
        self._events: Sequence[TimelineEvent] = ()
        self._sources: Mapping[int, str] = {}

    def set_timeline(self, timeline: Timeline, sources: Mapping[int, str] | None = None) -> None:
        """Shows another client's events; ``sources``: where those learnt from mail came from."""
        self.beginResetModel()
        self._client, self._events = timeline.client, timeline.events
        self._sources = sources or {}
        self.endResetModel()

    def source_of(self, event: TimelineEvent) -> str:
        """The mail account (or "file") an interaction was learnt from; empty when typed."""
        return (
            self._sources.get(event.interaction_id, "")
            if isinstance(event, TimelineMessage)
            else ""
        )

    def row_of(self, event_index: int) -> int:
        """The row showing timeline event ``event_index``."""
        return len(self._events) - 1 - event_index

    def event_index(self, row: int) -> int:
        """The timeline event shown on ``row``."""
        return len(self._events) - 1 - row

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HistoryColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _HISTORY_ROLES or not index.isValid():
            return None  # first and cheap: the view asks a dozen roles of every cell it sizes
        event = self._events[self.event_index(index.row())]
        source = self.source_of(event)
        text = self._text(event, _HISTORY_COLUMNS[index.column()], source)
        if role == Qt.ItemDataRole.ToolTipRole and source:
            return f"{text}\n{source_words(source)}"
        return text

    def _text(self, event: TimelineEvent, column: HistoryColumn, source: str) -> str:
        if column is HistoryColumn.WHEN:
            return event.at.astimezone(self._zone).strftime("%d %b %Y %H:%M")
        if column is HistoryColumn.WHAT:
            return f"{headline(event, self._client)}{MAIL_MARK if source else ''}"
        return event.summary if isinstance(event, TimelineMessage) else ""

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HISTORY_HEADERS[section]
        return None


class InvoiceColumn(IntEnum):
    """The columns of a client's invoices list."""

    NUMBER = 0
    ISSUED = 1
    DUE = 2
    AMOUNT = 3
    PAID = 4
    OUTSTANDING = 5
    STATE = 6


_INVOICE_HEADERS = ("Invoice", "Issued", "Due", "Amount", "Paid", "Outstanding", "State")
_STAGE_WORDS = {
    "reminder_1": "send a friendly reminder",
    "reminder_2": "send a second reminder",
    "reminder_3": "send a firm reminder",
    "final_notice": "send a final notice",
}


def invoice_state(line: InvoiceLine, today: date, settings: AttentionSettings) -> str:
    """Paid, due, or how overdue and which reminder stage it has reached (docs/rules.md §5)."""
    if line.outstanding.minor <= 0:
        return "Paid"
    days = (today - line.due_on).days
    if days < 1:
        return f"Due {line.due_on:%d %b}"
    stage = invoice_stage(days, settings)
    return f"{counted(days, 'day', 'days')} overdue: {_STAGE_WORDS[stage.value]}"


_MONEY_COLUMNS = (InvoiceColumn.AMOUNT, InvoiceColumn.PAID, InvoiceColumn.OUTSTANDING)
_INVOICE_COLUMNS = tuple(InvoiceColumn)
_INVOICE_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class InvoiceModel(QAbstractTableModel):
    """A client's invoices with payments and what is still owed."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self._zone = zone
        self._rows: list[InvoiceLine] = []
        self._states: list[str] = []

    def set_rows(self, rows: list[InvoiceLine], today: date, settings: AttentionSettings) -> None:
        """Shows another client's invoices, with their state on ``today``."""
        self.beginResetModel()
        self._rows = rows
        self._states = [invoice_state(line, today, settings) for line in rows]
        self.endResetModel()

    def line_at(self, row: int) -> InvoiceLine:
        """The invoice on ``row``."""
        return self._rows[row]

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(InvoiceColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _INVOICE_ROLES or not index.isValid():
            return None
        line = self._rows[index.row()]
        column = _INVOICE_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in _MONEY_COLUMNS else None
        if column is InvoiceColumn.NUMBER:
            return line.number if not line.project else f"{line.number} · {line.project}"
        if column is InvoiceColumn.ISSUED:
            return line.issued_at.astimezone(self._zone).strftime("%d %b %Y")
        if column is InvoiceColumn.DUE:
            return line.due_on.strftime("%d %b %Y")
        if column is InvoiceColumn.STATE:
            return self._states[index.row()]
        money = {
            InvoiceColumn.AMOUNT: line.amount,
            InvoiceColumn.PAID: line.paid,
            InvoiceColumn.OUTSTANDING: line.outstanding,
        }[column]
        return f"{format_amount(money)} {money.currency}"

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _INVOICE_HEADERS[section]
        return None
