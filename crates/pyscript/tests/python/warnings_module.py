import warnings


class quiet(warnings.catch_warnings):
    """Subclassed, as bluesky/tiled does."""

    def __init__(self):
        super().__init__()
        self.entered = False

    def __enter__(self):
        self.entered = True
        return super().__enter__()


with quiet() as q:
    warnings.simplefilter("ignore")
    print(q)
print(issubclass(quiet, warnings.catch_warnings), quiet().entered)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("ignore")
    warnings.warn("dropped", DeprecationWarning)
    print(caught)
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=UserWarning)
    warnings.warn("also dropped")
print(repr(warnings.formatwarning("m", UserWarning, "nowhere.py", 3)))
