"""Admin views of the community app's data."""

from django.contrib import admin

from opencaf.community.models import ForumCategory, GoodPractice, Post, PostReport, Thread


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin[GoodPractice]):
    list_display = ("pk", "organisation", "state", "audience", "published_at")
    list_filter = ("state", "audience")
    readonly_fields = ("public_id",)


@admin.register(ForumCategory)
class ForumCategoryAdmin(admin.ModelAdmin[ForumCategory]):
    list_display = ("pk", "network", "position")
    readonly_fields = ("public_id",)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin[Thread]):
    list_display = ("title", "network", "post_count", "last_post_at", "locked_at")
    readonly_fields = ("public_id",)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ("pk", "thread", "author", "created_at", "hidden_at")
    readonly_fields = ("public_id", "body_html")


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin[PostReport]):
    list_display = ("pk", "post", "outcome", "reported_at")
    list_filter = ("outcome",)
    readonly_fields = ("public_id",)
