"""A client library for accessing fal.ai queue API (with the Decart/Lucy apps it hosts)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
