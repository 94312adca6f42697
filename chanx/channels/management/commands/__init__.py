"""``generate_asyncapi_schema``."""
