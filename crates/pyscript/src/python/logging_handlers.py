"""`logging.handlers`: the handlers' names, inert (the sandbox has no files, sockets or
syslog to log to)."""

from logging import Handler, StreamHandler, FileHandler


class RotatingFileHandler(FileHandler):
    def __init__(self, filename, mode="a", maxBytes=0, backupCount=0, encoding=None,
                 delay=False, errors=None):
        FileHandler.__init__(self, filename, mode)


class TimedRotatingFileHandler(FileHandler):
    def __init__(self, filename, when="h", interval=1, backupCount=0, encoding=None,
                 delay=False, utc=False, atTime=None, errors=None):
        FileHandler.__init__(self, filename)


class WatchedFileHandler(FileHandler):
    pass


class SysLogHandler(Handler):
    def __init__(self, address=("localhost", 514), facility=1, socktype=None):
        Handler.__init__(self)


class SocketHandler(Handler):
    def __init__(self, host, port):
        Handler.__init__(self)


class QueueHandler(Handler):
    def __init__(self, queue):
        Handler.__init__(self)
        self.queue = queue


class MemoryHandler(Handler):
    def __init__(self, capacity, flushLevel=40, target=None, flushOnClose=True):
        Handler.__init__(self)
        self.target = target
