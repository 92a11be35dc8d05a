"""Reads of the quality app, taking the requesting user; one module per part."""

from supervisiondesk.quality.selectors.audits import audit_samples_of

__all__ = ["audit_samples_of"]
