"""The public steps of a pathway. Every step is a GET with the answers in the address; the server
replays them (`pathways.engine.replay`) and redirects to the right step when the address asks for
another one (tampered, stale, or a form just submitted). Answers are never stored or logged: no
session, no database writes, and no 4xx responses (whose paths Django logs) for bad answers.

A step's path is neutral (`/pathways/<pathway>/step-3/`): its position along the route, never the
question or outcome id, which access logs and browser history would keep (`…/get-help-now/`).
Addresses from before (`/pathways/<pathway>/<node id>/`, in bookmarks and shared links) redirect
to the neutral one; a path that is neither is an ordinary 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.defaults import page_not_found

from search import demand

from .pathways.engine import (
    MAX_POSITION,
    MAX_VALUES,
    PREVIOUS_PARAMETER,
    STEP_PARAMETER,
    Replay,
    age_display,
    replay,
)
from .pathways.graph import AGE


def add_sensitive_headers(response: HttpResponse) -> HttpResponse:
    """Not kept by the browser or any cache, and other sites are not told where someone came from."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    response["Referrer-Policy"] = "no-referrer"
    return response


def _finish(page, response: HttpResponse) -> HttpResponse:
    if page.is_sensitive:
        add_sensitive_headers(response)
    return response


def step_url(page, position: int, query: str = "") -> str:
    """The address of the step at `position` along a route through `page` (1: the first question),
    with the answers that lead there in `query`. The path says how far along, never where."""
    path = page.reverse_subpage("step_route", kwargs={"position": position})
    return f"{page.url}{path}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str
    change_url: str


def answer_rows(page, result: Replay) -> list[AnswerRow]:
    """Each answer so far, with a link back to its question that shows that answer already chosen
    (the earlier answers, plus `previous`: not an answer, so the question is asked again)."""
    return [
        AnswerRow(
            step.question.text,
            step.display,
            step_url(
                page,
                index + 1,
                urlencode(result.params(upto=index) + [(PREVIOUS_PARAMETER, value) for value in step.values]),
            ),
        )
        for index, step in enumerate(result.steps)
    ]


def _page_title(page) -> str:
    # Sensitive pathways keep a neutral title, so the browser's history does not say what it was.
    return "Get help" if page.is_sensitive else page.title


def pathway_start(request, page):
    graph = page.graph
    context = page.get_context(request)
    context.update(
        {
            "page_title": _page_title(page),
            "start_url": step_url(page, 1) if graph.start else "",
        }
    )
    return _finish(page, TemplateResponse(request, "pages/pathway_page.html", context))


def _not_found(request, page) -> HttpResponse:
    """Django's ordinary 404 page, with the pathway's privacy headers when it is sensitive."""
    return _finish(page, page_not_found(request, Http404()))


def pathway_step(request, page, position: int):
    graph = page.graph
    if graph.start is None:
        return _finish(page, HttpResponseRedirect(page.url))
    if not 1 <= position <= MAX_POSITION:
        return _not_found(request, page)
    result = replay(graph, request.GET)
    current = result.current
    canonical_query = result.query_string()
    submitted = request.GET.get(STEP_PARAMETER, "")
    here = current is not None and position == result.position
    previous = request.GET.getlist(PREVIOUS_PARAMETER)[:MAX_VALUES]
    asked = [pair for pair in _query_pairs(request) if pair[0] != PREVIOUS_PARAMETER]

    error = ""
    if here and result.question is not None and submitted == current.id:
        # A form was sent from this question without a usable answer: say what to fix.
        error = result.error or _missing_answer_message(result.question)
    elif not here or asked != result.params() or (previous and result.question is None):
        # Tampered, stale or just submitted: go to where these answers really lead.
        return _finish(page, HttpResponseRedirect(step_url(page, result.position, canonical_query)))

    answers = answer_rows(page, result)
    context = page.get_context(request)
    context.update(
        {
            "page_title": _page_title(page),
            "replay": result,
            "answers": answers,
            "back_url": answers[-1].change_url if answers else page.url,
            "start_again_url": page.url,
            "step_action": step_url(page, result.position),
            "hidden_params": result.params(),
            "error": error,
        }
    )
    if result.question is not None:
        question = result.question
        context.update(
            {
                "question": question,
                "is_age": question.kind == AGE,
                # After an error, what was just sent; after Change or Back, the earlier answer.
                "age_value": (request.GET.get(question.id, "") if error else next(iter(previous), ""))[:20],
                "selected": set(request.GET.getlist(question.id) if error else previous),
            }
        )
        template = "pages/pathway_question.html"
    else:
        from .services import matching_services

        outcome = result.outcome
        context.update(
            {
                "outcome": outcome,
                "value": outcome.value,
                "related_guidance": [
                    page for page in outcome.value["related_guidance"] if page and page.live
                ],
                "age_label": age_display(result.age),
                "match": matching_services(outcome.filter, age=result.age, near=result.near),
            }
        )
        demand.tell(context["match"].demand)  # a pathway outcome is demand too; never the answers
        template = "pages/pathway_outcome.html"
    return _finish(page, TemplateResponse(request, template, context))


def pathway_old_step(request, page, node_id: str):
    """An address from before steps were numbered (`…/get-help-now/?danger=yes`), kept in a
    bookmark or a shared link: the same answers at the neutral address, with the query string as
    it came (so `step` still shows a form's error and `previous` the earlier answer); that step
    then redirects again if the answers lead elsewhere. An id this pathway does not have is a 404."""
    graph = page.graph
    if node_id not in graph.nodes:
        return _not_found(request, page)
    position = replay(graph, request.GET).position
    return _finish(page, HttpResponseRedirect(step_url(page, position, urlencode(_query_pairs(request)))))


def _missing_answer_message(question) -> str:
    if question.kind == AGE:
        return "Enter the child's age"
    if question.kind == "multiple_choice":
        return f"Select all that apply, or '{question.none_label}'"
    return "Select an answer"


def _query_pairs(request) -> list[tuple[str, str]]:
    return [(key, value) for key in request.GET for value in request.GET.getlist(key)]
