from django.urls import path

from supervisiondesk.quality.views import audits, feedback, self_assessment

app_name = "quality"
urlpatterns = [
    # Audits of records
    path("samples/", audits.samples, name="samples"),
    path("samples/draw/", audits.draw, name="sample_draw"),
    path("samples/<int:pk>/", audits.sample, name="sample"),
    path("samples/<int:pk>/complete/", audits.complete, name="sample_complete"),
    path("samples/<int:pk>/records/<int:session_pk>/", audits.grade, name="grade"),
    path(
        "samples/<int:pk>/records/<int:session_pk>/actions/",
        audits.action_add,
        name="grade_action_add",
    ),
    path("audits/results/", audits.results, name="audit_results"),
    # Supervisee feedback
    path("feedback/", feedback.mine, name="feedback_mine"),
    path("feedback/sessions/<int:pk>/", feedback.give, name="feedback_give"),
    path("feedback/<int:pk>/", feedback.response, name="feedback_response"),
    path("feedback/on-my-supervision/", feedback.on_my_supervision, name="feedback_on_me"),
    path("feedback/supervisors/", feedback.supervisors, name="feedback_supervisors"),
    # Self-assessment of the balance of functions
    path("self-assessments/", self_assessment.assessments, name="self_assessments"),
    path("self-assessments/new/", self_assessment.new, name="self_assessment_new"),
    path("self-assessments/<int:pk>/", self_assessment.detail, name="self_assessment"),
]
