from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.DecisionListView.as_view(), name="register"),
    path("decisions/<slug:slug>/", views.DecisionDetailView.as_view(), name="detail"),
]
