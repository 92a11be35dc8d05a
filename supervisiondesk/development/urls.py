from django.urls import path

from supervisiondesk.development.views import (
    competency,
    cpd,
    observations,
    overview,
    plans,
    wellbeing,
)

app_name = "development"
urlpatterns = [
    path("", overview.mine, name="mine"),
    path("people/", overview.people, name="people"),
    path("people/<int:staff_pk>/", overview.person, name="person"),
    # Learning plan
    path("people/<int:staff_pk>/plan/", plans.plan, name="plan"),
    path("goals/<int:pk>/", plans.goal, name="goal"),
    path("goals/<int:pk>/review/", plans.goal_review, name="goal_review"),
    # Wellbeing and self-care plan
    path("people/<int:staff_pk>/wellbeing/", wellbeing.wellbeing, name="wellbeing"),
    # CPD log
    path("people/<int:staff_pk>/cpd/", cpd.log, name="cpd"),
    path("cpd/new/", cpd.new, name="cpd_new"),
    path("cpd/<int:pk>/", cpd.entry, name="cpd_entry"),
    # Competency self-assessment
    path("assessments/new/", competency.new, name="assessment_new"),
    path("assessments/<int:pk>/", competency.detail, name="assessment"),
    # Observed practice
    path("observations/new/", observations.new, name="observation_new"),
    path("observations/<int:pk>/", observations.detail, name="observation"),
    path("observations/<int:pk>/edit/", observations.edit, name="observation_edit"),
]
