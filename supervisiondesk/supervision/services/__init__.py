"""Every write to supervision records, one module per part of the work:
`sessions` (planning, agenda, cancelling), `records` (the record, case
discussions, actions, sign-off, amendments), `agreements`, `groups`,
`decisions` (informal consultations and management decisions). Pages and
the API call these and nothing else."""
