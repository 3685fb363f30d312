"""`importlib.metadata`: the sandbox has no installed distributions, so every lookup is
`PackageNotFoundError`, as for a package that is not installed."""

__all__ = ['PackageNotFoundError', 'version', 'metadata', 'distribution', 'requires',
           'files', 'entry_points', 'packages_distributions']


class PackageNotFoundError(ModuleNotFoundError):
    def __str__(self):
        return "No package metadata was found for {self.name}".format(self=self)

    @property
    def name(self):
        (name,) = self.args
        return name


def version(distribution_name):
    raise PackageNotFoundError(distribution_name)


def metadata(distribution_name):
    raise PackageNotFoundError(distribution_name)


def distribution(distribution_name):
    raise PackageNotFoundError(distribution_name)


def requires(distribution_name):
    raise PackageNotFoundError(distribution_name)


def files(distribution_name):
    raise PackageNotFoundError(distribution_name)


def entry_points(**params):
    return []


def packages_distributions():
    return {}
