"""Generated data: the demo organisation and the national benchmark dataset.

`seed_demo` writes Riverside Children's Services (about 60 staff and 600
cases, two years of history) through `people.services`; `seed_national`
bulk-writes 30,000 staff and 400,000 open cases for benchmarks. Both add
two years of supervision (sessions, case discussions, agreements; see
`sessions.py`) up to today and planned sessions for the next four weeks.
Both are deterministic for a seed and a today, run in one transaction and
create the seven demo logins. `manage.py seed_demo` is the command line.
"""

from supervisiondesk.people.demo.common import LOGINS, Login, SeedError, SeedReport
from supervisiondesk.people.demo.demo import seed_demo
from supervisiondesk.people.demo.national_seed import seed_national

__all__ = ["LOGINS", "Login", "SeedError", "SeedReport", "seed_demo", "seed_national"]
