"""The feedback form as a reader sends it."""

from __future__ import annotations

from django import forms

from feedback.protection import (
    MAX_LINKS,
    TokenProblem,
    page_of,
    too_many_links,
    without_contact_details,
)

MAX_COMMENT = 1000


class FeedbackForm(forms.Form):
    token = forms.CharField(max_length=600)
    helpful = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        error_messages={"required": "Please choose Yes or No."},
    )
    comment = forms.CharField(
        required=False,
        max_length=MAX_COMMENT,
        error_messages={
            "max_length": f"Please keep your comment under {MAX_COMMENT:,} characters "
            "(it has %(show_value)d)."
        },
    )
    # The trap: hidden from people, so only a script fills it in.
    website = forms.CharField(required=False)

    def is_trapped(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_token(self) -> str:
        try:
            return page_of(self.cleaned_data["token"])
        except TokenProblem as problem:
            raise forms.ValidationError(str(problem)) from None

    def clean_comment(self) -> str:
        lines = self.cleaned_data["comment"].splitlines()
        comment = "\n".join(" ".join(line.split()) for line in lines).strip()
        if too_many_links(comment):
            raise forms.ValidationError(
                f"Please include at most {MAX_LINKS} web addresses in your comment."
            )
        return without_contact_details(comment)

    @property
    def page(self) -> str:
        """The page the answer is about (once the form is valid)."""
        return self.cleaned_data["token"]
