"""The compliance engine: pure Python over a `Dataset` (compliance.md sections 2-7).

Module map: `index` groups the rows by person, case and session; `context`
holds what every part shares; `clock` is the due-date arithmetic;
`requirements` computes individual, group and case supervision; `records`
the records, case records and rearranging; `structure` the agreements,
ratios and balance; `report` puts the report together.
"""

from supervisiondesk.compliance.engine.index import Index
from supervisiondesk.compliance.engine.report import compliance_report

__all__ = ["Index", "compliance_report"]
