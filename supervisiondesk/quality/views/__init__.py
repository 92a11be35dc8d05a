"""Pages of the quality app (docs/quality.md): feedback, audits,
self-assessments. One module per part."""
