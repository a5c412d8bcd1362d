"""Rectifications submitted before answers were given finding by finding.

A round on a notice with one finding becomes that finding's answer: its text and after-photos move to
the finding (the round keeps no remark). A round on a notice with several findings stays as it was: its
text is the round's overall remark and its photos stay on the round (``answer`` empty) — which photo
shows which finding was never said, so none is guessed; the notice page and the closing report show
them as the photos of the whole notice. Nothing is deleted. Going back moves single-finding answers to
their rounds again.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    NoticeResponse = apps.get_model("rectification", "NoticeResponse")
    NoticeItem = apps.get_model("rectification", "NoticeItem")
    FindingResponse = apps.get_model("rectification", "FindingResponse")
    ResponsePhoto = apps.get_model("rectification", "ResponsePhoto")
    answered = FindingResponse.objects.values("response_id")
    for response in NoticeResponse.objects.exclude(pk__in=answered).order_by("pk").iterator():
        items = list(NoticeItem.objects.filter(notice_id=response.notice_id).values_list("pk", flat=True)[:2])
        if len(items) != 1 or not response.text.strip():
            continue
        answer = FindingResponse.objects.create(response_id=response.pk, item_id=items[0], text=response.text)
        ResponsePhoto.objects.filter(response_id=response.pk, answer__isnull=True).update(answer_id=answer.pk)
        NoticeResponse.objects.filter(pk=response.pk).update(text="")


def backwards(apps, schema_editor):
    NoticeResponse = apps.get_model("rectification", "NoticeResponse")
    FindingResponse = apps.get_model("rectification", "FindingResponse")
    ResponsePhoto = apps.get_model("rectification", "ResponsePhoto")
    for response in NoticeResponse.objects.order_by("pk").iterator():
        answers = list(FindingResponse.objects.filter(response_id=response.pk).order_by("item__order", "pk"))
        if not answers:
            continue
        texts = [response.text.strip()] if response.text.strip() else []
        texts += [a.text for a in answers]
        NoticeResponse.objects.filter(pk=response.pk).update(text="\n".join(texts))
        ResponsePhoto.objects.filter(response_id=response.pk).update(answer_id=None)


class Migration(migrations.Migration):
    dependencies = [("rectification", "0002_answers_per_finding")]

    operations = [migrations.RunPython(forwards, backwards)]
