"""People with lived experience check the themes the computer suggested; feedback leads
choose who does.

The queue holds the themed, unreviewed comments of the service lines the reader reviews
or leads; a comment of another service is 'not found'. Reviewers read redacted words
only. A review is kept as it was (services.review_themes), then the next comment follows.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions

from .. import comments_queries, comments_services, presenters_comments, services
from ..forms_comments import ReviewerAddForm, ReviewForm

PER_PAGE = 25
GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)


def _lines_or_404(user) -> set[int]:
    lines = comments_queries.review_lines(user)
    if not lines:
        raise Http404
    return lines


@require_safe
@private
def review(request):
    lines = _lines_or_404(request.user)
    page = Paginator(comments_queries.review_queue(lines), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "feedback/review/queue.jinja",
        {
            "page": page,
            "count": page.paginator.count,
            "cards": [presenters_comments.card(c) for c in page.object_list],
            "present": presenters_comments,
        },
    )


@require_http_methods(GET_POST)
@private
def review_comment(request, comment_id: int):
    comment = comments_queries.comment_with_themes(comment_id)
    if comment is None or not permissions.can(
        request.user, "feedback.review_themes", comment.team
    ):
        raise Http404
    suggested = [t.code for t in comment.current_themes]
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"themes": suggested, "sentiment": comment.sentiment or None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_themes(
                comment,
                reviewer=request.user,
                codes=data["themes"],
                sentiment=data["sentiment"],
                note=data["note"],
            )
        except services.FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you. Your review is saved.")
            following = comments_queries.next_in_queue(
                comments_queries.review_lines(request.user), comment.pk
            )
            if following is None:
                return redirect("feedback:review")
            return redirect("feedback:review_comment", comment_id=following.pk)
    chosen = form["themes"].value() if form.is_bound else suggested
    return render(
        request,
        "feedback/review/comment.jinja",
        {
            "form": form,
            "card": presenters_comments.card(comment),
            "team": comment.team,
            "theme_items": presenters_comments.theme_items(chosen),
            "suggestions": [presenters_comments.theme_label(code) for code in suggested],
            "present": presenters_comments,
        },
    )


@require_http_methods(GET_POST)
@private
def reviewers(request):
    lines = comments_queries.lead_lines(request.user)
    # Leading a service's feedback is asked of one of its teams, as every feedback rule is.
    lines = [line for line in lines if _leads(request.user, line)]
    if not lines:
        raise Http404
    form = ReviewerAddForm(lines=lines)
    if request.method == "POST" and request.POST.get("stop"):
        return _stop(request, lines)
    if request.method == "POST":
        form = ReviewerAddForm(request.POST, lines=lines)
        if form.is_valid():
            line = next(line for line in lines if line.pk == form.cleaned_data["service_line"])
            user = comments_queries.sign_in_by_email(form.cleaned_data["email"])
            try:
                added = comments_services.add_reviewer(user, line, by=request.user)
            except services.FeedbackError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request, f"{added.user.display_name} now reviews comments for {line.name}."
                )
                return redirect("feedback:reviewers")
    return render(
        request,
        "feedback/review/reviewers.jinja",
        {
            "form": form,
            "lines": lines,
            "page": Paginator(comments_queries.reviewers(lines), PER_PAGE).get_page(
                request.GET.get("page")
            ),
        },
    )


def _leads(user, line) -> bool:
    team = line.teams.first()
    return team is not None and permissions.can(user, "feedback.approve", team)


def _stop(request, lines):
    raw = request.POST.get("stop", "")
    found = (
        comments_queries.reviewers(lines).filter(pk=int(raw)).first()
        if raw.isdigit() and len(raw) < 10
        else None
    )
    if found is None:
        messages.error(request, "We could not find that reviewer. Nothing was changed.")
        return redirect("feedback:reviewers")
    try:
        comments_services.stop_reviewer(found)
    except services.FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{found.user.display_name} no longer reviews comments.")
    return redirect("feedback:reviewers")
