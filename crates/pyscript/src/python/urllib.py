"""`urllib`: only `urllib.parse` (the sandbox has no network: `urllib.request` is not
provided)."""
