"""Stand-in for session_buddy.di: configure() creates the HooksManager, get_sync_typed() returns it."""

_instances = {}


def configure(*, force=False):
    from session_buddy.core.hooks import HooksManager

    if force or HooksManager not in _instances:
        _instances[HooksManager] = HooksManager()


def get_sync_typed(key):
    return _instances[key]
