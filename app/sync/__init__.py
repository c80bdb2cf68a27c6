"""Sync (issue 16): wire protocol, sealing, client and bundles (docs/sync.md)."""
