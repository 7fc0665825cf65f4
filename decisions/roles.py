"""The office's roles and what each may do. Used by the data migration and by tests."""

DRAFTER = "Drafter"
BOARD_MEMBER = "Board member"
COMMISSIONER = "Commissioner"

_PARTS = [
    "decision",
    "section",
    "gatewayrow",
    "backgroundpaper",
    "annex",
    "decisionlink",
    "confidentialpart",
    "contact",
    "boardmeeting",
    "agendaitem",
    "forwardplanentry",
]

# Model permissions by role. Object-level rules (a board member sees only drafts
# on their boards' agendas; nobody edits a signed decision) are enforced in code.
ROLE_PERMISSIONS = {
    DRAFTER: [f"{action}_{model}" for model in _PARTS for action in ("add", "change", "view")]
    + [
        "delete_section",
        "delete_gatewayrow",
        "delete_backgroundpaper",
        "delete_annex",
        "delete_decisionlink",
        "delete_confidentialpart",
        "delete_agendaitem",
        "delete_forwardplanentry",
        "view_board",
        "view_signatory",
        "view_boardcomment",
        "view_amendment",
        "add_amendment",
        "draft_decision",
        # The office prepares the Panel's report; the Commissioner reads it.
        "add_panelreport",
        "view_panelreport",
    ],
    BOARD_MEMBER: ["view_decision", "view_boardmeeting", "view_agendaitem", "view_boardcomment",
                   "add_boardcomment", "comment_on_decision"],
    COMMISSIONER: [
        "view_decision",
        "view_section",
        "view_gatewayrow",
        "view_backgroundpaper",
        "view_annex",
        "view_decisionlink",
        "view_confidentialpart",
        "view_contact",
        "view_boardmeeting",
        "view_agendaitem",
        "view_boardcomment",
        "view_amendment",
        "view_signatory",
        "view_forwardplanentry",
        "view_panelreport",
        "sign_decision",
    ],
}  # fmt: skip


def ensure_groups(group_model, permission_model, *, models_to_come=()):
    """Create each role's group with exactly its permissions (models passed in, so a
    migration can give its historical ones). An early migration names the models that
    later ones add (`models_to_come`): their permissions are given when those run."""
    for role, codenames in ROLE_PERMISSIONS.items():
        codenames = [c for c in codenames if c.split("_", 1)[1] not in models_to_come]
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = permission_model.objects.filter(
            content_type__app_label="decisions", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Role {role} names unknown permissions: {sorted(missing)}")
        group.permissions.set(permissions)


def give_roles_in_migration(apps, *, models_to_come=()):
    """For a migration that adds a model a role uses: its permissions made now (Django
    makes them only after every migration), then each role's group given exactly its
    own."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_groups(
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Permission"),
        models_to_come=models_to_come,
    )
