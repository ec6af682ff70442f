"""Stand-in for session_buddy.core.hooks (see the package docstring)."""

import enum
from dataclasses import dataclass, field
from typing import Any, Callable, Optional


class HookType(str, enum.Enum):
    PRE_SESSION_END = "pre_session_end"
    SESSION_END = "session_end"
    POST_CHECKPOINT = "post_checkpoint"


@dataclass
class HookContext:
    hook_type: HookType
    session_id: str
    timestamp: Any
    metadata: dict = field(default_factory=dict)


@dataclass
class HookResult:
    success: bool
    modified_context: Optional[dict] = None
    error: Optional[str] = None
    execution_time_ms: float = 0.0


@dataclass
class Hook:
    name: str
    hook_type: HookType
    priority: int
    handler: Callable
    enabled: bool = True


class HooksManager:
    def __init__(self):
        self.hooks = {}

    async def register_hook(self, hook):
        hooks = [h for h in self.hooks.get(hook.hook_type, []) if h.name != hook.name]
        hooks.append(hook)
        hooks.sort(key=lambda h: h.priority)
        self.hooks[hook.hook_type] = hooks

    async def execute_hooks(self, hook_type, context):
        results = []
        for hook in self.hooks.get(hook_type, []):
            try:
                results.append(await hook.handler(context))
            except Exception as error:  # a failing hook does not stop the session end
                results.append(HookResult(success=False, error="raised: %r" % error))
        return results
