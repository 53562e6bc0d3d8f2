from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.views import page_detail
from exosite import views
from exosite.editorial import markdown_editor
from exosite.editorial.admin import review_dashboard
from exosite.editorial.guards import link_check_all
from exosite.editorial.workflow_admin import editorial_dashboard
from exosite.feeds import ContentUpdatesFeed
from exosite.sitemaps import SITEMAPS
from exosite.web import health
from exosite.web.page_cache import public_page
from exosite.web.security import (
    ThrottledAdminAuthenticationForm,
    ThrottledPasswordChangeForm,
    throttled_status,
)

admin.site.site_header = "exosite editing"
admin.site.site_title = "exosite editing"
admin.site.index_title = "Content"
admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.login = throttled_status(admin.site.login)
admin.site.password_change_form = ThrottledPasswordChangeForm
admin.site.password_change = throttled_status(admin.site.password_change)

handler500 = "exosite.views.server_error"

urlpatterns = [
    path("", include("articles.urls")),
    path("faq/", include("faq.urls")),
    path("tools/", include("tools.urls")),
    path("feedback/", include("feedback.urls")),
    path("search/", views.search_page, name="search"),
    path("feed/", public_page(ContentUpdatesFeed()), name="feed"),
    path("sitemap.xml", public_page(sitemap, query=("p",)), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Browsers ask for /favicon.ico even when the page names an icon.
    path("favicon.ico", views.favicon),
    path(
        "admin/review-schedule/",
        admin.site.admin_view(review_dashboard),
        name="review_schedule",
    ),
    path("admin/links/", admin.site.admin_view(link_check_all), name="link_check"),
    path(
        "admin/editorial/",
        admin.site.admin_view(editorial_dashboard),
        name="editorial_dashboard",
    ),
    path("admin/", admin.site.urls),
    # The Markdown editor's endpoints, at the paths its script calls (MARKDOWNX_*_PATH).
    path("markdownx/markdownify/", markdown_editor.preview, name="markdownx_markdownify"),
    path("markdownx/upload/", markdown_editor.upload_image, name="markdownx_upload"),
    path("markdownx/images/", markdown_editor.image_library, name="markdownx_images"),
    path("healthz", health.check, name="health"),
    # Uploaded images. In production a web server or object store can serve MEDIA_ROOT
    # instead; served here they are still only files with random names.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media_file),
    path("about/reviewers/<slug:slug>/", views.reviewer, name="reviewer"),
    # The site's standing pages (/about/, /privacy/, …) last: any other address is matched
    # first.
    path("<slug:slug>/", page_detail, name="page"),
]

if settings.BENCHMARK_ENDPOINTS:
    urlpatterns.append(path("benchmark/floor/", views.benchmark_floor))
    urlpatterns.append(path("benchmark/cache/", views.benchmark_cache))
