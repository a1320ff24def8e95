from django.apps import AppConfig


class WorkflowTestConfig(AppConfig):
    """A test-only app with one model that follows a workflow (installed in tests only)."""

    name = "yingji.core.tests.workflowapp"
    label = "workflowapp"
