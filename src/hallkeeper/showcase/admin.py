"""Admin for the model window: read-only (designating it, its set-up photos and adopting one as the handbook's
picture go through Hallkeeper's own pages, whose services check the recorder and the photo and record each
step). Rows are scoped like every admin page (``visible_to``)."""

from django.contrib import admin

from hallkeeper.core.admin import ReadOnlyAdmin

from .models import ModelWindow, SetupPhoto


@admin.register(ModelWindow)
class ModelWindowAdmin(ReadOnlyAdmin):
    list_display = ["window", "hall", "is_current", "designated_by", "updated_at"]
    list_filter = ["is_current", "hall"]
    list_select_related = ["window", "hall", "designated_by"]


@admin.register(SetupPhoto)
class SetupPhotoAdmin(ReadOnlyAdmin):
    list_display = ["target_label", "kind", "model_window", "built_on", "built_by", "adopted_as"]
    list_filter = ["kind"]
    list_select_related = ["model_window__window", "built_by", "adopted_as"]
    search_fields = ["target_label", "target_key", "caption"]
