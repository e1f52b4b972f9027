import rules

from accounts.rules import is_admin, is_bkpsdm_staff, is_coaching_team

rules.add_perm("surveys.manage_surveys", is_coaching_team | is_admin)
rules.add_perm("surveys.view_results", is_bkpsdm_staff)
