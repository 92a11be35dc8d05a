"""A pytest plugin loaded before Django (`-p` in pyproject.toml): the suite
runs with production settings (DEBUG off) and a throwaway key, so it needs
no environment of its own."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
