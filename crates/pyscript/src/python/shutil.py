"""`shutil`: every operation touches files or processes, and is refused."""

import _sandbox


class Error(OSError):
    pass


class SameFileError(Error):
    pass


import shutil as _self

for _name in ['copyfileobj', 'copyfile', 'copymode', 'copystat', 'copy', 'copy2',
              'copytree', 'rmtree', 'move', 'disk_usage', 'chown', 'make_archive',
              'unpack_archive', 'get_archive_formats', 'register_archive_format',
              'unregister_archive_format', 'get_unpack_formats', 'which',
              'get_terminal_size']:
    setattr(_self, _name, _sandbox.refuse('shutil.' + _name + '()', 'fs'))
del _name, _self
