"""The directory of a context: agents, queues, conversations, entry points.

These objects belong to their :class:`~contactcore.Context`; the wrappers are
views.  ``close()`` frees one now (``lcc_*_free``); otherwise the context
frees it with itself.  Dropping a wrapper frees nothing: find the object
again with ``ctx.find_agent(id)`` and friends.
"""
from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, FrozenSet, Iterable, List, Optional, Tuple

from . import _native
from ._handle import Handle
from ._lib import lib
from ._util import Zone, dec, enc, ident, zone_name
from .text import Channel

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context
    from .operation import Op

__all__ = ["Agent", "Queue", "Conversation", "EntryPoint", "AgentProfile", "MediaType",
           "InteractionState", "PERM_CALLBACK_CREATE", "PERM_MESSAGE_CREATE",
           "PERM_QUEUE_VIEW", "PERM_MESSAGE_ACCEPT", "PERM_SOCIAL_CREATE", "ROLE_SUPERVISOR"]

#: Permission needed to schedule callbacks (CB-PERM).
PERM_CALLBACK_CREATE = "conversation:callback:create"
#: Permissions of OBQ-PERM.
PERM_MESSAGE_CREATE = "conversation:message:create"
PERM_QUEUE_VIEW = "routing:queue:view"
#: Permission to accept a message interaction (SL-PERM).
PERM_MESSAGE_ACCEPT = "conversation:message:accept"
#: Permission to create a public social media message (SL-PERM).
PERM_SOCIAL_CREATE = "conversation:socialmedia:create"
#: The supervisor role (CB-CANCEL).
ROLE_SUPERVISOR = "supervisor"


class MediaType(enum.IntEnum):
    """``lcc_media_type``: media type of an interaction."""

    CALL = 0
    CALLBACK = 1
    CAMPAIGN_CALL = 2
    VOICEMAIL = 3
    MESSAGE = 4
    EMAIL = 5
    SOCIAL = 6


class InteractionState(enum.IntEnum):
    """``lcc_interaction_state``: where an agent's participant in a message
    or social interaction is, as last learnt from the backend."""

    UNKNOWN = 0
    ALERTING = 1
    CONNECTED = 2
    WRAPUP = 3
    DONE = 4


@dataclass(frozen=True)
class AgentProfile:
    """An agent's license and multimedia profile for outbound SMS and email
    (OB-LICENSE, OB-PROFILE, OB-AUTOASSIGN): channel sets as frozensets."""

    digital_license: bool = False
    media: FrozenSet[Channel] = field(default_factory=frozenset)
    auto_assigned: FrozenSet[Channel] = field(default_factory=frozenset)


def _bits(channels: Iterable[Channel]) -> int:
    v = 0
    for c in channels:
        v |= 1 << int(c)
    return v


def _channels(bits: int) -> FrozenSet[Channel]:
    return frozenset(c for c in Channel if bits & (1 << int(c)))


class Agent(Handle):
    """An agent (user): identity, time zone, permissions, roles, queues.

    ``Agent(ctx, "a1", "Ana", time_zone="Europe/Paris",
    permissions=[PERM_CALLBACK_CREATE], roles=[ROLE_SUPERVISOR])`` creates
    one; ``ctx.find_agent("a1")`` finds it again.
    """

    _kind = "agent"
    _free_name = "lcc_agent_free"

    def __init__(self, ctx: "Context", id: str, name: str, *, time_zone: Optional[Zone] = None,
                 permissions: Iterable[str] = (), roles: Iterable[str] = (),
                 profile: Optional[AgentProfile] = None) -> None:
        out = ctypes.c_void_p()
        ctx._check(lib.lcc_agent_new(ctypes.byref(out), ctx._ptr, enc(id), enc(name)))
        super().__init__(ctx, out.value)  # type: ignore[arg-type]
        if time_zone is not None:
            self.time_zone = time_zone  # type: ignore[assignment]
        for p in permissions:
            self.add_permission(p)
        for r in roles:
            self.add_role(r)
        if profile is not None:
            self.profile = profile

    def close(self) -> None:
        """Frees the agent now (it stays a member id of its queues)."""
        self._release()

    @property
    def id(self) -> str:
        """The agent's id."""
        return dec(lib.lcc_agent_id(self._ptr)) or ""

    @property
    def name(self) -> str:
        """The display name."""
        return dec(lib.lcc_agent_name(self._ptr)) or ""

    @property
    def time_zone(self) -> Optional[str]:
        """The agent's IANA zone name, or None (UTC).  Settable with a name or
        a ``zoneinfo.ZoneInfo`` (checked against the tz database now)."""
        return dec(lib.lcc_agent_time_zone(self._ptr))

    @time_zone.setter
    def time_zone(self, zone: Optional[Zone]) -> None:
        self._ctx._check(lib.lcc_agent_set_time_zone(self._ptr, enc(zone_name(zone))))

    def add_permission(self, permission: str) -> None:
        """Grants a permission ``"domain:entity:action"`` ("*" wildcards)."""
        self._ctx._check(lib.lcc_agent_add_permission(self._ptr, enc(permission)))

    def remove_permission(self, permission: str) -> None:
        """Revokes a permission exactly as granted (NotFoundError otherwise)."""
        self._ctx._check(lib.lcc_agent_remove_permission(self._ptr, enc(permission)))

    def has_permission(self, permission: str) -> bool:
        """True when a granted permission covers ``permission``."""
        return bool(lib.lcc_agent_has_permission(self._ptr, enc(permission)))

    def add_role(self, role: str) -> None:
        """Adds a role (e.g. :data:`ROLE_SUPERVISOR`)."""
        self._ctx._check(lib.lcc_agent_add_role(self._ptr, enc(role)))

    def remove_role(self, role: str) -> None:
        """Removes a role (NotFoundError when the agent does not have it)."""
        self._ctx._check(lib.lcc_agent_remove_role(self._ptr, enc(role)))

    def has_role(self, role: str) -> bool:
        """True when the agent has the role."""
        return bool(lib.lcc_agent_has_role(self._ptr, enc(role)))

    @property
    def queue_ids(self) -> List[str]:
        """Ids of the queues listing this agent as a member, in creation order."""
        p = self._ptr
        return [dec(lib.lcc_agent_queue_id(p, i)) or "" for i in range(lib.lcc_agent_queue_count(p))]

    @property
    def profile(self) -> AgentProfile:
        """The outbound license and multimedia profile (settable)."""
        out = _native.lcc_agent_profile.init()
        self._ctx._check(lib.lcc_agent_get_profile(self._ptr, ctypes.byref(out)))
        return AgentProfile(bool(out.digital_license), _channels(out.media),
                            _channels(out.auto_assigned))

    @profile.setter
    def profile(self, profile: AgentProfile) -> None:
        raw = _native.lcc_agent_profile.init(digital_license=1 if profile.digital_license else 0,
                                             media=_bits(profile.media),
                                             auto_assigned=_bits(profile.auto_assigned))
        self._ctx._check(lib.lcc_agent_set_profile(self._ptr, ctypes.byref(raw)))

    def __repr__(self) -> str:
        if self._h is None:
            return "<Agent closed>"
        return f"<Agent {self.id!r} {self.name!r}>"


class Queue(Handle):
    """A queue: members (agent ids) and its callback settings (CB-QUEUE, CB-OWN)."""

    _kind = "queue"
    _free_name = "lcc_queue_free"

    def __init__(self, ctx: "Context", id: str, name: str, *, members: Iterable[Any] = (),
                 agents_choose_callback_queue: Optional[bool] = None) -> None:
        out = ctypes.c_void_p()
        ctx._check(lib.lcc_queue_new(ctypes.byref(out), ctx._ptr, enc(id), enc(name)))
        super().__init__(ctx, out.value)  # type: ignore[arg-type]
        for m in members:
            self.add_member(m)
        if agents_choose_callback_queue is not None:
            self.agents_choose_callback_queue = agents_choose_callback_queue

    def close(self) -> None:
        """Frees the queue now."""
        self._release()

    @property
    def id(self) -> str:
        """The queue's id."""
        return dec(lib.lcc_queue_id(self._ptr)) or ""

    @property
    def name(self) -> str:
        """The queue's name."""
        return dec(lib.lcc_queue_name(self._ptr)) or ""

    def add_member(self, agent: Any) -> None:
        """Adds a member (an :class:`Agent` or an agent id; twice is harmless)."""
        self._ctx._check(lib.lcc_queue_add_member(self._ptr, ident(agent)))

    def remove_member(self, agent: Any) -> None:
        """Removes a member (NotFoundError when not a member)."""
        self._ctx._check(lib.lcc_queue_remove_member(self._ptr, ident(agent)))

    def has_member(self, agent: Any) -> bool:
        """True when the agent (or id) is a member."""
        return bool(lib.lcc_queue_has_member(self._ptr, ident(agent)))

    @property
    def members(self) -> List[str]:
        """Member agent ids in the order added."""
        p = self._ptr
        return [dec(lib.lcc_queue_member_id(p, i)) or ""
                for i in range(lib.lcc_queue_member_count(p))]

    def __contains__(self, agent: Any) -> bool:
        return self.has_member(agent)

    @property
    def agents_choose_callback_queue(self) -> bool:
        """"Agents can specify the queue for scheduled callbacks" (CB-QUEUE)."""
        return bool(lib.lcc_queue_agents_choose_callback_queue(self._ptr))

    @agents_choose_callback_queue.setter
    def agents_choose_callback_queue(self, enabled: bool) -> None:
        self._ctx._check(lib.lcc_queue_set_agents_choose_callback_queue(self._ptr,
                                                                        1 if enabled else 0))

    def set_owned_callbacks(self, enabled: bool, schedule_out_limit_h: int = 720,
                            ownership_window_h: int = 24) -> None:
        """Configures agent-owned callbacks (CB-OWN, CB-OWN-HORIZON 1..720 h,
        CB-OWN-WINDOW 1..168 h)."""
        self._ctx._check(lib.lcc_queue_set_owned_callbacks(
            self._ptr, 1 if enabled else 0, int(schedule_out_limit_h), int(ownership_window_h)))

    @property
    def owned_callbacks(self) -> Tuple[bool, int, int]:
        """(enabled, schedule-out limit hours, ownership window hours)."""
        en, lim, win = ctypes.c_int(), ctypes.c_int32(), ctypes.c_int32()
        self._ctx._check(lib.lcc_queue_owned_callbacks(self._ptr, ctypes.byref(en),
                                                       ctypes.byref(lim), ctypes.byref(win)))
        return bool(en.value), lim.value, win.value

    def __repr__(self) -> str:
        if self._h is None:
            return "<Queue closed>"
        return f"<Queue {self.id!r} {self.name!r}>"


class Conversation(Handle):
    """A conversation (interaction): media, ACD routing, caller ANI, queue, agent.

    For message and social interactions, :meth:`accept`, :meth:`decline`,
    :meth:`end`, :meth:`wrap_up` and :meth:`refresh` talk to the backend and
    return an :class:`~contactcore.operation.Op`.
    """

    _kind = "conversation"
    _free_name = "lcc_conversation_free"

    def __init__(self, ctx: "Context", id: str, media: "MediaType | int" = MediaType.CALL, *,
                 acd: Optional[bool] = None, ani: Optional[str] = None,
                 queue: Any = None, agent: Any = None) -> None:
        out = ctypes.c_void_p()
        ctx._check(lib.lcc_conversation_new(ctypes.byref(out), ctx._ptr, enc(id), int(media)))
        super().__init__(ctx, out.value)  # type: ignore[arg-type]
        if acd is not None:
            self.acd = acd
        if ani is not None:
            self.ani = ani
        if queue is not None:
            self.queue_id = queue
        if agent is not None:
            self.agent_id = agent

    def close(self) -> None:
        """Frees the conversation now."""
        self._release()

    @property
    def id(self) -> str:
        """The conversation's id."""
        return dec(lib.lcc_conversation_id(self._ptr)) or ""

    @property
    def media(self) -> MediaType:
        """The media type."""
        return MediaType(lib.lcc_conversation_media(self._ptr))

    @property
    def acd(self) -> bool:
        """Routed through ACD (True) or direct (False)."""
        return bool(lib.lcc_conversation_acd(self._ptr))

    @acd.setter
    def acd(self, value: bool) -> None:
        self._ctx._check(lib.lcc_conversation_set_acd(self._ptr, 1 if value else 0))

    @property
    def ani(self) -> Optional[str]:
        """The caller's ANI as received, or None (settable)."""
        return dec(lib.lcc_conversation_ani(self._ptr))

    @ani.setter
    def ani(self, value: Optional[str]) -> None:
        self._ctx._check(lib.lcc_conversation_set_ani(self._ptr, enc(value)))

    @property
    def queue_id(self) -> Optional[str]:
        """Id of the queue that received it, or None (settable with a Queue or id)."""
        return dec(lib.lcc_conversation_queue_id(self._ptr))

    @queue_id.setter
    def queue_id(self, queue: Any) -> None:
        self._ctx._check(lib.lcc_conversation_set_queue(self._ptr, ident(queue)))

    @property
    def agent_id(self) -> Optional[str]:
        """Id of the agent who handled it, or None (settable with an Agent or id)."""
        return dec(lib.lcc_conversation_agent_id(self._ptr))

    @agent_id.setter
    def agent_id(self, agent: Any) -> None:
        self._ctx._check(lib.lcc_conversation_set_agent(self._ptr, ident(agent)))

    @property
    def state(self) -> InteractionState:
        """The agent participant's state as last learnt (message/social)."""
        return InteractionState(lib.lcc_conversation_state(self._ptr))

    def _interaction(self, fn: str, agent: "Agent", *extra: Any) -> "Op":
        from .operation import Op
        op = ctypes.c_void_p()
        rep = ctypes.c_void_p()
        self._ctx._check(getattr(lib, fn)(ctypes.byref(op), ctypes.byref(rep), self._ptr,
                                          agent._ptr, *extra), rep.value)
        return Op._own(self._ctx, op.value, keep=self)

    def accept(self, agent: "Agent") -> "Op":
        """Accepts an interaction alerting ``agent`` (SL-ACCEPT)."""
        return self._interaction("lcc_conversation_accept", agent)

    def decline(self, agent: "Agent") -> "Op":
        """Declines an interaction alerting ``agent`` (SL-NORESPONSE)."""
        return self._interaction("lcc_conversation_decline", agent)

    def end(self, agent: "Agent") -> "Op":
        """Ends the interaction the agent is connected to (SL-END)."""
        return self._interaction("lcc_conversation_end", agent)

    def wrap_up(self, agent: "Agent", code: str, notes: Optional[str] = None) -> "Op":
        """Gives the wrap-up after the interaction ended (SL-END)."""
        return self._interaction("lcc_conversation_wrap_up", agent, enc(code), enc(notes))

    def refresh(self, agent: "Agent") -> "Op":
        """Learns the state of the agent's participant (the GET alone)."""
        from .operation import Op
        op = ctypes.c_void_p()
        self._ctx._check(lib.lcc_conversation_refresh(ctypes.byref(op), self._ptr, agent._ptr))
        return Op._own(self._ctx, op.value, keep=self)

    def __repr__(self) -> str:
        if self._h is None:
            return "<Conversation closed>"
        return f"<Conversation {self.id!r} {self.media.name}>"


class EntryPoint(Handle):
    """An SMS or email entry point: the "From" of agent-initiated outbound
    conversations (OB-ENTRYPOINT)."""

    _kind = "entry point"
    _free_name = "lcc_entry_point_free"

    def __init__(self, ctx: "Context", id: str, name: str, channel: Channel) -> None:
        out = ctypes.c_void_p()
        ctx._check(lib.lcc_entry_point_new(ctypes.byref(out), ctx._ptr, enc(id), enc(name),
                                           int(channel)))
        super().__init__(ctx, out.value)  # type: ignore[arg-type]

    def close(self) -> None:
        """Frees the entry point now (a stored row stays)."""
        self._release()

    @property
    def id(self) -> str:
        """The entry point's id."""
        return dec(lib.lcc_entry_point_id(self._ptr)) or ""

    @property
    def name(self) -> str:
        """Its display name."""
        return dec(lib.lcc_entry_point_name(self._ptr)) or ""

    @property
    def channel(self) -> Channel:
        """SMS or EMAIL."""
        return Channel(lib.lcc_entry_point_channel(self._ptr))

    def __repr__(self) -> str:
        if self._h is None:
            return "<EntryPoint closed>"
        return f"<EntryPoint {self.id!r} {self.channel.name}>"

