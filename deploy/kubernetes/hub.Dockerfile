# The hub on Kubernetes, with formgrader and the course tools for the managed service
# (deploy/kubernetes/values.yaml). Build from the repository root:
#   docker build -f deploy/kubernetes/hub.Dockerfile -t registry.example.edu/xborder/hub:4.4.0-xborder .
# The course itself (sources, gradebook, submissions) lives on the xborder-course volume.

FROM python:3.11-slim AS wheel
COPY pyproject.toml README.md LICENSE /src/
COPY autograder /src/autograder
COPY datasets /src/datasets
RUN pip wheel --no-deps --wheel-dir /wheels /src

FROM quay.io/jupyterhub/k8s-hub:4.4.0
USER root
# git: `xborder release LEVEL --git /srv/xborder/handout` commits the hand-out from here
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
COPY deploy/jupyterhub/jupyter /etc/xborder/hub/jupyter
COPY --from=wheel /wheels /tmp/wheels
# the course tools and nbgrader (with JupyterLab), beside the image's own JupyterHub
RUN pip install --no-cache-dir /tmp/wheels/xborder-*.whl
USER jovyan
