from modeltranslation.translator import TranslationOptions, register

from opencaf.frameworks import models


@register(models.FrameworkVersion)
class FrameworkVersionTranslation(TranslationOptions):
    fields = ("name", "kind_enabler", "kind_result")


@register(models.Subcriterion)
class SubcriterionTranslation(TranslationOptions):
    fields = ("title", "guidance")


@register(models.Criterion)
@register(models.ScoringPanel)
@register(models.ProcessPhase)
class TitleTranslation(TranslationOptions):
    fields = ("title",)


@register(models.PanelBand)
class PanelBandTranslation(TranslationOptions):
    fields = ("meaning",)


@register(models.PanelDimension)
@register(models.ProcessStep)
class TitleDescriptionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(models.DimensionLevel)
class DimensionLevelTranslation(TranslationOptions):
    fields = ("text",)
