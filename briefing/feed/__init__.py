"""HTTP and feeds: fetch (httpx), refresh (lock, GET, validate, diff, install), targets (name /
URL / path), the types a refresh hands around, freshness and status lines, and where a copy
came from. No Textual.
"""
