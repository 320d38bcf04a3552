"""The pathway editing form: runs the pathway checks on every save and publish, and puts each
error on the question, answer or outcome it is about (Wagtail shows it on that block)."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import ListBlockValidationError, StreamBlockValidationError, StructBlockValidationError

from .pathways.graph import Graph
from .pathways.problems import Problem
from .pathways.validation import validate


class PathwayPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        questions, outcomes = cleaned_data.get("questions"), cleaned_data.get("outcomes")
        # The model's own check (for saves outside the admin) would only repeat these errors.
        self.instance._pathway_checked_by_form = True
        if questions is None or outcomes is None:
            return cleaned_data  # a block failed its own validation; Wagtail shows that first
        graph = Graph.from_streams(
            questions, outcomes, safeguarding_relevant=bool(cleaned_data.get("safeguarding_relevant"))
        )
        report = validate(graph)
        if not report.errors:
            return cleaned_data
        for stream, error in stream_errors(report.errors).items():
            self.add_error(stream, error)
        count = len(report.errors)
        self.add_error(
            None,
            [
                ValidationError(
                    f"This pathway has {count} problem{'s' if count != 1 else ''} to fix before it can be saved:"
                )
            ]
            + [
                ValidationError(f"{p.where.describe(graph).capitalize()}: {p.message}") for p in report.errors
            ],
        )
        return cleaned_data


def _one(messages: list[str]) -> ValidationError:
    return ValidationError(" ".join(dict.fromkeys(messages)))


def stream_errors(problems: list[Problem]) -> dict[str, StreamBlockValidationError]:
    """Group problems into the nested error structure Wagtail's StreamField widget displays."""
    # stream -> block index -> field -> item index -> item field -> messages
    tree: dict = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(list))))
    )
    stream_level: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        where = problem.where
        stream = where.stream or "questions"
        if where.index is None:
            stream_level[stream].append(problem.message)
            continue
        tree[stream][where.index][where.field or ""][where.item if where.item is not None else -1][
            where.item_field or ""
        ].append(problem.message)

    result = {}
    for stream in {*tree, *stream_level}:
        block_errors = {}
        for index, fields in tree[stream].items():
            struct_errors, non_block = {}, []
            for field_name, items in fields.items():
                if not field_name:
                    non_block.extend(
                        message for messages in items.values() for ms in messages.values() for message in ms
                    )
                    continue
                list_errors, list_non_block = {}, []
                for item, item_fields in items.items():
                    if item == -1:
                        list_non_block.extend(
                            message for messages in item_fields.values() for message in messages
                        )
                        continue
                    list_errors[item] = StructBlockValidationError(
                        block_errors={name: _one(messages) for name, messages in item_fields.items() if name},
                        non_block_errors=[m for name, ms in item_fields.items() if not name for m in ms]
                        or None,
                    )
                if list_errors:
                    struct_errors[field_name] = ListBlockValidationError(
                        block_errors=list_errors, non_block_errors=list_non_block or None
                    )
                elif list_non_block:
                    struct_errors[field_name] = _one(list_non_block)
            block_errors[index] = StructBlockValidationError(
                block_errors=struct_errors or None, non_block_errors=non_block or None
            )
        result[stream] = StreamBlockValidationError(
            block_errors=block_errors or None, non_block_errors=stream_level[stream] or None
        )
    return result
