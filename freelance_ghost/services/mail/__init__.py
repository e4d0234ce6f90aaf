"""Reading mail: mail files (files), and read-only IMAP accounts and their sync."""
