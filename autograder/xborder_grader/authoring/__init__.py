"""Tools for the people who write the course: the quality gate (gate.py), plausible wrong
answers (mutants.py), release leaks (leaks.py) and synthetic classes (synthetic.py)."""
