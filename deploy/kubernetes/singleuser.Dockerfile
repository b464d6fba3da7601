# Students' servers on Kubernetes (deploy/kubernetes/values.yaml). Build from the repository root:
#   docker build -f deploy/kubernetes/singleuser.Dockerfile -t registry.example.edu/xborder/singleuser:2026.12 .
# The course's notebooks are not in the image: only the packages the notebooks import
# (xborder_data, xborder_grader.checks), built as a wheel in a first stage so that no source
# notebook, solution or hidden test reaches a layer of this image.

FROM python:3.11-slim AS wheel
COPY pyproject.toml README.md LICENSE /src/
COPY autograder /src/autograder
COPY datasets /src/datasets
RUN pip wheel --no-deps --wheel-dir /wheels /src

FROM quay.io/jupyter/minimal-notebook:python-3.11
USER root
# the hand-out repository is written by the grader (uid 1001) and read by students (uid 1000)
RUN git config --system --add safe.directory /srv/xborder/handout/.git
COPY deploy/jupyterhub/jupyter /etc/xborder/hub/jupyter
COPY deploy/jupyterhub/student /etc/xborder/hub/student
COPY --from=wheel /wheels /tmp/wheels
USER ${NB_UID}
# jupyterhub-singleuser of the hub's version (chart 4.4: JupyterHub 5.5; the `hub` extra is for a
# server's own hub, JupyterHub 6), nbgitpuller for the hand-out
RUN pip install --no-cache-dir "jupyterhub==5.5.*" "nbgitpuller>=1.2" /tmp/wheels/xborder-*.whl
