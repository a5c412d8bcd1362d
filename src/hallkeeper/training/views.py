"""Training pages: thin views over the selectors and services."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.exports import Column, build_workbook, export_filename, xlsx_response
from hallkeeper.core.input import parse_id
from hallkeeper.core.validation import apply_service_errors
from hallkeeper.core.views import HallMixin, get_to_change, private_file_response
from hallkeeper.org.models import Unit
from hallkeeper.places.models import Window
from hallkeeper.standards.models import Part

from . import quiz as quiz_rules
from . import selectors, services
from .choices import SessionKind
from .forms import MaterialForm, QuizForm, SessionForm
from .models import Material, Quiz, QuizAttempt, Session
from .signing import make_token, read_token


class TrainingMixin(HallMixin):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_organize"] = self.can_organize
        ctx["can_read_records"] = selectors.can_read_records(self.request.user, self.hall)
        return ctx

    @property
    def can_organize(self) -> bool:
        if not hasattr(self, "_can_organize"):
            self._can_organize = selectors.can_organize(self.request.user, self.hall)
        return self._can_organize

    def require_organizer(self) -> None:
        if not self.can_organize:
            raise PermissionDenied(
                _("Only the administrators, the leadership group and the promotion group organize training.")
            )

    def require_records(self) -> None:
        if not selectors.can_read_records(self.request.user, self.hall):
            raise PermissionDenied(_("Only the organizers and the hall-wide groups read everyone's training records."))


class SessionListView(TrainingMixin, TemplateView):
    template_name = "training/session_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = selectors.sessions_for(self.request.user, self.hall).order_by("-starts_at", "pk")
        kind = self.request.GET.get("kind", "")
        if kind in SessionKind.values:
            rows = rows.filter(kind=kind)
        page = Paginator(rows, settings.HALLKEEPER_PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(page_obj=page, sessions=page.object_list, kind=kind, kinds=SessionKind.choices)
        return ctx


class SessionCreateView(TrainingMixin, TemplateView):
    template_name = "training/session_form.html"

    def make_form(self, data=None):
        version = selectors.published_version(self.hall)
        initial = {"kind": self.request.GET.get("kind", SessionKind.TRAINING)}
        if (makes_up := parse_id(self.request.GET.get("makes_up"))) is not None:
            original = Session.objects.filter(hall=self.hall, pk=makes_up).first()
            if original is not None:
                initial.update(
                    kind=original.kind, makes_up=original.pk, topic=_("Make-up: %(topic)s") % {"topic": original.topic}
                )
        return SessionForm(
            data,
            initial=initial,
            parts=version.parts.all() if version else Part.objects.none(),
            units=Unit.objects.filter(hall=self.hall),
            windows=Window.objects.filter(hall=self.hall).order_by("-is_model", "number"),
            sessions=Session.objects.filter(hall=self.hall, makes_up__isnull=True),
        )

    def get(self, request, *args, **kwargs):
        self.require_organizer()
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request, *args, **kwargs):
        self.require_organizer()
        form = self.make_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.session_create(
                    user=request.user,
                    hall=self.hall,
                    kind=data["kind"],
                    topic=data["topic"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    place=data["place"],
                    trainer=data["trainer"],
                    parts=data["parts"],
                    units=data["units"],
                    model_window=data["model_window"],
                    makes_up=data["makes_up"],
                    notes=data["notes"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The session is scheduled."))
                return redirect(session.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = reverse("training_list", kwargs={"hall": self.hall.code})
        return ctx


class SessionMixin(TrainingMixin):
    def get_session(self) -> Session:
        return get_object_or_404(
            Session.objects.visible_to(self.request.user)
            .filter(hall=self.hall)
            .select_related("makes_up", "model_window", "version"),
            pk=self.kwargs["pk"],
        )

    def session_to_change(self) -> Session:
        visible = Session.objects.visible_to(self.request.user).filter(hall=self.hall)
        if not self.can_organize:
            get_object_or_404(visible, pk=self.kwargs["pk"])
            self.require_organizer()
        return get_to_change(Session.objects.filter(hall=self.hall), visible, pk=self.kwargs["pk"])


def sign_url(request, session: Session) -> str:
    return request.build_absolute_uri(
        reverse("training_sign", kwargs={"hall": session.hall.code, "token": make_token(session)})
    )


class SessionDetailView(SessionMixin, TemplateView):
    template_name = "training/session_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        session = self.get_session()
        rows = selectors.attendance_rows(session, self.request.user)
        ctx.update(
            session=session,
            rows=rows,
            absentees=[r for r in rows if r.attendance.expected and not r.attendance.present],
            present_count=sum(1 for r in rows if r.attendance.present),
            materials=session.materials.all(),
            make_ups=session.make_ups.all(),
            parts=session.parts.all(),
            units=session.units.all(),
            material_form=kwargs.get("material_form") or MaterialForm(),
        )
        if self.can_organize:
            ctx["sign_url"] = sign_url(self.request, session)
        return ctx


class SessionQrView(SessionMixin, View):
    """The sign-in QR code as SVG, for the organizers to show or print."""

    def get(self, request, *args, **kwargs):
        session = self.session_to_change()
        out = io.BytesIO()
        title = _("Sign-in code: %(topic)s") % {"topic": session.topic}  # the image's accessible name (escaped)
        segno.make(sign_url(request, session), error="m").save(out, kind="svg", scale=8, border=2, title=title)
        response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
        response["Cache-Control"] = "private, no-store"
        return response


class AttendanceTickView(SessionMixin, View):
    def post(self, request, *args, **kwargs):
        session = self.session_to_change()
        ids = [i for i in (parse_id(v) for v in request.POST.getlist("present")) if i is not None]
        try:
            came, left = services.attendance_tick(user=request.user, session=session, present_ids=ids)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Attendance saved: %(came)s marked present, %(left)s unmarked.") % {"came": came, "left": left},
            )
        return redirect(session.get_absolute_url())


class MaterialAddView(SessionDetailView):
    """Adds a material; a refused file shows the session page again with the form's message."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        session = self.session_to_change()
        form = MaterialForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.material_add(
                    user=request.user, session=session, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The material is added."))
                return redirect(session.get_absolute_url())
        return self.render_to_response(self.get_context_data(material_form=form), status=400)


class MaterialFileView(TrainingMixin, View):
    def get(self, request, *args, **kwargs):
        material = get_object_or_404(
            Material.objects.visible_to(request.user).filter(session__hall=self.hall), pk=kwargs["pk"]
        )
        name = material.file.name.rsplit("/", 1)[-1]
        if name.endswith(".pdf"):
            return private_file_response(material.file, filename=name, download_as=f"{material.title}.pdf",
                                         content_type="application/pdf")  # fmt: skip
        return private_file_response(material.file, filename=f"material-{material.pk}")


class SignInView(TrainingMixin, TemplateView):
    """The page the QR code opens on a phone: the session, and the button that signs the user in."""

    template_name = "training/sign_in.html"

    def get_session(self) -> Session:
        data = read_token(self.kwargs["token"])
        if data is None or data.hall_id != self.hall.pk:
            raise Http404
        return get_object_or_404(
            Session.objects.visible_to(self.request.user).filter(hall=self.hall), pk=data.session_id
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        session = self.get_session()
        person = selectors.person_of(self.request.user, self.hall)
        ctx.update(session=session, person=person, now=timezone.now())
        if person is not None:
            ctx["attendance"] = session.attendances.filter(person=person, present=True).first()
        ctx["quiz"] = (
            Quiz.objects.visible_to(self.request.user)
            .filter(hall=self.hall, opens_at__lte=timezone.now(), closes_at__gte=timezone.now())
            .first()
        )
        return ctx

    def post(self, request, *args, **kwargs):
        self.get_session()
        try:
            services.attendance_sign(user=request.user, token=kwargs["token"])
        except ValidationError as error:
            ctx = self.get_context_data(error=" ".join(error.messages))
            return self.render_to_response(ctx, status=400)
        messages.success(request, _("You are signed in. Thank you for coming."))
        return redirect(request.path)


class CoverageView(TrainingMixin, TemplateView):
    template_name = "training/coverage.html"

    def get(self, request, *args, **kwargs):
        self.require_records()
        if request.GET.get("export") == "xlsx":
            rows = [(row.unit, p) for row in selectors.coverage(self.hall) for p in row.untrained]
            columns = [
                Column(_("Unit"), lambda r: r[0].name if r[0] else _("No unit"), 24),
                Column(_("Staff number"), lambda r: r[1].code),
                Column(_("Full name"), lambda r: r[1].name),
                Column(_("Post"), lambda r: r[1].title),
                Column(_("Has a login"), lambda r: r[1].user_id is not None, 10),
            ]
            title = _("Not yet trained")
            return xlsx_response(
                build_workbook([(title, columns, rows)]), export_filename(self.hall.display_name, title)
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = selectors.coverage(self.hall)
        ctx.update(
            rows=rows,
            people=sum(r.people for r in rows),
            trained=sum(r.trained for r in rows),
            untrained=sum(len(r.untrained) for r in rows),
        )
        return ctx


class QuizListView(TrainingMixin, TemplateView):
    template_name = "training/quiz_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        quizzes = Quiz.objects.visible_to(self.request.user).filter(hall=self.hall)
        person = selectors.person_of(self.request.user, self.hall)
        taken = (
            dict(QuizAttempt.objects.filter(person=person, quiz__in=quizzes).values_list("quiz_id", "score"))
            if person
            else {}
        )
        page = Paginator(quizzes, settings.HALLKEEPER_PAGE_SIZE).get_page(self.request.GET.get("page"))
        for quiz in page.object_list:
            quiz.my_score = taken.get(quiz.pk)
        ctx.update(page_obj=page, quizzes=page.object_list, now=timezone.now())
        return ctx


class QuizCreateView(TrainingMixin, TemplateView):
    template_name = "training/quiz_form.html"

    def get(self, request, *args, **kwargs):
        self.require_organizer()
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = QuizForm(initial={"opens_at": now, "closes_at": now + timezone.timedelta(days=7), "count": 10})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.require_organizer()
        form = QuizForm(request.POST)
        if form.is_valid():
            try:
                quiz = services.quiz_create(user=request.user, hall=self.hall, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The quiz is open for the dates given."))
                return redirect(quiz.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = reverse("training_quizzes", kwargs={"hall": self.hall.code})
        return ctx


class QuizView(TrainingMixin, TemplateView):
    """Take the quiz on a phone; after submitting, the score and the right answers."""

    template_name = "training/quiz_take.html"

    def get_quiz(self) -> Quiz:
        return get_object_or_404(
            Quiz.objects.visible_to(self.request.user).filter(hall=self.hall), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        quiz = kwargs.get("quiz") or self.get_quiz()
        person = selectors.person_of(self.request.user, self.hall)
        attempt = QuizAttempt.objects.filter(quiz=quiz, person=person).first() if person else None
        chosen = attempt.answers if attempt else kwargs.get("chosen", [])
        questions = []
        for i, q in enumerate(quiz.questions):
            mine = chosen[i] if i < len(chosen) else None
            questions.append(
                {
                    "number": i + 1,
                    "name": f"q{i}",
                    "text": quiz_rules.question_text(q),
                    "options": [
                        {"value": j, "label": label, "right": j == q["answer"], "mine": j == mine}
                        for j, label in enumerate(quiz_rules.option_labels(q))
                    ],
                }
            )
        now = timezone.now()
        ctx.update(
            quiz=quiz,
            person=person,
            attempt=attempt,
            questions=questions,
            is_open=quiz.opens_at <= now <= quiz.closes_at,
            not_yet=now < quiz.opens_at,
        )
        return ctx

    def post(self, request, *args, **kwargs):
        quiz = self.get_quiz()
        answers = []
        for i, _q in enumerate(quiz.questions):
            value = request.POST.get(f"q{i}", "")
            answers.append(int(value) if value.isdigit() and len(value) < 3 else None)
        try:
            attempt = services.quiz_submit(user=request.user, quiz=quiz, answers=answers)
        except ValidationError as error:
            ctx = self.get_context_data(quiz=quiz, chosen=answers, error=" ".join(error.messages))
            return self.render_to_response(ctx, status=400)
        messages.success(request, _("Your score: %(score)s (%(correct)s of %(total)s right).") % {
            "score": attempt.score, "correct": attempt.correct, "total": attempt.total,
        })  # fmt: skip
        return redirect(quiz.get_absolute_url())


class QuizResultsView(TrainingMixin, TemplateView):
    template_name = "training/quiz_results.html"

    def get_context_data(self, **kwargs):
        self.require_records()
        ctx = super().get_context_data(**kwargs)
        quiz = get_object_or_404(
            Quiz.objects.visible_to(self.request.user).filter(hall=self.hall), pk=self.kwargs["pk"]
        )
        ctx.update(
            quiz=quiz,
            rows=selectors.quiz_results(quiz),
            attempts=QuizAttempt.objects.visible_to(self.request.user).filter(quiz=quiz).select_related("person__unit"),
        )
        return ctx
