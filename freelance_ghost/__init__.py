"""Freelance Ghost: keeps a freelancer's client relationships from going silent."""

__version__ = "0.1.0"
