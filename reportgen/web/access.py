"""Who may do what, decided on the server for every page, download and call.

Every view declares the roles that may open it (:func:`allow`); a view without a declaration is
refused to everyone, so a new page is closed until someone says who it is for. Within a page,
what a township or school account sees is cut to its own cases, documents and register entries:
anything else answers 404, as if it were not there, so that one township cannot even learn that
another's child exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from flask import abort

from reportgen.casework.cases import Case
from reportgen.casework.register_entries import Entry
from reportgen.web.users import Role, User

F = TypeVar("F", bound=Callable[..., object])
ROLES_ATTRIBUTE = "allowed_roles"
EVERYONE = tuple(Role)
STAFF = (Role.county, Role.township)
"""Who may change the register: record service, void a number."""

KINDS = {
    Role.county: (
        "deadline",
        "penalty",
        "inquiry",
        "investigation",
        "home-teaching",
        "letter",
        "letter-generic",
        "subsidy",
        "enrolment",
    ),
    Role.township: (
        "deadline",
        "penalty",
        "investigation",
        "home-teaching",
        "letter",
        "letter-generic",
    ),
    Role.school: ("letter", "letter-generic", "subsidy", "enrolment"),
}
"""The document kinds each role may generate: a school makes its letters and roster notices only."""


def allow(*roles: Role) -> Callable[[F], F]:
    """Declare which roles may open a view."""

    def mark(view: F) -> F:
        setattr(view, ROLES_ATTRIBUTE, roles)
        return view

    return mark


def allowed(view: Callable[..., object] | None, user: User) -> bool:
    """Whether a view is open to a user: declared, and for the user's role."""
    roles = getattr(view, ROLES_ATTRIBUTE, ())
    return user.role in roles


def sees_case(user: User, case: Case) -> bool:
    """Whether a case is the user's: the whole county, their township's, or their school's."""
    if user.role is Role.township:
        return case.township == user.township
    if user.role is Role.school:
        return case.school == user.school
    return True


def sees_entry(user: User, entry: Entry, cases: Mapping[str, Case]) -> bool:
    """Whether a register entry is the user's: by its township, or by its child's school."""
    if user.role is Role.township:
        return entry.township == user.township
    if user.role is Role.school:
        case = cases.get(entry.case_key)
        return entry.case_key == user.school or (case is not None and case.school == user.school)
    return True


def own_or_404(visible: bool) -> None:
    """Answer 404 for what is not the user's, so its existence is not given away."""
    if not visible:
        abort(404)


def scope_filters(
    user: User, township: str | None, school: str | None
) -> tuple[str | None, str | None]:
    """The township and school a user's batch or list is cut to, whatever the form asked."""
    if user.role is Role.township:
        return user.township, school
    if user.role is Role.school:
        return None, user.school
    return township, school
