"""A stand-in for session-buddy in SessionBuddyHookTest: the shape of its hook API, nothing else.

Written for the test from session-buddy's public interface (session_buddy/core/hooks.py,
session_buddy/di/__init__.py): HookType, HookContext, HookResult, Hook, an async HooksManager that runs the
hooks of a type in priority order and isolates their failures, and a DI container holding one HooksManager.
"""
