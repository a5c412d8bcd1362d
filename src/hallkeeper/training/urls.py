"""The training pages, mounted under /h/<hall>/training/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.SessionListView.as_view(), name="training_list"),
    path("new/", views.SessionCreateView.as_view(), name="training_session_create"),
    path("<int:pk>/", views.SessionDetailView.as_view(), name="training_session"),
    path("<int:pk>/qr.svg", views.SessionQrView.as_view(), name="training_session_qr"),
    path("<int:pk>/attendance/", views.AttendanceTickView.as_view(), name="training_attendance"),
    path("<int:pk>/materials/", views.MaterialAddView.as_view(), name="training_material_add"),
    path("materials/<int:pk>/", views.MaterialFileView.as_view(), name="training_material"),
    path("sign/<str:token>/", views.SignInView.as_view(), name="training_sign"),
    path("coverage/", views.CoverageView.as_view(), name="training_coverage"),
    path("quizzes/", views.QuizListView.as_view(), name="training_quizzes"),
    path("quizzes/new/", views.QuizCreateView.as_view(), name="training_quiz_create"),
    path("quizzes/<int:pk>/", views.QuizView.as_view(), name="training_quiz"),
    path("quizzes/<int:pk>/results/", views.QuizResultsView.as_view(), name="training_quiz_results"),
]
