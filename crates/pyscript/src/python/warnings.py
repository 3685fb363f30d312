"""warnings: warnings are dropped (nothing shows them); `catch_warnings()` is a real class, so
that projects can subclass it, and with `record=True` gives a list that stays empty."""


class WarningMessage:
    def __init__(self, message, category, filename, lineno, file=None, line=None, source=None):
        self.message = message
        self.category = category
        self.filename = filename
        self.lineno = lineno
        self.file = file
        self.line = line
        self.source = source


filters = []


def warn(message, category=None, stacklevel=1, source=None, *, skip_file_prefixes=()):
    pass


def warn_explicit(message, category, filename, lineno, module=None, registry=None, module_globals=None, source=None):
    pass


def filterwarnings(action, message="", category=Warning, module="", lineno=0, append=False):
    pass


def simplefilter(action, category=Warning, lineno=0, append=False):
    pass


def resetwarnings():
    pass


def showwarning(message, category, filename, lineno, file=None, line=None):
    pass


def formatwarning(message, category, filename, lineno, line=None):
    return f"{filename}:{lineno}: {category.__name__}: {message}\n"


class catch_warnings:
    def __init__(self, *, record=False, module=None, action=None, category=Warning, lineno=0, append=False):
        self._record = record

    def __enter__(self):
        return [] if self._record else None

    def __exit__(self, *exc_info):
        return None
