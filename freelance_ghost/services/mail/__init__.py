"""Reading mail: the IMAP accounts and mail files that interactions are learnt from."""
