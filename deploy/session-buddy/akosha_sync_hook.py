"""Tell akosha-sync that a session-buddy session ended, from inside session-buddy's process.

Python 3, standard library only. Copy this file next to session-buddy (or anywhere on its
``PYTHONPATH``); it does not import session-buddy until you register it.

What it does
------------
``notify_session_end(session_id, ...)`` posts ``POST /v1/sessions/{session_id}/end`` to the
sidecar and returns a :class:`Notice`. It never raises into the session and returns within
``timeout`` seconds (2 s by default) whatever the sidecar does: the sidecar answers ``202`` as
soon as the event is in its journal (fsync), and snapshot and upload happen in the background.

* ``notice.accepted`` is True for the 202; ``notice.sync_id`` / ``upload_id`` / ``status`` are the
  sidecar's answer. ``GET /v1/syncs/{sync_id}`` shows the upload's progress.
* Otherwise ``notice.reason`` says why: the sidecar's own words (the ``detail`` of its RFC 9457
  problem answer, e.g. ``sessionId must not contain '..' or be '.'``), ``"not running"`` when nothing listens on the
  port (connection refused), ``"timeout"`` when no answer came within ``timeout``, or the
  network error. ``notice.http_status`` and ``notice.retry_after`` (503/507/429) are set when the
  sidecar answered. One line is logged (``logging``, logger ``akosha_sync_hook``) on failure.

Configuration (environment of session-buddy's process)
------------------------------------------------------
* ``AKOSHA_SYNC_URL``: the sidecar, default ``http://127.0.0.1:8750`` (the ``url`` argument wins).
  The request goes straight to it: ``HTTP(S)_PROXY`` variables are ignored (the sidecar is local).
* ``AKOSHA_API_TOKEN`` or ``AKOSHA_API_TOKEN_FILE`` (a file holding it): the bearer token, when the
  sidecar was started with ``AKOSHA_API_TOKEN``. It is never printed, logged or put in a Notice.

The session id is percent-encoded into the path, so session-buddy's ids (``my.project-20261201-185000``:
the project directory's name and the time) reach the sidecar unchanged.

In-process integration with session-buddy
------------------------------------------
session-buddy has an in-process hook registry: ``session_buddy.core.hooks.HooksManager``, a
singleton in its DI container (``session_buddy.di.configure()`` creates it,
``session_buddy.di.get_sync_typed(HooksManager)`` returns it). ``SessionLifecycleManager.end_session``
(``session_buddy/core/session_manager.py``) runs the ``PRE_SESSION_END`` hooks with
``metadata["working_directory"]``, then quality assessment, insight extraction and the handoff file,
then the ``SESSION_END`` hooks with the same ``session_id``. Hooks are ``Hook(name, hook_type,
priority, handler)`` objects whose async handler takes a ``HookContext`` and returns a
``HookResult``; a failing hook does not stop the session end. There is no plug-in discovery
(no entry point or settings key that loads a hook), so something in session-buddy's process must
register it once, after ``configure()``::

    import akosha_sync_hook
    await akosha_sync_hook.register_session_buddy_hooks()      # in an async start-up path

    # or, from synchronous start-up code before the event loop runs:
    akosha_sync_hook.install()

This registers two hooks: ``akosha_sync_remember_cwd`` (``PRE_SESSION_END``: keeps the working
directory, which the ``SESSION_END`` context does not carry) and ``akosha_sync_notify``
(``SESSION_END``, priority 900, late: after session-buddy's own end-of-session work has written
its databases). The notify hook runs the HTTP call in a worker thread, so session-buddy's event
loop is never blocked, and puts the Notice into the hook result's ``modified_context`` under
``"akosha_sync"``. ``session_buddy.di.configure(force=True)`` (or ``reset()``) replaces the
HooksManager: register again after it.

If your session-buddy ends sessions somewhere that does not run the hooks, call
``notify_session_end(session_id, reason=..., cwd=...)`` yourself right after the session end.

Turn off session-buddy's own upload (``akosha_upload_on_session_end: false`` in its
``settings/local.yaml``, or ``SESSION_BUDDY_AKOSHA_UPLOAD_ON_SESSION_END=false``), or both upload.

From a shell (check that the sidecar answers)::

    python3 akosha_sync_hook.py my.project-20261201-185000 --reason manual
    # prints the Notice as JSON; exit code 0 when accepted, 1 otherwise
"""

import asyncio
import json
import logging
import os
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

__all__ = [
    "Notice",
    "NOT_RUNNING",
    "TIMEOUT",
    "notify_session_end",
    "register_session_buddy_hooks",
    "install",
]

DEFAULT_URL = "http://127.0.0.1:8750"
NOT_RUNNING = "not running"
TIMEOUT = "timeout"
HOOK_NAME = "akosha_sync_notify"
CWD_HOOK_NAME = "akosha_sync_remember_cwd"

_LOG = logging.getLogger("akosha_sync_hook")
_MAX_ANSWER = 64 * 1024
_MAX_REASON = 300


class Notice:
    """What became of one session-end notification. True when the sidecar accepted it."""

    __slots__ = ("session_id", "accepted", "reason", "http_status", "sync_id", "upload_id", "status",
                 "retry_after")

    def __init__(self, session_id, accepted, reason=None, http_status=None, sync_id=None, upload_id=None,
                 status=None, retry_after=None):
        self.session_id = session_id
        self.accepted = accepted
        self.reason = reason
        self.http_status = http_status
        self.sync_id = sync_id
        self.upload_id = upload_id
        self.status = status
        self.retry_after = retry_after

    def __bool__(self):
        return self.accepted

    def as_dict(self):
        return {name: getattr(self, name) for name in self.__slots__}

    def __repr__(self):
        return "Notice(%s)" % ", ".join("%s=%r" % item for item in self.as_dict().items() if item[1] is not None)


def notify_session_end(session_id, *, reason=None, cwd=None, files=None, conversation_count=None, url=None,
                       timeout=2.0):
    """Posts the session end to akosha-sync; returns a :class:`Notice` within ``timeout`` s, never raises."""
    try:
        timeout = float(timeout)
        if not timeout > 0:
            timeout = 2.0
        request = _request(str(session_id), reason, cwd, files, conversation_count, url)
    except Exception as error:  # a bad argument must not end the session either
        return _failed(session_id, "could not build the request: %s" % _short(error))
    outcome = {}
    worker = threading.Thread(target=_send, args=(request, timeout, session_id, outcome),
                              name="akosha-sync-notify", daemon=True)
    try:
        worker.start()
        worker.join(timeout)  # the total bound: connect + send + answer, whatever the socket does
    except Exception as error:
        return _failed(session_id, "could not notify: %s" % _short(error))
    notice = outcome.get("notice")
    if notice is None:
        return _failed(session_id, TIMEOUT)
    if not notice.accepted:
        _LOG.warning("akosha-sync did not take the end of session %s: %s", _printable(session_id), notice.reason)
    return notice


def _request(session_id, reason, cwd, files, conversation_count, url):
    body = {}
    if files:
        body["files"] = [str(f) for f in files]
    if conversation_count is not None:
        body["conversation_count"] = int(conversation_count)
    if reason:
        body["reason"] = str(reason)
    if cwd:
        body["cwd"] = os.fspath(cwd)
    segment = urllib.parse.quote(session_id, safe="")
    if segment in (".", ".."):
        segment = segment.replace(".", "%2E")  # never a dot segment the client or server would fold away
    base = (url or os.environ.get("AKOSHA_SYNC_URL") or DEFAULT_URL).rstrip("/")
    headers = {"Content-Type": "application/json", "Accept": "application/json, application/problem+json"}
    token = _api_token()
    if token:
        headers["Authorization"] = "Bearer " + token
    return urllib.request.Request(base + "/v1/sessions/" + segment + "/end",
                                  data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")


def _api_token():
    token = os.environ.get("AKOSHA_API_TOKEN", "").strip()
    path = os.environ.get("AKOSHA_API_TOKEN_FILE")
    if not token and path:
        try:
            with open(path, encoding="utf-8") as f:
                token = f.read().strip()
        except OSError as error:
            _LOG.warning("akosha-sync: AKOSHA_API_TOKEN_FILE cannot be read (%s); sending no token",
                         type(error).__name__)
            token = ""
    return token or None


# the sidecar is on this host (or in this pod): no proxy, whatever HTTP_PROXY says
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _send(request, timeout, session_id, outcome):
    try:
        outcome["notice"] = _exchange(request, timeout, session_id)
    except Exception as error:
        outcome["notice"] = Notice(session_id, False, "could not notify: %s" % _short(error))


def _exchange(request, timeout, session_id):
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            answer = _json(response.read(_MAX_ANSWER))
            if response.status != 202 or not isinstance(answer, dict):
                return Notice(session_id, False, "unexpected answer: HTTP %d" % response.status,
                              http_status=response.status)
            return Notice(session_id, True, http_status=response.status, sync_id=answer.get("sync_id"),
                          upload_id=answer.get("upload_id"), status=answer.get("status"))
    except urllib.error.HTTPError as error:
        try:
            problem = _json(error.read(_MAX_ANSWER))
        except Exception:  # the answer's body is gone: its status still says enough
            problem = None
        finally:
            error.close()
        detail = (problem.get("detail") or problem.get("title")) if isinstance(problem, dict) else None
        return Notice(session_id, False, _short(detail) if detail else "HTTP %d" % error.code,
                      http_status=error.code, retry_after=_retry_after(error.headers))
    except urllib.error.URLError as error:
        return Notice(session_id, False, _network(error.reason))
    except OSError as error:  # timeouts and resets while reading the answer
        return Notice(session_id, False, _network(error))


def _network(error):
    if isinstance(error, ConnectionRefusedError):
        return NOT_RUNNING
    if isinstance(error, (socket.timeout, TimeoutError)):
        return TIMEOUT
    return "cannot reach akosha-sync: %s" % _short(error)


def _retry_after(headers):
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _json(raw):
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


def _failed(session_id, reason):
    _LOG.warning("akosha-sync not notified of the end of session %s: %s", _printable(session_id), reason)
    return Notice(session_id, False, reason)


def _short(value):
    text = str(value) or type(value).__name__
    return _printable(text)[:_MAX_REASON]


def _printable(value):
    return "".join(c if c.isprintable() else "?" for c in str(value))


# --- session-buddy ----------------------------------------------------------------------------------------------


async def register_session_buddy_hooks(hooks_manager=None, *, priority=900, **notify_options):
    """Registers the PRE_SESSION_END and SESSION_END hooks on session-buddy's HooksManager.

    ``hooks_manager`` defaults to the one in session-buddy's DI container. ``notify_options`` go to
    :func:`notify_session_end` (``url``, ``timeout``, ``files``). Registering again replaces the hooks
    (session-buddy replaces a hook of the same name).
    """
    from session_buddy.core.hooks import Hook, HookResult, HookType

    if hooks_manager is None:
        from session_buddy.core.hooks import HooksManager
        from session_buddy.di import configure, get_sync_typed

        configure()  # a no-op once session-buddy configured itself
        hooks_manager = get_sync_typed(HooksManager)

    working_dirs = {}  # session id -> working directory, from PRE_SESSION_END to SESSION_END

    async def remember_cwd(context):
        directory = (context.metadata or {}).get("working_directory")
        if directory:
            if len(working_dirs) > 100:
                working_dirs.clear()
            working_dirs[context.session_id] = directory
        return HookResult(success=True)

    async def notify(context):
        cwd = working_dirs.pop(context.session_id, None)
        loop = asyncio.get_running_loop()
        notice = await loop.run_in_executor(None, lambda: notify_session_end(
            context.session_id, reason="session_end", cwd=cwd, **notify_options))
        return HookResult(success=notice.accepted, error=None if notice.accepted else notice.reason,
                          modified_context={"akosha_sync": notice.as_dict()})

    await hooks_manager.register_hook(Hook(name=CWD_HOOK_NAME, hook_type=HookType.PRE_SESSION_END,
                                           priority=priority, handler=remember_cwd))
    await hooks_manager.register_hook(Hook(name=HOOK_NAME, hook_type=HookType.SESSION_END, priority=priority,
                                           handler=notify))
    return hooks_manager


def install(hooks_manager=None, **notify_options):
    """:func:`register_session_buddy_hooks` for synchronous start-up code (no running event loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(register_session_buddy_hooks(hooks_manager, **notify_options))
    raise RuntimeError("an event loop is running: await register_session_buddy_hooks() instead")


def _main(argv):
    import argparse

    parser = argparse.ArgumentParser(description="Tell akosha-sync that a session ended.")
    parser.add_argument("session_id")
    parser.add_argument("--reason")
    parser.add_argument("--cwd")
    parser.add_argument("--file", action="append", dest="files", help="a file to sync (repeatable)")
    parser.add_argument("--conversation-count", type=int)
    parser.add_argument("--url")
    parser.add_argument("--timeout", type=float, default=2.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    notice = notify_session_end(args.session_id, reason=args.reason, cwd=args.cwd, files=args.files,
                                conversation_count=args.conversation_count, url=args.url, timeout=args.timeout)
    print(json.dumps(notice.as_dict()))
    return 0 if notice.accepted else 1


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv[1:]))
