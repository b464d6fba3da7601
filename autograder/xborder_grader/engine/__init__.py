"""The grading engine: scheduling (scheduler.py), grading workers (worker.py) and their kernels
(kernels.py), the gradebook (gradebook.py), the status of every notebook (status.py) and the
nbgrader preprocessors that grade one notebook (preprocessors/)."""
