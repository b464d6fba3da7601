"""nbgrader settings of students' servers only.

A student's submission is filed under their hub user name. nbgrader would take the name of the
process's system account, which is the student's only with one system account per student
(LocalProcessSpawner); in containers every student is `jovyan` and on a test hub all are one.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)

if os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
