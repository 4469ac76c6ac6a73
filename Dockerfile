# The multi-machine image: one Python image for web (ASGI) and worker nodes, and an
# nginx image with the built frontend. See docker-compose.yml.
FROM node:20-bookworm-slim AS frontend-build
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM nginx:1.27-alpine AS frontend
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=frontend-build /app/frontend/dist /usr/share/nginx/html

FROM python:3.11-slim-bookworm AS backend
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir uv==0.13.8 \
 && uv pip install --system --no-cache --require-hashes -r requirements.lock
COPY backend/ backend/
COPY integrations/ integrations/
COPY --from=frontend-build /app/frontend/dist frontend/dist
RUN useradd --create-home dialogo
USER dialogo
EXPOSE 8000
CMD ["python", "backend/manage.py", "serve", "--host", "0.0.0.0", "--no-worker"]
