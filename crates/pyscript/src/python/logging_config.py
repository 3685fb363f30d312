"""`logging.config`: `fileConfig` and `dictConfig` accepted and applied to nothing, as
`logging` has no output in the sandbox (an `alembic.ini`'s logging sections configure
Alembic's own log lines, which the host prints)."""


def fileConfig(fname, defaults=None, disable_existing_loggers=True, encoding=None):
    pass


def dictConfig(config):
    pass
