"""Runs deploy/session-buddy/akosha_sync_hook.py as session-buddy would, for SessionBuddyHookTest.

Argument: one JSON object {"mode": "direct" | "hooks", "module_dir", "session_id", "url", "timeout", "files"}.
  direct: notify_session_end(session_id, ...) as a caller of the module would.
  hooks:  register_session_buddy_hooks() on the stand-in session-buddy (stub/), then PRE_SESSION_END and
          SESSION_END as SessionLifecycleManager.end_session runs them.
Prints one JSON line: {"notice": {...}, "elapsed": seconds of the call, "hook_results": [...]} or
{"raised": "..."} when the module raised into the caller (exit code 3). The module's log goes to stderr.
"""

import asyncio
import datetime
import json
import logging
import os
import sys
import time

logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
args = json.loads(sys.argv[1])
sys.path.insert(0, args["module_dir"])
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "stub"))

import akosha_sync_hook  # noqa: E402

options = {"url": args["url"], "timeout": args.get("timeout", 2.0)}


def direct():
    return akosha_sync_hook.notify_session_end(args["session_id"], reason="session_end", cwd=os.getcwd(),
                                               files=args.get("files"), conversation_count=2, **options), []


async def hooks():
    from session_buddy.core.hooks import HookContext, HookType

    await akosha_sync_hook.register_session_buddy_hooks(**options)
    from session_buddy.core.hooks import HooksManager
    from session_buddy.di import get_sync_typed

    manager = get_sync_typed(HooksManager)
    now = datetime.datetime.now()
    await manager.execute_hooks(HookType.PRE_SESSION_END, HookContext(
        HookType.PRE_SESSION_END, args["session_id"], now, {"working_directory": os.getcwd()}))
    results = await manager.execute_hooks(HookType.SESSION_END, HookContext(
        HookType.SESSION_END, args["session_id"], now, {"quality_score": 80}))
    mine = [r for r in results if r.modified_context and "akosha_sync" in r.modified_context]
    notice = akosha_sync_hook.Notice(**mine[0].modified_context["akosha_sync"])
    return notice, [{"success": r.success, "error": r.error} for r in results]


start = time.monotonic()
try:
    notice, hook_results = direct() if args["mode"] == "direct" else asyncio.run(hooks())
except BaseException as error:  # noqa: B902 - the module promised never to raise
    print(json.dumps({"raised": repr(error)}))
    sys.exit(3)
elapsed = time.monotonic() - start
print(json.dumps({"notice": notice.as_dict(), "elapsed": elapsed, "hook_results": hook_results}))
