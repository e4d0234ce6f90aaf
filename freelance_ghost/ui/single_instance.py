"""One app per data folder: a later launch asks the running one to show itself, then exits."""

from __future__ import annotations

import getpass
import logging
import zlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

logger = logging.getLogger(__name__)
_SHOW = b"show\n"
_WAIT_MS = 1000


def instance_key(data_dir: Path) -> str:
    """The socket name for this user and data folder (two folders may run side by side).

    A CRC, not a cryptographic hash: it only tells one user's folders apart, and hashlib
    would load OpenSSL before the window's first frame (docs/performance.md).
    """
    checksum = zlib.crc32(f"{getpass.getuser()}:{data_dir.resolve()}".encode())
    return f"freelance-ghost-{checksum:08x}"


class SingleInstance(QObject):
    """The guard, taken before the database is opened."""

    activated = Signal()

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.server: QLocalServer | None = None

    def hand_over(self) -> bool:
        """True when another instance is running: it was asked to show its window."""
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if not socket.waitForConnected(_WAIT_MS):
            return False
        socket.write(_SHOW)
        socket.waitForBytesWritten(_WAIT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Takes the guard; a socket left by a crashed instance is cleared first."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.key):
            QLocalServer.removeServer(self.key)  # no one answered hand_over: it is stale
            if not server.listen(self.key):
                logger.warning("cannot guard against a second launch: %s", server.errorString())
                return False
        server.newConnection.connect(self._on_server_new_connection)
        self.server = server
        return True

    def _on_server_new_connection(self) -> None:
        assert self.server is not None
        socket = self.server.nextPendingConnection()
        socket.readyRead.connect(lambda: self._on_socket_ready_read(socket))

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_SHOW.strip()):
            logger.info("another launch asked to show the window")
            self.activated.emit()
        socket.disconnectFromServer()
