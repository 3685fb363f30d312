# The logging module's shapes (no output: nothing here is printed by logging itself) and
# globals() as module code reads it.
import logging
import logging.config
import logging.handlers

log = logging.getLogger("app.migrations")
print(log.name, log is logging.getLogger("app.migrations"))
child = log.getChild("rev1")
print(child.name, child.parent is log, log.parent is logging.getLogger("app"))
print(logging.getLogger().name, logging.root is logging.getLogger())
print(log.getEffectiveLevel(), log.isEnabledFor(logging.INFO), log.isEnabledFor(logging.ERROR))
log.setLevel(logging.DEBUG)
print(child.getEffectiveLevel(), logging.getLevelName(logging.DEBUG), logging.getLevelName("INFO"))
log.setLevel("WARNING")
print(log.level, logging.getLevelName(42))
logging.addLevelName(25, "NOTICE")
print(logging.getLevelName(25))


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.seen = []

    def emit(self, record):
        self.seen.append(record.getMessage())


h = Collect()
h.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
print(h.level, h.formatter is not None, log.hasHandlers())
adapter = logging.LoggerAdapter(log, {"rev": "abc"})
print(adapter.name, adapter.isEnabledFor(logging.ERROR))
logging.info("nothing")
log.debug("dropped %s", 1)
print(isinstance(logging.handlers.RotatingFileHandler, type), logging.NullHandler().level)
logging.config.dictConfig({"version": 1})
logging.basicConfig(level=logging.INFO)

x = 41
g = globals()
print(g["x"] + 1, "__name__" in g, type(g).__name__, "Collect" in g)
