"""What a public page tells browsers and shared caches, with the default settings: keep it
a minute, serve it half a minute longer while fetching a new copy, and an hour longer if
the site answers with an error."""

PUBLIC_PAGE = "public, max-age=60, stale-while-revalidate=30, stale-if-error=3600"
