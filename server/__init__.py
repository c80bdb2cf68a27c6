"""Sync server (ASGI). Arrives with the sync issue; nothing here is used yet.

It will import only ``app.domain`` and ``app.sync``'s wire protocol (DESIGN.md).
"""
