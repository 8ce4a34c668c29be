"""Addresses of the coordination app's news pages (included by urls.py): the coordinators' pages of a
network, the members' pages of an organisation, and the public pages and Atom feed of a network."""

from django.urls import URLPattern, path

from opencaf.coordination.feeds import news_feed
from opencaf.coordination.views import news

NEWS = "network/<uuid:network_id>/news/"
NEWS_ITEM = NEWS + "<uuid:news_id>/"
PUBLIC_NEWS = "public/network/<uuid:network_id>/news/"
ORG_NEWS = "org/<uuid:org_id>/news/"

urlpatterns: list[URLPattern] = [
    path(NEWS, news.news_list, name="news"),
    path(NEWS + "new/", news.news_new, name="news_new"),
    path(NEWS_ITEM, news.news_item, name="news_item"),
    path(NEWS_ITEM + "edit/", news.news_edit, name="news_edit"),
    path(NEWS_ITEM + "publish/", news.news_publish, name="news_publish"),
    path(NEWS_ITEM + "unpublish/", news.news_unpublish, name="news_unpublish"),
    path(PUBLIC_NEWS, news.public_news, name="public_news"),
    path(PUBLIC_NEWS + "<uuid:news_id>/", news.public_news_item, name="public_news_item"),
    path(PUBLIC_NEWS + "feed/", news_feed, name="news_feed"),
    path(ORG_NEWS, news.org_news, name="org_news"),
    path(ORG_NEWS + "<uuid:news_id>/", news.org_news_item, name="org_news_item"),
]
