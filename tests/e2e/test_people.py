"""People development in a real browser (issue 15), in the demo's ministry: (1) HR in Slovenian sets up
the competency model, a job profile, the employees and a competency review; (2) an employee in Bulgarian
and their line manager assess, the gaps and a development plan follow, nobody else reads them, and HR
sees figures per unit; (3) a structured selection from the vacancy to the ranked decision; (4) key
positions, successors and the talent grid. Key actions with the keyboard and a visible focus ring, axe
on every distinct page, the main pages at 1366 and 390 px (photographed when OPENCAF_SCREENSHOTS names a
directory). The people data is built with the people services and factories (the demo seeds
organisations and users only); translated words are compared through gettext.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import PHONE, fits, shot, tab_to
from django.utils import timezone, translation

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
MINISTRY = "Ministrstvo za javno upravo (demo)"
DIGITAL, FINANCE, CABINET = "Sektor za digitalno preobrazbo", "Sektor za finance", "Kabinet ministra"
HR = ("kadri.e2e@example.org", "Katarina Kadrovska")
BOSS = ("vodja.e2e@example.org", "Marko Vodja")
BG_EMPLOYEE = ("petya.e2e@example.org", "Петя Иванова")
OTHER = ("tomaz.e2e@example.org", "Tomaž Drugi")
DIRECTOR = ("direktor.e2e@example.org", "Dušan Direktor")
REQUIRED = {"CORE-1": 3, "DIG-1": 3}  # the job profile: these two are key; level 2 of every other one
CYCLE_TITLE = "Kompetenčni pregled 2026"
CLOSES_EARLY = "The competency review must close after it opens."
SUMMARY_FOCUSED = "() => document.activeElement.matches('[data-error-summary]')"


@pytest.fixture
def ministry(page: Any) -> Any:
    """The demo's ministry (with none of its people data yet); the browser at a desktop's width."""
    from opencaf.organisations.models import Organisation

    page.set_viewport_size(DESKTOP)
    return Organisation.objects.get(name=MINISTRY)


def _person(organisation: Any, who: tuple[str, str], *roles: str, language: str = "sl", department: str = "") -> Any:
    """A member who signs in with the demo password, in their own language."""
    from allauth.account.models import EmailAddress

    from opencaf.accounts.models import User
    from opencaf.organisations.tests.factories import add_member

    user = User.objects.create_user(who[0], "demo", full_name=who[1], language=language)
    EmailAddress.objects.create(user=user, email=who[0], verified=True, primary=True)
    return add_member(organisation, user, *(roles or ("viewer",)), department=department)


def _model_and_profile(organisation: Any, hr: Any, title: str = "Svetovalec") -> tuple[Any, Any]:
    """The starter model adopted and published by HR (sl, bg, en), and a job profile on it."""
    from opencaf.people.services import model, profiles

    draft = model.adopt_starter(actor=hr.user, organisation=organisation)
    version = model.publish_version(actor=hr.user, version=draft)
    codes = version.competencies.values_list("code", flat=True)
    wanted = profiles.ProfileInput(title, requirements={c: (REQUIRED.get(c, 2), c in REQUIRED) for c in codes})
    return version, profiles.create_profile(actor=hr.user, organisation=organisation, version=version, data=wanted)


def _codes(version: Any) -> list[str]:
    """The competencies in the order of the assessment forms (level_0, level_1, …)."""
    from opencaf.people.forms_reviews import RatingsForm
    from opencaf.people.selectors.reviews import layout

    return RatingsForm.codes_of(layout(version))


def assert_focus_visible(page: Any) -> None:
    """The focused element shows a ring (WCAG 2.4.7): a solid outline of 2 px or more, or a box-shadow."""
    style = "getComputedStyle(document.activeElement)"
    ring = page.evaluate(f"() => (s => [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow])({style})")
    assert (ring[0] not in ("none", "hidden") and ring[1] >= 2) or ring[2] != "none", f"no focus ring: {ring}"


def _press(page: Any, selector: str = 'main form[method="post"] button[type="submit"]') -> Any:
    """Reach the element with Tab, see its focus ring, press Enter: the response of the page it opens."""
    tab_to(page, selector)
    assert_focus_visible(page)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    return navigation.value


def _click(page: Any, selector: str) -> Any:
    with page.expect_navigation() as navigation:
        page.locator(selector).first.click()
    return navigation.value


def _keys(page: Any, selector: str, downs: int = 0) -> None:
    """Tab to a checkbox or the first radio button of a group, press Space, then the down arrow."""
    tab_to(page, selector)
    assert_focus_visible(page)
    page.keyboard.press("Space")
    for _step in range(downs):
        page.keyboard.press("ArrowDown")


def _radio(page: Any, name: str, value: object, scope: str = "main") -> None:
    page.locator(f'{scope} input[name="{name}"][value="{value}"]').check()


def _fill(page: Any, fields: dict[str, str], scope: str = "main") -> None:
    """Type into fields by name; a select takes an option's value or its label."""
    for name, value in fields.items():
        field = page.locator(f'{scope} [name="{name}"]:not([type="hidden"])')
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def _see(page: Any, axe_report: Any, label: str, phone: bool = True) -> None:
    """axe on the page at 1366 px, photographed; then (phone) at 390 px: nothing wider than the screen."""
    axe_report.check(page, label)
    shot(page, f"people {label} 1366")
    if phone:
        page.set_viewport_size(PHONE)
        fits(page)
        axe_report.check(page, f"{label} (390)")
        shot(page, f"people {label} 390")
        page.set_viewport_size(DESKTOP)


def _as(page: Any, login: Any, logout: Any, email: str) -> None:
    """Sign out (when signed in) and in as someone else."""
    if page.locator('header form[action$="/logout/"]').count():
        logout(page)
    login(page, email)


# --- 1. HR sets up people development -----------------------------------------------------------------


def test_hr_sets_up_people(page: Any, ministry: Any, login: Any, mailoutbox: list[Any], axe_report: Any) -> None:
    from opencaf.organisations.choices import Role
    from opencaf.organisations.models import Membership
    from opencaf.people.models import Employee, JobProfile, ModelVersion, Review, ReviewCycle

    people = f"/org/{ministry.public_id}/people/"
    _person(ministry, HR, Role.HR, department="Kadrovska služba")
    boss = _person(ministry, BOSS, department=DIGITAL)
    staff = [_person(ministry, OTHER, department=DIGITAL), _person(ministry, BG_EMPLOYEE, language="bg")]
    login(page, HR[0])
    page.goto(f"/org/{ministry.public_id}/")
    _press(page, f'main a[href="{people}"]')
    assert page.evaluate("document.documentElement.lang") == "sl"
    _see(page, axe_report, "people (HR, no model)")

    # The starter model: adopted as a draft, then published after its confirmation.
    _click(page, f'main a[href="{people}competency-model/"]')
    _see(page, axe_report, "model (none)", phone=False)
    _press(page, f'main a[href="{people}competency-model/adopt/"]')
    _see(page, axe_report, "adopt the starter model")
    _press(page)
    version = ModelVersion.objects.get(model__organisation=ministry)
    assert version.state == "draft" and version.competencies.count() == 14
    assert version.competencies.filter(cluster__kind="digital").count() == 5  # the DigComp 2.2 areas
    _see(page, axe_report, "model (draft)")
    _press(page, f'main a[href="{people}competency-model/{version.public_id}/publish/"]')
    _see(page, axe_report, "publish (confirmation)")
    assert page.locator('main [role="alert"]').count() == 0, "the starter model is not ready to publish"
    assert _press(page).ok and ModelVersion.objects.get(pk=version.pk).state == "published"
    _see(page, axe_report, "model (published)", phone=False)

    # A job profile: the required levels, two key competencies (ticked with the keyboard).
    page.goto(people)
    _click(page, f'main a[href="{people}job-profiles/"]')
    _see(page, axe_report, "job profiles (none)", phone=False)
    _press(page, f'main a[href="{people}job-profiles/new/"]')
    _see(page, axe_report, "job profile (new)")
    _fill(page, {"title": "Svetovalec za digitalno preobrazbo", "family": "Strokovni sodelavci"})
    _fill(page, {f"level_{code}": str(REQUIRED.get(code, 2)) for code in _codes(version)})
    for code in REQUIRED:
        _keys(page, f'main input[name="key_{code}"]')
    _press(page)
    profile = JobProfile.objects.get(organisation=ministry)
    assert urlparse(page.url).path == f"{people}job-profiles/" and profile.requirements.count() == 14
    assert dict(profile.requirements.filter(key=True).values_list("competency__code", "level")) == REQUIRED
    _see(page, axe_report, "job profiles")

    # Every member becomes an employee; the staff get the profile and their line manager.
    page.goto(people)
    _click(page, f'main a[href="{people}employees/"]')
    _see(page, axe_report, "employees (none)", phone=False)
    _press(page, f'main form[action="{people}employees/add-all/"] button[type="submit"]')
    members = Membership.objects.filter(organisation=ministry)
    assert Employee.objects.filter(organisation=ministry).count() == members.count()
    _see(page, axe_report, "employees")
    for number, member in enumerate(staff):
        employee = Employee.objects.get(membership=member)
        _click(page, f'main a[href="{people}employees/{employee.public_id}/"]')
        if number == 0:
            _see(page, axe_report, "employee's record")
        _fill(page, {"profile": profile.title, "line_manager": BOSS[1]})
        _press(page)
        employee.refresh_from_db()
        assert employee.profile == profile and employee.line_manager == boss

    # A competency review: closing before it opens is refused, in Slovenian, and nothing typed is lost.
    page.goto(people)
    _click(page, f'main a[href="{people}reviews/"]')
    _see(page, axe_report, "competency reviews (none)", phone=False)
    _press(page, f'main a[href="{people}reviews/new/"]')
    _see(page, axe_report, "competency review (new)")
    today = timezone.localdate()
    _fill(page, {"title": CYCLE_TITLE, "opens_on": str(today), "closes_on": str(today - dt.timedelta(days=1))})
    response = _press(page)
    assert response.status == 422 and not ReviewCycle.objects.filter(organisation=ministry).exists()
    assert page.evaluate(SUMMARY_FOCUSED), "the focus is not on the error summary"
    assert_focus_visible(page)
    with translation.override("sl"):
        said = [translation.gettext("There is a problem"), translation.gettext(CLOSES_EARLY)]
    summary = page.locator("[data-error-summary]")
    assert all(text in summary.inner_text() for text in said), said
    assert summary.locator('a[href="#id_closes_on"]').count() == 1
    assert page.locator('main input[name="title"]').input_value() == CYCLE_TITLE
    assert page.locator('main input[name="opens_on"]').input_value() == today.isoformat()
    _see(page, axe_report, "competency review (refused)")
    _fill(page, {"closes_on": (today + dt.timedelta(days=21)).isoformat()})
    _press(page)
    cycle = ReviewCycle.objects.get(organisation=ministry)
    assert cycle.state == "draft" and urlparse(page.url).path == f"{people}reviews/{cycle.public_id}/"
    _see(page, axe_report, "competency review (prepared)", phone=False)

    # Opened after its confirmation: an assessment for every employee, each told by e-mail.
    _press(page, f'main a[href="{people}reviews/{cycle.public_id}/open/"]')
    _see(page, axe_report, "open the competency review (confirmation)")
    _press(page)
    cycle.refresh_from_db()
    assert cycle.state == "open" and Review.objects.filter(cycle=cycle).count() == members.count()
    assert Review.objects.get(cycle=cycle, membership=staff[1]).manager == boss
    assert {BG_EMPLOYEE[0], OTHER[0], BOSS[0]} <= {address for mail in mailoutbox for address in mail.to}
    _see(page, axe_report, "competency review (open)")
    axe_report.assert_clean()


# --- 2. a competency review: the employee, the line manager, the gaps, a plan; who may read it ---------

UNITS = {FINANCE: 6, "Služba za informatiko": 5, DIGITAL: 5, CABINET: 1}  # and the line manager in CABINET


def _review_scene(ministry: Any) -> SimpleNamespace:
    """The ministry with the starter model, a profile and an open review: the Bulgarian employee and the
    other member have submitted nothing; seventeen colleagues in four units have both sides submitted."""
    from opencaf.organisations.choices import Role
    from opencaf.people.tests import factories as f

    hr = _person(ministry, HR, Role.HR, department="Kadrovska služba")
    boss = _person(ministry, BOSS, department=CABINET)
    petya = _person(ministry, BG_EMPLOYEE, language="bg", department=DIGITAL)
    version, profile = _model_and_profile(ministry, hr)
    cycle = f.review_cycle(ministry, version, title=CYCLE_TITLE)
    codes = _codes(version)
    employee = f.employee(petya, profile, boss)
    f.review(cycle, f.employee(_person(ministry, OTHER, department=FINANCE), profile, boss))
    f.review(cycle, f.employee(boss, profile), self_levels=dict.fromkeys(codes, 3))
    for place, (unit, count) in enumerate(UNITS.items()):
        for n in range(count):
            colleague = f.member(ministry, f"s{place}.{n}@example.org", name=f"Sodelavec {place}.{n}", department=unit)
            levels = {code: 1 + (n + index) % 3 for index, code in enumerate(codes)}
            f.review(cycle, f.employee(colleague, profile, boss), self_levels=levels, manager_levels=levels)
    review = f.review(cycle, employee)
    return SimpleNamespace(petya=petya, cycle=cycle, codes=codes, employee=employee, review=review)


def test_competency_review_to_plan(page: Any, ministry: Any, login: Any, logout: Any, axe_report: Any) -> None:
    from opencaf.audit.models import AuditEvent
    from opencaf.people.models import DevelopmentPlan, Rating

    scene = _review_scene(ministry)
    review, codes = scene.review, scene.codes
    people = f"/org/{ministry.public_id}/people/"
    review_url = f"{people}reviews/assessment/{review.public_id}/"
    mine = f'main #home-my-review a[href="{review_url}"]'
    own = {code: 3 if code in REQUIRED else 2 for code in codes}  # the employee's view of themselves

    # The employee, in Bulgarian: the first competency with the keyboard, six more, a draft.
    login(page, BG_EMPLOYEE[0])
    page.goto(f"/org/{ministry.public_id}/")
    _press(page, f'main a[href="{people}"]')
    assert page.evaluate("document.documentElement.lang") == "bg"
    _see(page, axe_report, "people (employee)")
    _press(page, mine)
    _see(page, axe_report, "self-assessment")
    _keys(page, 'main input[name="level_0"]', own[codes[0]] - 1)
    assert page.locator('main input[name="level_0"]:checked').get_attribute("value") == str(own[codes[0]])
    for number in range(1, 7):
        _radio(page, f"level_{number}", own[codes[number]])
    _fill(page, {"comment_0": "Рядко работя с граждани на гишето."})
    _press(page, 'main button[name="action"][value="save"]')
    review.refresh_from_db()
    assert review.self_submitted_at is None and Rating.objects.filter(review=review, source="self").count() == 7

    # Back later: the draft is there; submitting with seven competencies unanswered is refused.
    page.goto(people)
    _click(page, mine)
    assert page.locator('main input[name="level_0"]:checked').get_attribute("value") == str(own[codes[0]])
    assert page.locator('main textarea[name="comment_0"]').input_value().startswith("Рядко")
    response = _press(page, 'main button[name="action"][value="submit"]')
    review.refresh_from_db()
    assert response.status == 422 and review.self_submitted_at is None and page.evaluate(SUMMARY_FOCUSED)
    assert page.locator("[data-error-summary] li a").count() == len(codes) - 7
    _see(page, axe_report, "self-assessment (refused)", phone=False)
    for number in range(7, len(codes)):
        _radio(page, f"level_{number}", own[codes[number]])
    _press(page, 'main button[name="action"][value="submit"]')
    review.refresh_from_db()
    assert review.self_submitted_at is not None and urlparse(page.url).path == review_url
    _see(page, axe_report, "review (self-assessment submitted)")

    # The line manager, in Slovenian: from their team to the assessment, performance and potential too.
    _as(page, login, logout, BOSS[0])
    page.goto(people)
    _click(page, f'main #home-my-team a[href="{people}reviews/team/"]')
    _see(page, axe_report, "my team")
    _press(page, f'main a[href="{review_url}assess/"]')
    _see(page, axe_report, "line manager's assessment")
    for number, code in enumerate(codes):
        _radio(page, f"level_{number}", 1 if code == "CORE-1" else 2)  # CORE-1 two levels short, DIG-1 one
    _keys(page, 'main input[name="performance"]', 1)
    _keys(page, 'main input[name="potential"]', 2)
    _press(page, 'main button[name="action"][value="submit"]')
    review.refresh_from_db()
    assert review.manager_submitted_at is not None and (review.performance, review.potential) == (2, 3)
    _see(page, axe_report, "review (line manager)")

    # The employee sees the gaps (the line manager's levels against the profile) and starts a plan.
    _as(page, login, logout, BG_EMPLOYEE[0])
    page.goto(people)
    _click(page, mine)
    assert page.locator("main #gap-list li").count() == 2  # CORE-1 and DIG-1
    assert page.locator("main #talk-list li").count() == 1  # CORE-1: 3 against 1
    _see(page, axe_report, "review (gaps)")
    _press(page, f'main form[action="{people}plans/start/{scene.employee.public_id}/"] button[type="submit"]')
    plan = DevelopmentPlan.objects.get(membership=scene.petya)
    plan_url = f"{people}plans/{plan.public_id}/"
    assert urlparse(page.url).path == plan_url
    _see(page, axe_report, "development plan (new)")
    _press(page, f'main a[href="{plan_url}actions/new/"]')
    _see(page, axe_report, "development action (new)")
    due = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    _fill(page, {"title": "Обучение „Комуникация с граждани“", "kind": "training", "days": "1.5", "due_on": due})
    page.locator('main select[name="competency"]').select_option(index=1)
    _press(page)
    assert plan.actions.count() == 1 and page.locator("main #actions tbody tr").count() == 1
    _see(page, axe_report, "development plan")

    # Nobody else reads it: a member who is neither gets a 404, HR a 403 (HR knows reviews exist).
    for who, status in ((OTHER[0], 404), (HR[0], 403)):
        _as(page, login, logout, who)
        for path in (review_url, f"{review_url}assess/", plan_url):
            assert page.goto(path).status == status, f"{who} on {path}"
    # Every reading of the review was recorded, and only the two who read it.
    readers = AuditEvent.objects.filter(action="people.review_read").values_list("actor__email", flat=True)
    assert set(readers) == {BG_EMPLOYEE[0], BOSS[0]}

    # HR's page of the review: the figures per unit, the small unit's hidden.
    page.goto(f"{people}reviews/{scene.cycle.public_id}/")
    with translation.override("sl"):
        hidden = translation.pgettext("anonymity", "not shown")
    rows = page.locator("main #unit-figures tbody tr")
    assert rows.count() == len(codes)
    small = {text.strip() for text in rows.locator(f'td[data-label="{CABINET}"]').all_inner_texts()}
    assert small == {hidden}, small
    assert all("%" in text for text in rows.locator(f'td[data-label="{FINANCE}"]').all_inner_texts())
    _see(page, axe_report, "competency review (figures per unit)")
    axe_report.assert_clean()


# --- 3. a structured selection: guide, panel, scores, agreement, decision --------------------------------

PANEL = [("nina.e2e@example.org", "Nina"), ("luka.e2e@example.org", "Luka"), ("eva.e2e@example.org", "Eva")]
# Each candidate's score from every member (every question alike), then the agreed scores: Ana first.
CANDIDATES = {"Ana Kos": (4, [4, 4]), "Boris Zupan": (3, [3, 3]), "Cvetka Rupnik": (2, [2, 3])}


def _score_everyone(page: Any, vacancy_url: str, vacancy: Any, note: str, axe_report: Any = None) -> None:
    """A panel member scores every candidate alone and submits; with `axe_report`, the first answer with
    the keyboard, and the empty sheet checked."""
    keyboard = axe_report is not None
    for candidate in vacancy.candidates.order_by("name"):
        value = CANDIDATES[candidate.name][0]
        _click(page, f'main a[href="{vacancy_url}candidates/{candidate.public_id}/scores/"]')
        if keyboard:
            _see(page, axe_report, "scores (empty)")
        questions = vacancy.guide.count()
        assert page.locator('main input[name^="score_"][value="1"]').count() == questions
        if keyboard:
            _keys(page, 'main input[name="score_1"]', value - 1)
            assert page.locator('main input[name="score_1"]:checked').get_attribute("value") == str(value)
        for number in range(2 if keyboard else 1, questions + 1):
            _radio(page, f"score_{number}", value)
        _fill(page, {"note_1": f"{note} ({candidate.name})"})
        assert (_press if keyboard else _click)(page, 'main button[name="action"][value="submit"]').ok
        assert urlparse(page.url).path == vacancy_url
        keyboard = False


def test_structured_selection(page: Any, ministry: Any, login: Any, logout: Any, axe_report: Any) -> None:
    from opencaf.audit.models import AuditEvent
    from opencaf.organisations.choices import Role
    from opencaf.people.models import AgreedScore, Vacancy

    people = f"/org/{ministry.public_id}/people/"
    hr = _person(ministry, HR, Role.HR, department="Kadrovska služba")
    panel = [_person(ministry, (email, f"{name} Komisija"), department=DIGITAL) for email, name in PANEL]
    _version, profile = _model_and_profile(ministry, hr, "Svetovalec za digitalno preobrazbo")

    # HR opens the vacancy: its interview guide comes from the key competencies' question bank.
    login(page, HR[0])
    page.goto(people)
    _press(page, f'main a[href="{people}vacancies/new/"]')
    _see(page, axe_report, "vacancy (new)")
    _fill(page, {"profile": profile.title, "title": "Svetovalec (m/ž)", "reference": "110-12", "retention_months": "6"})
    _press(page)
    vacancy = Vacancy.objects.get(organisation=ministry)
    vacancy_url = f"{people}vacancies/{vacancy.public_id}/"
    assert urlparse(page.url).path == vacancy_url and vacancy.retention_months == 6
    assert set(vacancy.guide.values_list("competency__code", flat=True)) == set(REQUIRED)
    _see(page, axe_report, "vacancy (preparing)")

    # The guide on paper: navigation and forms stay off it, each question gets its box for notes.
    _click(page, f'main a[href="{vacancy_url}guide/"]')
    _see(page, axe_report, "interview guide")
    page.emulate_media(media="print")
    assert page.locator(".guide-paper").first.is_visible() and page.locator("main form").first.is_hidden()
    assert page.locator("header nav").first.is_hidden() and page.locator("main nav").first.is_hidden()
    shot(page, "people interview guide (print)")
    assert page.pdf(format="A4").startswith(b"%PDF")
    page.emulate_media(media="screen")

    # A panel of three (the first chairs, ticked with the keyboard) and three candidates.
    _click(page, f'main a[href="{vacancy_url}panel/"]')
    _see(page, axe_report, "selection panel (none)", phone=False)
    add = 'main form:has(input[name="action"][value="add"]) button[type="submit"]'
    for number, member in enumerate(panel):
        _fill(page, {"member": member.user.full_name})
        if number == 0:
            _keys(page, 'main input[name="chair"]')
        _press(page, add)
    seats = [(seat.membership, seat.chair) for seat in vacancy.panel.order_by("pk")]
    assert seats == [(panel[0], True), (panel[1], False), (panel[2], False)]
    _see(page, axe_report, "selection panel")
    _click(page, f'main a[href="{vacancy_url}candidates/"]')
    _see(page, axe_report, "candidates (none)", phone=False)
    for name in CANDIDATES:
        _fill(page, {"name": name, "email": f"{name[:3].lower()}@example.com", "note": "Pet let izkušenj."})
        _press(page, add)
    assert vacancy.candidates.count() == 3
    _see(page, axe_report, "candidates")
    _click(page, f'main a[href="{vacancy_url}"]')
    _press(page, f'main a[href="{vacancy_url}move/start_interviews/"]')
    _see(page, axe_report, "start the interviews (confirmation)")
    _press(page)
    assert Vacancy.objects.get(pk=vacancy.pk).state == "interviewing"

    # Each member scores alone; before the agreement nobody reads the others' scores or notes.
    first = vacancy.candidates.order_by("name")[0]
    for number, (email, name) in enumerate(PANEL[:2]):
        _as(page, login, logout, email)
        page.goto(people)
        _click(page, f'main a[href="{vacancy_url}"]')
        if number == 0:
            _see(page, axe_report, "vacancy (panel member)")
        _score_everyone(page, vacancy_url, vacancy, f"{name} je zapisala", axe_report if number == 0 else None)
        assert page.goto(f"{vacancy_url}candidates/{first.public_id}/agreement/").status == 404
        page.goto(f"{vacancy_url}candidates/{first.public_id}/scores/")  # their own sheet, submitted
        assert ("Nina je zapisala" in page.content()) == (number == 0), "a member reads another member's note"

    # HR tries to open the agreement early: refused, naming who has not scored.
    _as(page, login, logout, HR[0])
    page.goto(f"{vacancy_url}move/open_agreement/")
    assert panel[2].user.full_name in page.locator("main .alert-warning").inner_text()
    response = _press(page)
    vacancy.refresh_from_db()
    assert response.status == 422 and vacancy.state == "interviewing" and page.evaluate(SUMMARY_FOCUSED)
    assert panel[2].user.full_name in page.locator("[data-error-summary]").inner_text()
    _see(page, axe_report, "open the panel agreement (refused)")
    _as(page, login, logout, PANEL[2][0])
    page.goto(vacancy_url)
    _score_everyone(page, vacancy_url, vacancy, "Eva je zapisala")
    _as(page, login, logout, HR[0])
    page.goto(vacancy_url)
    _press(page, f'main a[href="{vacancy_url}move/open_agreement/"]')
    _press(page)
    assert Vacancy.objects.get(pk=vacancy.pk).state == "agreeing"

    # The chair records the agreed score of each competency with its rationale.
    _as(page, login, logout, PANEL[0][0])
    for number, candidate in enumerate(vacancy.candidates.order_by("name")):
        page.goto(f"{vacancy_url}candidates/{candidate.public_id}/agreement/")
        if number == 0:
            assert "Luka je zapisala" in page.content()  # now the whole panel reads every note
            _see(page, axe_report, "panel agreement")
        for index, (code, score) in enumerate(zip(REQUIRED, CANDIDATES[candidate.name][1], strict=True), start=1):
            form = f'main form:has(input[name="competency"][value="{code}"])'
            if number == 0:  # the suggestion (the median) comes checked: kept with the keyboard
                _keys(page, f'{form} input[name="c{index}-score"]')
            else:
                _radio(page, f"c{index}-score", score, form)
            assert page.locator(f'{form} input[name="c{index}-score"]:checked').get_attribute("value") == str(score)
            _fill(page, {f"c{index}-rationale": f"Odgovori so pokazali raven {score}."}, form)
            assert (_press if number == 0 else _click)(page, f"{form} button[type=submit]").ok
    assert AgreedScore.objects.filter(candidate__vacancy=vacancy).count() == 6
    assert AuditEvent.objects.filter(action="people.candidate_read", actor_id=panel[0].user_id).exists()

    # HR decides on the ranked decision page.
    _as(page, login, logout, HR[0])
    page.goto(vacancy_url)
    _click(page, f'main a[href="{vacancy_url}decision/"]')
    _see(page, axe_report, "ranking and decision")
    assert [text.strip() for text in page.locator("main tbody th").all_inner_texts()] == list(CANDIDATES)
    _keys(page, 'main input[name="chosen"]')
    assert page.locator('main input[name="chosen"]:checked').get_attribute("value") == str(first.public_id)
    _fill(page, {"decision": "Prvouvrščeni kandidat ima najvišje dogovorjene ocene v obeh kompetencah."})
    _press(page)
    assert Vacancy.objects.get(pk=vacancy.pk).state == "decided" and vacancy.candidates.get(chosen=True) == first
    _see(page, axe_report, "ranking and decision (decided)")
    axe_report.assert_clean()


# --- 4. talent and succession: HR and top management only ------------------------------------------------

GRID = [("Jana Zvezda", 3, 3), ("Rok Stalni", 2, 2), ("Maja Nova", 1, 3)]  # name, performance, potential


def test_key_positions_and_talent_grid(page: Any, ministry: Any, login: Any, logout: Any, axe_report: Any) -> None:
    from opencaf.organisations.choices import Role
    from opencaf.people.models import KeyPosition
    from opencaf.people.tests import factories as f

    people = f"/org/{ministry.public_id}/people/"
    _person(ministry, HR, Role.HR, department="Kadrovska služba")
    _person(ministry, DIRECTOR, Role.MANAGER, department=CABINET)
    boss = _person(ministry, BOSS, department=FINANCE)
    _person(ministry, OTHER, department=FINANCE)
    version = f.competency_model(ministry)
    profile, cycle = f.job_profile(ministry, version), f.review_cycle(ministry, version, title=CYCLE_TITLE)
    placed = {}
    for number, (name, performance, potential) in enumerate(GRID):
        placed[name] = f.member(ministry, f"grid{number}.e2e@example.org", name=name, department=FINANCE)
        review = f.review(cycle, f.employee(placed[name], profile, boss), manager_levels={"CORE-1": 2})
        review.performance, review.potential = performance, potential
        review.save(update_fields=["performance", "potential"])

    # HR names the head of finance's position a key one, at risk, then a successor ready in 1 to 2 years.
    login(page, HR[0])
    page.goto(people)
    _click(page, f'main a[href="{people}talent/positions/"]')
    _see(page, axe_report, "key positions (none)")
    _press(page, f'main a[href="{people}talent/positions/new/"]')
    _see(page, axe_report, "key position (new)")
    _fill(page, {"title": "Vodja Sektorja za finance", "unit": FINANCE, "holder": f"{BOSS[1]} ({BOSS[0]})"})
    _fill(page, {"risk_of_loss": "high", "impact": "high", "note": "Upokojitev predvidoma v dveh letih."})
    _press(page)
    position = KeyPosition.objects.get(organisation=ministry)
    position_url = f"{people}talent/positions/{position.public_id}/"
    assert urlparse(page.url).path == position_url and position.holder == boss
    _see(page, axe_report, "key position (at risk)")
    _press(page, f'main a[href="{position_url}successors/new/"]')
    _see(page, axe_report, "successor (new)")
    star = placed["Jana Zvezda"]
    _fill(page, {"membership": f"Jana Zvezda ({star.user.email})", "readiness": "1-2", "development": "Mentorstvo."})
    _press(page)
    assert [(s.membership, s.readiness) for s in position.successors.all()] == [(star, "1-2")]
    assert page.locator("main table tbody tr").count() == 1
    _see(page, axe_report, "key position (a successor)")
    _click(page, f'main a[href="{people}talent/positions/"]')
    _see(page, axe_report, "key positions")

    # The talent grid: each person in the cell of their line manager's ratings.
    _click(page, f'main a[href="{people}talent/grid/"]')
    _see(page, axe_report, "talent grid")
    assert all(page.locator("main table td").filter(has_text=name).count() == 1 for name, *_ in GRID)

    # A plain member: neither the list, the grid nor the position (no People section of talent either).
    _as(page, login, logout, OTHER[0])
    page.goto(people)
    assert page.locator("main #people-talent-heading").count() == 0
    for path, status in ((f"{people}talent/positions/", 403), (f"{people}talent/grid/", 403), (position_url, 404)):
        assert page.goto(path).status == status, path

    # Top management reads the grid and the positions.
    _as(page, login, logout, DIRECTOR[0])
    assert page.goto(f"{people}talent/grid/").status == 200
    assert page.locator("main table td").filter(has_text="Jana Zvezda").count() == 1
    assert page.goto(position_url).status == 200
    axe_report.assert_clean()
