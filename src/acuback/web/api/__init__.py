"""The Acuback HTTP API (django-ninja), mounted at /api/: docs at /api/docs, schema at /api/openapi.json.

A face like the web pages: it fetches records through patients/access.py, calls the same services,
and writes the same audit trail (with ``via="api"``). Every refusal has one shape, see errors.py.
"""
