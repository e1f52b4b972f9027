"""What the reports app shows on the home page (core/panels.py)."""

from accounts.models import Role
from core.panels import panel
from reports import selectors


@panel("home", order=30, template="reports/home_panel.html")
def report_tasks(request):
    roles = request.user.roles
    if Role.TIM_COACHING not in roles and Role.KEPALA_BIDANG not in roles:
        return None
    tasks = selectors.report_tasks(request.user, decides=Role.KEPALA_BIDANG in roles)
    return {"report_tasks": tasks} if tasks else None
