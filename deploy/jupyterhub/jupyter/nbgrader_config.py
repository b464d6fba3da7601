"""nbgrader settings of every server the class's hub starts: students' and formgrader's.

The hub passes XBORDER_COURSE_ID and XBORDER_EXCHANGE; on a server set up by hand (docs/deploy.md)
this file is /etc/xborder/hub/jupyter/nbgrader_config.py.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = os.environ.get("XBORDER_COURSE_ID", "xborder")
c.Exchange.root = os.environ.get("XBORDER_EXCHANGE", "/srv/nbgrader/exchange")
# assignments live in ~/<course>/<level>/: the folder nbgitpuller fills, so that a student hands
# in the notebooks they worked on, and several courses on one hub never mix
c.Exchange.path_includes_course = True
# what a student hands in: the same files the course leaves out of a release (nbgrader_config.py
# of the course root; a test keeps the two lists equal), above all the exports/ folder the
# notebooks download data into
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "exports", ".*"]
