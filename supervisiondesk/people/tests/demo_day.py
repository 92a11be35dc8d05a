"""The demo organisation of the tests (the `demo` fixture in conftest.py):
`seed_demo --today DEMO_TODAY`, its logins' password DEMO_PASSWORD."""

DEMO_TODAY = "2026-05-20"
DEMO_PASSWORD = "demo password for tests"
