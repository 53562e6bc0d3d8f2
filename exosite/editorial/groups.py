"""The "Editors" group: staff who keep the content current, without superuser powers; and
the "Medical reviewers" group, the only people who can sign pages off.

Each app's migrations create the group and grant it exactly the permissions its editors
need (the migrations carry their own copy of that code, so they never change with this
module), and ``manage.py createeditor`` makes an account in it.
"""

EDITORS_GROUP = "Editors"
REVIEWERS_GROUP = "Medical reviewers"
